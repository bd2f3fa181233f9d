import type { Ms } from '../units.ts';
import { DEFAULT_MOUTH_MOVEMENT_PARAMS } from './faceGeometry.ts';

/** Whose mouth moved while a voice was heard; undefined: that face was not seen, so it says nothing. */
export interface MouthCues {
  mouthMovingLearner?: boolean;
  mouthMovingPractitioner?: boolean;
}

export interface MouthCueParams {
  /** Mouth movement level (eye spans per second, see MouthMovement) from which a mouth counts as moving. */
  movingPerSecond: number;
  /**
   * Looked at either side of the segment: the jaw often moves just before the voice starts, and the smoothed
   * level lags the jaw by its time constant.
   */
  marginMs: Ms;
  /** Samples kept (at the face model's few frames a second, minutes of history). */
  capacity: number;
}

export const DEFAULT_MOUTH_CUE_PARAMS: Readonly<MouthCueParams> = Object.freeze({
  movingPerSecond: DEFAULT_MOUTH_MOVEMENT_PARAMS.movingPerSecond,
  marginMs: 200,
  capacity: 2048,
});

/**
 * Each party's mouth movement over recent time, so that a vocal segment, which is final only some 300 ms after
 * it ends, can ask whose mouth moved while it sounded. A level of null means that party's face was not seen in
 * that frame. Samples arrive in time order (the vision worker's frames).
 */
export class MouthCueHistory {
  readonly params: Readonly<MouthCueParams>;
  private readonly t: Float64Array;
  private readonly learner: Float32Array;
  private readonly practitioner: Float32Array;
  private head = 0;
  private count = 0;

  constructor(params: Partial<MouthCueParams> = {}) {
    this.params = Object.freeze({ ...DEFAULT_MOUTH_CUE_PARAMS, ...params });
    const n = Math.max(1, Math.round(this.params.capacity));
    this.t = new Float64Array(n);
    this.learner = new Float32Array(n);
    this.practitioner = new Float32Array(n);
  }

  push(tMs: Ms, learner: number | null, practitioner: number | null): void {
    const n = this.t.length;
    this.t[this.head] = tMs;
    this.learner[this.head] = learner ?? Number.NaN;
    this.practitioner[this.head] = practitioner ?? Number.NaN;
    this.head = (this.head + 1) % n;
    if (this.count < n) this.count++;
  }

  /** The cues for a segment from `startMs` to `endMs` (same clock as the samples). */
  cuesFor(startMs: Ms, endMs: Ms): MouthCues {
    const from = startMs - this.params.marginMs;
    const to = endMs + this.params.marginMs;
    let maxL = Number.NEGATIVE_INFINITY;
    let maxP = Number.NEGATIVE_INFINITY;
    const n = this.t.length;
    for (let k = 1; k <= this.count; k++) {
      const i = (this.head - k + n) % n;
      const t = this.t[i] ?? 0;
      if (t < from) break;
      if (t > to) continue;
      const l = this.learner[i] ?? Number.NaN;
      const p = this.practitioner[i] ?? Number.NaN;
      if (!Number.isNaN(l) && l > maxL) maxL = l;
      if (!Number.isNaN(p) && p > maxP) maxP = p;
    }
    const cues: MouthCues = {};
    const moving = this.params.movingPerSecond;
    if (maxL > Number.NEGATIVE_INFINITY) cues.mouthMovingLearner = maxL >= moving;
    if (maxP > Number.NEGATIVE_INFINITY) cues.mouthMovingPractitioner = maxP >= moving;
    return cues;
  }
}
