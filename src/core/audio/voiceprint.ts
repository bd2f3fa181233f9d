/**
 * Voiceprint: the spectral features a speaker model needs, from a short segment of samples.
 *
 * Per 10 ms frame: mel-frequency cepstral coefficients c1..cN (the shape of the spectral envelope, i.e. the
 * vocal tract; c0, the loudness, is left out so a soft and a loud utterance of one voice look alike), and the
 * fundamental frequency as log2(F0) where a confident pitch is found (YIN, searched only over the pitch range, since
 * pitchy's McLeod method, tried first, returned spurious 25-30 Hz periods with high clarity on these 40 ms windows). Frames much
 * softer than the segment's loudest frame are dropped, so the silence around a vocalisation does not dilute it.
 *
 * Pitch alone cannot tell a 15-year-old learner from a female practitioner; the cepstra carry the vocal tract,
 * which differs by size and by person. The band is limited to `maxHz` (5 kHz by default) so that the features do
 * not depend on a microphone's top octave.
 *
 * Every segment is first resampled to one internal rate (`analysisRateHz`, 16 kHz) behind an anti-alias low-pass,
 * and all of the above runs there: with frames, FFT bins, band edges and pitch lags sized at the device's rate,
 * the same voice gave different features at 48 kHz than at 16 kHz, and a model enrolled and tested at 48 kHz
 * lost the hard pairs (0.857-0.893 on one seed set, against 0.929-0.964 at 16 kHz). One rate also makes a stored
 * model valid on any device, and costs less at 48 kHz than analysing there did.
 */
import type { Dbfs, Hz, Ms } from '../units.ts';
import { applyMelBank, Fft, hannWindow, type MelBank, melBank, nextPowerOfTwo } from './fft.ts';
import { Resampler } from './resample.ts';

export interface VoiceprintParams {
  /**
   * The rate every segment is resampled to before any feature is taken. 16 kHz: the band used (80 Hz-5 kHz, the
   * pitch range up to 1.5 kHz) needs no more, YIN's cost grows with the square of the rate, and at 8 kHz the hard
   * pairs lost a segment or two (coarser pitch lags). Part of a stored model's features, so a model made with
   * another internal rate is recognised.
   */
  analysisRateHz: Hz;
  /** Analysis window for the spectrum. */
  windowMs: Ms;
  /** Frame step. */
  hopMs: Ms;
  /** Integration window of the pitch estimator (the lag range of the lowest pitch is added to it). */
  pitchWindowMs: Ms;
  /** Number of mel bands. */
  melBands: number;
  /** Lowest band edge. */
  minHz: Hz;
  /**
   * Highest band edge (clipped to the Nyquist frequency). 5 kHz, not 4: the 4-5 kHz band holds the upper formants,
   * which follow the length of the vocal tract more than the sound being made, and are what is left to tell a
   * 15-year-old from a woman of the same pitch. Over 6 enrolment rooms the hard pairs went from 0.902 / 0.893 to
   * 0.926 / 0.920 at 16 kHz (4.5 and 5.5 kHz: between the two); still far below any microphone's top octave.
   */
  maxHz: Hz;
  /** Cepstral coefficients kept per frame (c1..cN). */
  cepstra: number;
  /** Frames more than this many dB below the segment's loudest frame are dropped. */
  gateDb: number;
  /** Frames below this level are dropped whatever the segment. */
  minFrameDbfs: Dbfs;
  /** Pitch search range. */
  minPitchHz: Hz;
  maxPitchHz: Hz;
  /**
   * YIN threshold: a frame's pitch is used when its cumulative-mean-normalised difference is below this. 0.3, not
   * YIN's usual 0.1-0.2: the room noise under a soft voice (14 dB under its peak) fills the dip, and at 0.2
   * soft segments had a pitch in 0-5 % of their frames, so the pitch model could not help where it is most needed.
   */
  pitchThreshold: number;
  /**
   * Octave check: the first dip under `pitchThreshold` is at half the period when the voice's second harmonic is
   * strong (a high threshold lets that dip through), and a real adult's enrolment then read 170 Hz speech as
   * 520-580 Hz. When the dip at twice the lag is deeper than this share of the first one, twice the lag is the
   * period. 0 turns the check off (the default, which the older mixture model of attribution.ts was tuned
   * with); the whose-voice feature turns it on (whoseVoice.ts, FEATURE_EXTRACTION).
   */
  octaveDipRatio: number;
}

export const DEFAULT_VOICEPRINT_PARAMS: Readonly<VoiceprintParams> = Object.freeze({
  analysisRateHz: 16000,
  windowMs: 25,
  hopMs: 10,
  pitchWindowMs: 25,
  melBands: 26,
  minHz: 80,
  maxHz: 5000,
  cepstra: 16,
  gateDb: 30,
  minFrameDbfs: -70,
  minPitchHz: 60,
  maxPitchHz: 1500,
  pitchThreshold: 0.3,
  octaveDipRatio: 0,
});

