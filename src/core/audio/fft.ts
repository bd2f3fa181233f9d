/**
 * A small radix-2 FFT for spectral features (voiceprint, echo suppression).
 *
 * Pure and allocation-free after construction: tables and work buffers are made once, so it can run inside an
 * AudioWorklet's process() call. Power spectra only; the phase is never needed here.
 */

/** The smallest power of two that is at least `n`. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** A periodic Hann window of `length` samples (sums smoothly under 50 % overlap). */
export function hannWindow(length: number): Float64Array {
  const w = new Float64Array(length);
  for (let i = 0; i < length; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
  return w;
}

export class Fft {
  /** Transform size, a power of two. */
  readonly size: number;
  /** Number of bins in a one-sided power spectrum: size / 2 + 1. */
  readonly bins: number;
  private readonly cosTable: Float64Array;
  private readonly sinTable: Float64Array;
  private readonly bitReverse: Uint32Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(size: number) {
    if (size < 2 || nextPowerOfTwo(size) !== size)
      throw new Error(`FFT size must be a power of two, got ${size}`);
    this.size = size;
    this.bins = size / 2 + 1;
    this.cosTable = new Float64Array(size / 2);
    this.sinTable = new Float64Array(size / 2);
    for (let i = 0; i < size / 2; i++) {
      this.cosTable[i] = Math.cos((2 * Math.PI * i) / size);
      this.sinTable[i] = -Math.sin((2 * Math.PI * i) / size);
    }
    this.bitReverse = new Uint32Array(size);
    const bits = Math.log2(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.bitReverse[i] = r;
    }
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
  }

  /**
   * One-sided power spectrum |X[k]|^2 of `input[start .. start + length)` times `window` (zero-padded to the
   * transform size). `window` must have `length` entries; `out` must have `bins` entries.
   */
  powerSpectrum(
    input: ArrayLike<number>,
    start: number,
    length: number,
    window: ArrayLike<number>,
    out: Float64Array,
  ): Float64Array {
    const { re, im, size, bitReverse } = this;
    re.fill(0);
    im.fill(0);
    const n = Math.min(length, size);
    for (let i = 0; i < n; i++) {
      re[bitReverse[i] as number] = (input[start + i] ?? 0) * (window[i] ?? 0);
    }
    this.butterflies();
    for (let k = 0; k < this.bins; k++) {
      const a = re[k] as number;
      const b = im[k] as number;
      out[k] = a * a + b * b;
    }
    return out;
  }

  /** In-place iterative Cooley-Tukey over the bit-reversed work buffers. */
  private butterflies(): void {
    const { re, im, size, cosTable, sinTable } = this;
    for (let half = 1; half < size; half *= 2) {
      const step = size / (2 * half);
      for (let start = 0; start < size; start += 2 * half) {
        for (let j = 0; j < half; j++) {
          const wr = cosTable[j * step] as number;
          const wi = sinTable[j * step] as number;
          const p = start + j;
          const q = p + half;
          const qr = re[q] as number;
          const qi = im[q] as number;
          const tr = wr * qr - wi * qi;
          const ti = wr * qi + wi * qr;
          const pr = re[p] as number;
          const pi = im[p] as number;
          re[q] = pr - tr;
          im[q] = pi - ti;
          re[p] = pr + tr;
          im[p] = pi + ti;
        }
      }
    }
  }
}

/**
 * Triangular mel-spaced bands over [minHz, maxHz], as a sparse list of (bin, weight) per band, for a one-sided
 * spectrum of an FFT of `fftSize` at `sampleRate`. Bands above the Nyquist frequency are clipped to it.
 */
export interface MelBank {
  bands: number;
  /** Per band: first bin index. */
  start: Uint32Array;
  /** Per band: weights for bins start, start + 1, ... */
  weights: Float64Array[];
}

export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

export function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

export function melBank(
  bands: number,
  minHz: number,
  maxHz: number,
  fftSize: number,
  sampleRate: number,
): MelBank {
  const nyquist = sampleRate / 2;
  const top = Math.min(maxHz, nyquist);
  const lo = hzToMel(minHz);
  const hi = hzToMel(top);
  const edges: number[] = [];
  for (let i = 0; i < bands + 2; i++) edges.push(melToHz(lo + ((hi - lo) * i) / (bands + 1)));
  const binHz = sampleRate / fftSize;
  const start = new Uint32Array(bands);
  const weights: Float64Array[] = [];
  for (let b = 0; b < bands; b++) {
    const left = edges[b] as number;
    const centre = edges[b + 1] as number;
    const right = edges[b + 2] as number;
    const first = Math.max(0, Math.floor(left / binHz));
    const last = Math.min(fftSize / 2, Math.ceil(right / binHz));
    const w = new Float64Array(last - first + 1);
    let sum = 0;
    for (let k = first; k <= last; k++) {
      const f = k * binHz;
      let v = 0;
      if (f > left && f <= centre) v = (f - left) / (centre - left);
      else if (f > centre && f < right) v = (right - f) / (right - centre);
      w[k - first] = v;
      sum += v;
    }
    // A band narrower than one bin still takes the nearest bin, so no band is ever empty.
    if (sum === 0) {
      const k = Math.min(fftSize / 2, Math.round(centre / binHz));
      start[b] = k;
      weights.push(new Float64Array([1]));
      continue;
    }
    start[b] = first;
    weights.push(w);
  }
  return { bands, start, weights };
}

/** Applies a mel bank to a power spectrum, writing band energies into `out`. */
export function applyMelBank(bank: MelBank, power: Float64Array, out: Float64Array): Float64Array {
  for (let b = 0; b < bank.bands; b++) {
    const w = bank.weights[b] as Float64Array;
    const s = bank.start[b] as number;
    let e = 0;
    for (let i = 0; i < w.length; i++) e += (w[i] as number) * (power[s + i] ?? 0);
    out[b] = e;
  }
  return out;
}
