import type { Hz, Unit } from '../units.ts';
import { Biquad } from './level.ts';

/**
 * Pitch (F0) by the McLeod Pitch Method (McLeod & Wyvill 2005, "A smarter way to find pitch"): the normalised
 * square difference function of one window, its first key maximum above `keyThreshold` of the highest, refined
 * by a parabola. Written here rather than taken from pitchy (which implements the same method with an FFT)
 * because pitchy allocates on every call (its peak list and result tuple) and this runs in an AudioWorklet;
 * scripts/bench-audio.ts measures both on the same recordings.
 */
export interface PitchResult {
  pitchHz: Hz | null;
  /** The NSDF value at the chosen peak: 1 for a perfectly periodic window. */
  clarity: Unit;
}

export interface PitchParams {
  minHz: Hz;
  maxHz: Hz;
  /** MPM's k: the first key maximum at least this fraction of the highest one is the period (paper: 0.8..1). */
  keyThreshold: number;
}

/** Children's voices: adult male speech reaches down to ~70 Hz; a child's squeal can pass 1.5 kHz. */
export const DEFAULT_PITCH_PARAMS: PitchParams = { minHz: 60, maxHz: 2000, keyThreshold: 0.9 };

export class McLeodPitch {
  private readonly nsdf: Float32Array;
  private readonly minLag: number;
  private readonly maxLag: number;
  readonly result: PitchResult = { pitchHz: null, clarity: 0 };

  constructor(
    private readonly sampleRate: Hz,
    readonly windowLength: number,
    private readonly params: PitchParams = DEFAULT_PITCH_PARAMS,
  ) {
    this.maxLag = Math.min(Math.floor(windowLength / 2), Math.ceil(sampleRate / params.minHz));
    this.minLag = Math.max(1, Math.floor(sampleRate / params.maxHz));
    this.nsdf = new Float32Array(this.maxLag + 2);
  }

  /**
   * The parabola-interpolated NSDF peak height at integer lag `tau`. At ~8 kHz a squeal's period is a few
   * samples, so the sampled peak can sit well under the true one, and comparing raw samples picks the octave below.
   */
  private peakAt(tau: number): number {
    const y1 = this.nsdf[tau] ?? 0;
    const y0 = this.nsdf[tau - 1] ?? y1;
    const y2 = this.nsdf[tau + 1] ?? y1;
    const denom = y0 - 2 * y1 + y2;
    if (denom >= 0) return y1;
    const d = (0.5 * (y0 - y2)) / denom;
    return y1 - 0.25 * (y0 - y2) * d;
  }