/** The frames of one segment that carry voice: cepstra and pitch, frame by frame. */
export interface Voiceprint {
  /** Number of frames kept. */
  frames: number;
  /** Values per frame in `cepstra`. */
  dim: number;
  /** frames x dim, row-major: c1..cN per frame. */
  cepstra: Float64Array;
  /** log2(F0 in Hz) per frame; NaN where no confident pitch was found. */
  logPitch: Float64Array;
  /** Length of the analysed samples. */
  durationMs: Ms;
}

export class VoiceprintExtractor {
  readonly params: Readonly<VoiceprintParams>;
  /** The rate of the samples given to `extract` (the device's). */
  readonly sampleRate: Hz;
  /** The rate the features are taken at; null when the device already runs at it. */
  private readonly resampler: Resampler | null;
  private readonly windowLength: number;
  private readonly hop: number;
  private readonly fft: Fft;
  private readonly window: Float64Array;
  private readonly bank: MelBank;
  private readonly dct: Float64Array;
  private readonly power: Float64Array;
  private readonly mel: Float64Array;
  private readonly pitchWindow: number;
  private readonly minLag: number;
  private readonly maxLag: number;
  private readonly difference: Float64Array;

  constructor(sampleRate: Hz, params: Partial<VoiceprintParams> = {}) {
    this.params = { ...DEFAULT_VOICEPRINT_PARAMS, ...params };
    const p = this.params;
    this.sampleRate = sampleRate;
    const rate = p.analysisRateHz;
    this.resampler = Math.round(sampleRate) === Math.round(rate) ? null : new Resampler(sampleRate, rate);
    this.windowLength = Math.round((p.windowMs * rate) / 1000);
    this.hop = Math.round((p.hopMs * rate) / 1000);
    this.fft = new Fft(nextPowerOfTwo(this.windowLength));
    this.window = hannWindow(this.windowLength);
    this.bank = melBank(p.melBands, p.minHz, p.maxHz, this.fft.size, rate);
    this.power = new Float64Array(this.fft.bins);
    this.mel = new Float64Array(p.melBands);
    // DCT-II rows 1..cepstra (orthonormal scaling).
    this.dct = new Float64Array(p.cepstra * p.melBands);
    const scale = Math.sqrt(2 / p.melBands);
    for (let c = 0; c < p.cepstra; c++) {
      for (let b = 0; b < p.melBands; b++) {
        this.dct[c * p.melBands + b] = scale * Math.cos((Math.PI * (c + 1) * (b + 0.5)) / p.melBands);
      }
    }
    this.pitchWindow = Math.round((p.pitchWindowMs * rate) / 1000);
    this.minLag = Math.max(2, Math.floor(rate / p.maxPitchHz));
    this.maxLag = Math.ceil(rate / p.minPitchHz);
    this.difference = new Float64Array(this.maxLag + 2);
  }

  /** Features of one segment at `sampleRate` (any length; shorter than one window yields no frames). */
  extract(input: Float32Array): Voiceprint {
    const p = this.params;
    const samples = this.resampler === null ? input : this.resampler.process(input);
    const count =
      samples.length >= this.windowLength
        ? 1 + Math.floor((samples.length - this.windowLength) / this.hop)
        : 0;
    const all = new Float64Array(count * p.cepstra);
    const levels = new Float64Array(count);
    let loudest = -Infinity;
    // Window energy of a full-scale sine, so that levels read as dBFS of the windowed frame.
    let windowEnergy = 0;
    for (let i = 0; i < this.windowLength; i++) windowEnergy += (this.window[i] as number) ** 2;
    for (let f = 0; f < count; f++) {
      const start = f * this.hop;
      let ms = 0;
      for (let i = 0; i < this.windowLength; i++) {
        const v = (samples[start + i] as number) * (this.window[i] as number);
        ms += v * v;
      }
      const db = 10 * Math.log10(ms / windowEnergy + 1e-20);
      levels[f] = db;
      if (db > loudest) loudest = db;
      this.fft.powerSpectrum(samples, start, this.windowLength, this.window, this.power);
      applyMelBank(this.bank, this.power, this.mel);
      for (let b = 0; b < p.melBands; b++) this.mel[b] = Math.log((this.mel[b] as number) + 1e-10);
      for (let c = 0; c < p.cepstra; c++) {
        let s = 0;
        for (let b = 0; b < p.melBands; b++)
          s += (this.dct[c * p.melBands + b] as number) * (this.mel[b] as number);
        all[f * p.cepstra + c] = s;
      }
    }
    const keep: number[] = [];
    for (let f = 0; f < count; f++) {
      const db = levels[f] as number;
      if (db >= loudest - p.gateDb && db >= p.minFrameDbfs) keep.push(f);
    }
    const cepstra = new Float64Array(keep.length * p.cepstra);
    const logPitch = new Float64Array(keep.length);
    for (let k = 0; k < keep.length; k++) {
      const f = keep[k] as number;
      cepstra.set(all.subarray(f * p.cepstra, (f + 1) * p.cepstra), k * p.cepstra);
      logPitch[k] = this.pitchAt(samples, f * this.hop + this.windowLength / 2);
    }
    return {
      frames: keep.length,
      dim: p.cepstra,
      cepstra,
      logPitch,
      durationMs: (input.length * 1000) / this.sampleRate,
    };
  }

