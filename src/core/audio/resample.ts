/**
 * Sample-rate conversion of a whole segment by a rational factor: a polyphase Kaiser-windowed sinc low-pass.
 *
 * Used so that feature extraction sees one internal rate whatever the device runs at (48 kHz, 44.1 kHz, 16 kHz):
 * a feature that is computed at one rate cannot drift with the frame, FFT and band sizes of another. The filter
 * cuts at 90 % of the lower of the two Nyquist frequencies and rejects ~80 dB by that Nyquist frequency plus half
 * the transition band (7.2 kHz and ~8.6 kHz going to 16 kHz), so a microphone's 8-24 kHz cannot fold into the
 * speech band. Tables are made once; `process` allocates only its output.
 */
import type { Hz } from '../units.ts';

export interface ResamplerParams {
  /** Cut-off as a fraction of the lower Nyquist frequency. */
  passFraction: number;
  /** Half-length of the filter in samples of the lower rate (longer: sharper cut-off, more cost). */
  halfLengthLow: number;
  /** Kaiser window beta: 8 gives ~80 dB stop-band rejection. */
  beta: number;
  /** Most phases tabled; a ratio needing more (an odd device rate) rounds each position to the nearest phase. */
  maxPhases: number;
}

export const DEFAULT_RESAMPLER_PARAMS: Readonly<ResamplerParams> = Object.freeze({
  passFraction: 0.9,
  halfLengthLow: 16,
  beta: 8,
  maxPhases: 512,
});

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for the betas used). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return sum;
}

export class Resampler {
  readonly inputRate: Hz;
  readonly outputRate: Hz;
  /** Output samples per `down` input samples (the rates' ratio in lowest terms). */
  private readonly up: number;
  private readonly down: number;
  /** Filter taps per output sample, and the phase table: phases x taps, row-major. */
  private readonly taps: number;
  private readonly half: number;
  private readonly phases: number;
  private readonly table: Float64Array;

  constructor(inputRate: Hz, outputRate: Hz, params: Partial<ResamplerParams> = {}) {
    const p = { ...DEFAULT_RESAMPLER_PARAMS, ...params };
    // Rates are whole Hz in practice (AudioContext reports e.g. 44100); a fractional one is rounded, which moves
    // positions by far less than a sample over a segment.
    const inRate = Math.round(inputRate);
    const outRate = Math.round(outputRate);
    if (!(inRate > 0) || !(outRate > 0)) throw new Error(`bad sample rates ${inputRate} -> ${outputRate}`);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    // Everything below is in input samples: the low-pass sits under the lower of the two Nyquist frequencies.
    const scale = Math.min(1, outRate / inRate);
    const cutoff = 0.5 * p.passFraction * scale;
    this.half = Math.ceil(p.halfLengthLow / scale);
    this.taps = 2 * this.half;
    this.phases = Math.min(this.up, p.maxPhases);
    this.table = new Float64Array(this.phases * this.taps);
    const norm = besselI0(p.beta);
    for (let ph = 0; ph < this.phases; ph++) {
      const frac = ph / this.phases;
      let sum = 0;
      for (let k = 0; k < this.taps; k++) {
        // Tap k weighs input sample (position's integer part) - half + 1 + k.
        const u = k - this.half + 1 - frac;
        const r = u / this.half;
        const w = Math.abs(r) >= 1 ? 0 : besselI0(p.beta * Math.sqrt(1 - r * r)) / norm;
        const sinc = u === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * u) / (Math.PI * u);
        const v = sinc * w;
        this.table[ph * this.taps + k] = v;
        sum += v;
      }
      // Unit gain at DC in every phase, so that no phase imprints a ripple at the output rate.
      for (let k = 0; k < this.taps; k++)
        this.table[ph * this.taps + k] = (this.table[ph * this.taps + k] as number) / sum;
    }
  }

  /** Output samples for `inputLength` input samples. */
  outputLength(inputLength: number): number {
    return Math.floor((inputLength * this.up) / this.down);
  }

  /**
   * One segment at the output rate: output sample n is the input at time n / outputRate (zeros assumed outside
   * the segment), so frame times mean the same before and after.
   */
  process(input: ArrayLike<number>): Float32Array {
    const { up, down, taps, half, phases, table } = this;
    const length = input.length;
    // The same rate: a copy, not a low-passed one, so that a 16 kHz device gets exactly its own samples.
    if (up === down) return Float32Array.from(input);
    const out = new Float32Array(this.outputLength(length));
    for (let o = 0; o < out.length; o++) {
      const num = o * down;
      let i = Math.floor(num / up);
      let ph = num - i * up;
      if (phases !== up) {
        ph = Math.round((ph * phases) / up);
        if (ph === phases) {
          ph = 0;
          i++;
        }
      }
      const first = i - half + 1;
      const base = ph * taps;
      const from = Math.max(0, -first);
      const to = Math.min(taps, length - first);
      let s = 0;
      for (let k = from; k < to; k++) s += (table[base + k] as number) * (input[first + k] as number);
      out[o] = s;
    }
    return out;
  }
}