  /** Analyses `x[0..windowLength)`. Returns the shared `result` object (overwritten on the next call). */
  detect(x: ArrayLike<number>): PitchResult {
    const w = this.windowLength;
    const nsdf = this.nsdf;
    const res = this.result;
    res.pitchHz = null;
    res.clarity = 0;
    let m = 0;
    for (let j = 0; j < w; j++) {
      const v = x[j] ?? 0;
      m += v * v;
    }
    m *= 2;
    if (m < 1e-12) return res;
    const top = Math.min(this.maxLag + 1, w - 1);
    nsdf[0] = 1;
    for (let tau = 1; tau <= top; tau++) {
      const a = x[tau - 1] ?? 0;
      const b = x[w - tau] ?? 0;
      m -= a * a + b * b;
      let r = 0;
      const n = w - tau;
      for (let j = 0; j < n; j++) r += (x[j] ?? 0) * (x[j + tau] ?? 0);
      nsdf[tau] = m > 1e-12 ? (2 * r) / m : 0;
    }
    // Key maxima: the highest point of each positive region after the zero-lag lobe has gone negative.
    let bestTau = -1;
    let bestVal = 0;
    let globalMax = 0;
    // First pass for the global maximum among key maxima.
    let tau = 1;
    while (tau <= top && (nsdf[tau] ?? 0) > 0) tau++;
    const firstNeg = tau;
    let regionMaxTau = -1;
    let regionMaxVal = 0;
    for (tau = firstNeg; tau <= top; tau++) {
      const v = nsdf[tau] ?? 0;
      if (v > 0) {
        if (v > regionMaxVal) {
          regionMaxVal = v;
          regionMaxTau = tau;
        }
      } else if (regionMaxTau >= 0) {
        if (regionMaxTau >= this.minLag && regionMaxTau <= this.maxLag)
          globalMax = Math.max(globalMax, this.peakAt(regionMaxTau));
        regionMaxTau = -1;
        regionMaxVal = 0;
      }
    }
    if (regionMaxTau >= this.minLag && regionMaxTau <= this.maxLag)
      globalMax = Math.max(globalMax, this.peakAt(regionMaxTau));
    if (globalMax <= 0) return res;
    const cut = this.params.keyThreshold * globalMax;
    regionMaxTau = -1;
    regionMaxVal = 0;
    for (tau = firstNeg; tau <= top + 1; tau++) {
      const v = tau <= top ? (nsdf[tau] ?? 0) : -1;
      if (v > 0) {
        if (v > regionMaxVal) {
          regionMaxVal = v;
          regionMaxTau = tau;
        }
      } else if (regionMaxTau >= 0) {
        if (regionMaxTau >= this.minLag && regionMaxTau <= this.maxLag && this.peakAt(regionMaxTau) >= cut) {
          bestTau = regionMaxTau;
          bestVal = regionMaxVal;
          break;
        }
        regionMaxTau = -1;
        regionMaxVal = 0;
      }
    }
    if (bestTau < 0) return res;
    // Parabolic interpolation around the peak for a sub-sample period.
    const y0 = nsdf[bestTau - 1] ?? bestVal;
    const y2 = nsdf[bestTau + 1] ?? bestVal;
    const denom = y0 - 2 * bestVal + y2;
    let period = bestTau;
    let peak = bestVal;
    if (denom < 0) {
      const d = (0.5 * (y0 - y2)) / denom;
      period = bestTau + d;
      peak = bestVal - 0.25 * (y0 - y2) * d;
    }
    const f = this.sampleRate / period;
    if (f < this.params.minHz || f > this.params.maxHz) return res;
    res.pitchHz = f;
    res.clarity = Math.min(1, Math.max(0, peak));
    return res;
  }
}

/**
 * Low-pass (4th-order Butterworth, two biquads) and keep every `factor`-th sample, so that pitch runs at
 * ~7-8 kHz whatever the input rate: a 2 kHz squeal still has four samples a period, and the NSDF costs a
 * sixth of what it would at 48 kHz.
 */
export class Decimator {
  readonly factor: number;
  readonly outputRate: Hz;
  private readonly lp1: Biquad | null;
  private readonly lp2: Biquad | null;
  private phase = 0;

  constructor(inputRate: Hz, targetRate: Hz = 7000) {
    this.factor = Math.max(1, Math.floor(inputRate / targetRate));
    this.outputRate = inputRate / this.factor;
    if (this.factor > 1) {
      const cutoff = 0.42 * this.outputRate;
      // Butterworth 4th order as two sections with Q = 0.541 and 1.307.
      this.lp1 = Biquad.lowPass(inputRate, cutoff, 0.5412);
      this.lp2 = Biquad.lowPass(inputRate, cutoff, 1.3066);
    } else {
      this.lp1 = null;
      this.lp2 = null;
    }
  }

  /** Feeds one input sample; returns the output sample when one is due, otherwise NaN. */
  process(x: number): number {
    const y = this.lp1 && this.lp2 ? this.lp2.process(this.lp1.process(x)) : x;
    this.phase++;
    if (this.phase >= this.factor) {
      this.phase = 0;
      return y;
    }
    return Number.NaN;
  }
}
