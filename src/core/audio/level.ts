import type { Dbfs, Hz } from '../units.ts';

/** Below this a frame is treated as digital silence, so logs never hold -Infinity. */
export const SILENCE_DBFS: Dbfs = -120;

/** Mean-square power to dBFS, where a full-scale square wave is 0 dBFS. */
export function powerToDbfs(meanSquare: number): Dbfs {
  if (!(meanSquare > 0)) return SILENCE_DBFS;
  const db = 10 * Math.log10(meanSquare);
  return db < SILENCE_DBFS ? SILENCE_DBFS : db;
}

/** RMS level of a block of samples in dBFS. */
export function rmsDbfs(samples: ArrayLike<number>, start = 0, end = samples.length): Dbfs {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const v = samples[i] ?? 0;
    sum += v * v;
  }
  return powerToDbfs(end > start ? sum / (end - start) : 0);
}

/**
 * A second-order IIR section (RBJ Audio EQ Cookbook), transposed direct form II.
 * Holds its own state, so one instance filters one stream, one sample at a time, without allocating.
 */
export class Biquad {
  private b0 = 1;
  private b1 = 0;
  private b2 = 0;
  private a1 = 0;
  private a2 = 0;
  private z1 = 0;
  private z2 = 0;

  static highPass(sampleRate: Hz, cutoff: Hz, q = Math.SQRT1_2): Biquad {
    const f = new Biquad();
    const w = (2 * Math.PI * cutoff) / sampleRate;
    const cos = Math.cos(w);
    const alpha = Math.sin(w) / (2 * q);
    const a0 = 1 + alpha;
    f.b0 = (1 + cos) / 2 / a0;
    f.b1 = -(1 + cos) / a0;
    f.b2 = (1 + cos) / 2 / a0;
    f.a1 = (-2 * cos) / a0;
    f.a2 = (1 - alpha) / a0;
    return f;
  }

  static lowPass(sampleRate: Hz, cutoff: Hz, q = Math.SQRT1_2): Biquad {
    const f = new Biquad();
    const w = (2 * Math.PI * cutoff) / sampleRate;
    const cos = Math.cos(w);
    const alpha = Math.sin(w) / (2 * q);
    const a0 = 1 + alpha;
    f.b0 = (1 - cos) / 2 / a0;
    f.b1 = (1 - cos) / a0;
    f.b2 = (1 - cos) / 2 / a0;
    f.a1 = (-2 * cos) / a0;
    f.a2 = (1 - alpha) / a0;
    return f;
  }

  process(x: number): number {
    const y = this.b0 * x + this.z1;
    this.z1 = this.b1 * x - this.a1 * y + this.z2;
    this.z2 = this.b2 * x - this.a2 * y;
    return y;
  }

  reset(): void {
    this.z1 = 0;
    this.z2 = 0;
  }
}

const BIN_DB = 0.5;
const BINS = Math.ceil(-SILENCE_DBFS / BIN_DB) + 1;

function toBin(level: Dbfs): number {
  const b = Math.round((level - SILENCE_DBFS) / BIN_DB);
  return b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
}

/**
 * Adaptive noise floor: a low percentile of the frame levels over a sliding window (a histogram, so each
 * update is O(bins) and allocation-free). A percentile rather than a minimum, because a room with a fan or
 * distant voices never drops to its minimum for long; a long window, so that a learner vocalising for a few
 * seconds does not lift the floor under their own voice (it takes (1 - percentile) of the window).
 */
export class NoiseFloorTracker {
  private readonly ring: Uint16Array;
  private readonly hist = new Uint32Array(BINS);
  private head = 0;
  private count = 0;

  constructor(
    windowFrames: number,
    private readonly percentile: number,
  ) {
    this.ring = new Uint16Array(Math.max(1, Math.round(windowFrames)));
  }

  push(level: Dbfs): void {
    const bin = toBin(level);
    if (this.count === this.ring.length) {
      const old = this.ring[this.head] ?? 0;
      this.hist[old] = (this.hist[old] ?? 1) - 1;
    } else {
      this.count++;
    }
    this.ring[this.head] = bin;
    this.hist[bin] = (this.hist[bin] ?? 0) + 1;
    this.head = (this.head + 1) % this.ring.length;
  }

  /** The floor over the window, or `SILENCE_DBFS` before any frame. */
  floor(): Dbfs {
    return this.percentileOfLast(this.count, this.percentile);
  }

  /** The given percentile of the last `n` frames pushed (n clipped to the window). */
  percentileOfLast(n: number, p: number): Dbfs {
    const len = Math.min(Math.max(0, Math.round(n)), this.count);
    if (len === 0) return SILENCE_DBFS;
    if (len === this.count) {
      const target = Math.max(1, Math.ceil(p * len));
      let seen = 0;
      for (let b = 0; b < BINS; b++) {
        seen += this.hist[b] ?? 0;
        if (seen >= target) return SILENCE_DBFS + b * BIN_DB;
      }
      return 0;
    }
    // Rare path (room check over part of the window): a temporary histogram is fine here.
    const tmp = new Uint32Array(BINS);
    for (let i = 1; i <= len; i++) {
      const idx = (this.head - i + this.ring.length) % this.ring.length;
      const b = this.ring[idx] ?? 0;
      tmp[b] = (tmp[b] ?? 0) + 1;
    }
    const target = Math.max(1, Math.ceil(p * len));
    let seen = 0;
    for (let b = 0; b < BINS; b++) {
      seen += tmp[b] ?? 0;
      if (seen >= target) return SILENCE_DBFS + b * BIN_DB;
    }
    return 0;
  }

  get frames(): number {
    return this.count;
  }
}
