import type { Ms } from '../units.ts';

/**
 * How often the vision worker may be sent a frame. Sound comes first: when the audio thread underruns (the
 * learner hears a click or a gap in Attune's answer), the models are what can wait, so each underrun doubles
 * the gap between frames sent to them, up to a ceiling; once the sound has run clean for a while, the gap
 * halves again, step by step, down to nothing. Motion energy (its own worker) and the stage are not paced.
 */
export interface VisionPacerParams {
  /** The gap after the first underrun. */
  firstGapMs: Ms;
  /** The gap never grows beyond this: the stage still follows the learner a few times a second. */
  maxGapMs: Ms;
  /** Clean sound for this long halves the gap (and below `firstGapMs` ends it). */
  recoverAfterMs: Ms;
}

export const DEFAULT_VISION_PACER_PARAMS: Readonly<VisionPacerParams> = Object.freeze({
  firstGapMs: 100,
  maxGapMs: 400,
  recoverAfterMs: 10_000,
});

export class VisionPacer {
  readonly params: Readonly<VisionPacerParams>;
  private gap: Ms = 0;
  private lastChangeMs: Ms = 0;
  private lastSentMs: Ms = Number.NEGATIVE_INFINITY;

  constructor(params: Partial<VisionPacerParams> = {}) {
    this.params = Object.freeze({ ...DEFAULT_VISION_PACER_PARAMS, ...params });
  }

  /** The gap in force now, ms (0: every frame the worker is ready for). */
  gapMs(nowMs: Ms): Ms {
    this.recover(nowMs);
    return this.gap;
  }

  /** The audio thread underran at `nowMs`. */
  underrun(nowMs: Ms): void {
    this.recover(nowMs);
    this.gap = Math.min(this.params.maxGapMs, this.gap === 0 ? this.params.firstGapMs : this.gap * 2);
    this.lastChangeMs = nowMs;
  }

  /** Whether a frame may be sent at `nowMs`; if it may, it counts as sent. */
  take(nowMs: Ms): boolean {
    if (nowMs - this.lastSentMs < this.gapMs(nowMs)) return false;
    this.lastSentMs = nowMs;
    return true;
  }

  private recover(nowMs: Ms): void {
    while (this.gap > 0 && nowMs - this.lastChangeMs >= this.params.recoverAfterMs) {
      this.gap = this.gap / 2 < this.params.firstGapMs ? 0 : this.gap / 2;
      this.lastChangeMs += this.params.recoverAfterMs;
    }
  }
}
