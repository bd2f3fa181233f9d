import type { Dbfs, Ms } from './units.ts';

/**
 * Feature summaries: what the sensors measured, ten times a second, kept beside the events so that review can
 * draw a session's voice and movement over time and a later version can re-score it. Figures only: no audio,
 * no image. One chunk holds one second, so a six-hour session is 21,600 records, not 216,000.
 */
export const SUMMARY_PERIOD_MS: Ms = 100;
export const SAMPLES_PER_CHUNK = 10;

export interface FeatureChunk {
  /** Session time of the chunk's first sample. */
  startMs: Ms;
  /** The voice meter's level at each 100 ms tick (its latest 10 ms frame), dBFS, to 0.1 dB; -120 is silence. */
  levelDbfs: number[];
  /** Motion energy over threshold each 100 ms (1 = at threshold), to two decimals. */
  motion: number[];
}

/** Collects one sample every 100 ms and hands back a chunk each second. */
export class FeatureSummariser {
  private startMs: Ms | null = null;
  private level: number[] = [];
  private motion: number[] = [];

  /** Adds a sample; returns a finished chunk every tenth call. */
  add(atMs: Ms, levelDbfs: Dbfs, motionRatio: number): FeatureChunk | null {
    if (this.startMs === null) this.startMs = atMs;
    this.level.push(Number.isFinite(levelDbfs) ? Math.max(-120, Math.round(levelDbfs * 10) / 10) : -120);
    this.motion.push(Number.isFinite(motionRatio) ? Math.round(motionRatio * 100) / 100 : 0);
    if (this.level.length < SAMPLES_PER_CHUNK) return null;
    return this.take();
  }

  /** Whatever has been collected, as a (possibly short) chunk, or null if nothing. */
  flush(): FeatureChunk | null {
    return this.level.length > 0 ? this.take() : null;
  }

  private take(): FeatureChunk {
    const chunk: FeatureChunk = { startMs: this.startMs ?? 0, levelDbfs: this.level, motion: this.motion };
    this.startMs = null;
    this.level = [];
    this.motion = [];
    return chunk;
  }
}