  /**
   * log2 F0 around sample `centre` by YIN (de Cheveigné & Kawahara 2002): the cumulative-mean-normalised
   * difference function over lags of the pitch range, first dip below the threshold, parabolic refinement.
   * NaN when no lag is periodic enough.
   */
  private pitchAt(samples: ArrayLike<number>, centre: number): number {
    const p = this.params;
    const w = this.pitchWindow;
    const start = Math.round(centre - (w + this.maxLag) / 2);
    if (start < 0 || start + w + this.maxLag + 1 > samples.length) return Number.NaN;
    const d = this.difference;
    let running = 0;
    d[0] = 1;
    // The difference function is built lag by lag and stops one lag past the first dip's minimum: a voiced frame
    // needs only the lags up to its period, a third of the range or less for most voices.
    let best = -1;
    let dip = -1;
    for (let lag = 1; lag <= this.maxLag + 1; lag++) {
      const s = squaredDifference(samples, start, w, lag);
      running += s;
      const v = running > 0 ? (s * lag) / running : 1;
      d[lag] = v;
      if (dip >= 0) {
        if (lag <= this.maxLag && v < (d[dip] as number)) dip = lag;
        else {
          best = dip;
          break;
        }
      } else if (lag >= this.minLag && lag <= this.maxLag && v < p.pitchThreshold) dip = lag;
    }
    if (best < 0) return Number.NaN;
    if (p.octaveDipRatio > 0) {
      // Fill the difference function on to just past three times the lag (or the range's end), then take the
      // smallest multiple of the lag with a dip much deeper than the first one.
      const first = best;
      const end = Math.min(this.maxLag + 1, 3 * first + 1);
      for (let lag = first + 2; lag <= end; lag++) {
        const s = squaredDifference(samples, start, w, lag);
        running += s;
        d[lag] = running > 0 ? (s * lag) / running : 1;
      }
      for (let k = 2; k <= 3 && k * first + 1 <= end; k++) {
        let m = k * first - 1;
        for (let lag = k * first; lag <= k * first + 1; lag++)
          if ((d[lag] as number) < (d[m] as number)) m = lag;
        if ((d[m] as number) < p.octaveDipRatio * (d[first] as number)) {
          best = m;
          break;
        }
      }
    }
    const a = d[best - 1] as number;
    const b = d[best] as number;
    const c = d[best + 1] as number;
    const denom = a - 2 * b + c;
    const shift = denom > 0 ? (0.5 * (a - c)) / denom : 0;
    const hz = this.params.analysisRateHz / (best + Math.max(-0.5, Math.min(0.5, shift)));
    if (!(hz >= p.minPitchHz) || !(hz <= p.maxPitchHz)) return Number.NaN;
    return Math.log2(hz);
  }
}

/** YIN's difference at one lag: the squared difference of `w` samples from `start` and the same `lag` later. */
function squaredDifference(samples: ArrayLike<number>, start: number, w: number, lag: number): number {
  let s = 0;
  for (let i = 0; i < w; i++) {
    const diff = (samples[start + i] as number) - (samples[start + i + lag] as number);
    s += diff * diff;
  }
  return s;
}

/** Joins several voiceprints (e.g. the utterances of one enrolment) into one. */
export function concatVoiceprints(prints: readonly Voiceprint[]): Voiceprint {
  const dim = prints[0]?.dim ?? 0;
  let frames = 0;
  let durationMs = 0;
  for (const v of prints) {
    if (v.dim !== dim) throw new Error('voiceprints of different dimensions');
    frames += v.frames;
    durationMs += v.durationMs;
  }
  const cepstra = new Float64Array(frames * dim);
  const logPitch = new Float64Array(frames);
  let at = 0;
  for (const v of prints) {
    cepstra.set(v.cepstra, at * dim);
    logPitch.set(v.logPitch, at);
    at += v.frames;
  }
  return { frames, dim, cepstra, logPitch, durationMs };
}

/** Pitch statistics of a voiceprint: median and spread of F0 over the frames with a pitch. */
export function pitchSummary(v: Voiceprint): {
  voicedFraction: number;
  medianHz: Hz | null;
  iqrOctaves: number;
} {
  const values: number[] = [];
  for (let i = 0; i < v.frames; i++) {
    const lp = v.logPitch[i] as number;
    if (!Number.isNaN(lp)) values.push(lp);
  }
  if (values.length === 0) return { voicedFraction: 0, medianHz: null, iqrOctaves: 0 };
  values.sort((a, b) => a - b);
  const q = (x: number) => values[Math.min(values.length - 1, Math.floor(x * values.length))] as number;
  return {
    voicedFraction: values.length / Math.max(1, v.frames),
    medianHz: 2 ** q(0.5),
    iqrOctaves: q(0.75) - q(0.25),
  };
}
