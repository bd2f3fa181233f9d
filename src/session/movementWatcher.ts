import type { Party } from '../core/events.ts';
import { MovementBurstDetector } from '../core/motion/movementBursts.ts';

export type BurstHandler = (startPerfMs: number, endPerfMs: number, peakEnergy: number, party: Party) => void;

/**
 * Motion energy from the vision worker into movement bursts (DESIGN.md: at least 200 ms, gaps under 500 ms
 * merge). Times stay on the performance clock; the session maps them. Until people are tracked apart, a burst
 * with one person (or nobody) in view is the learner's, and with two or more it is nobody's in particular.
 */
export class MovementWatcher {
  readonly detector = new MovementBurstDetector('learner');

  constructor(private readonly onBurst: BurstHandler) {}

  frame(framePerfMs: number, energy: number, peopleInView: number): number {
    this.detector.segmenter.party = peopleInView >= 2 ? 'unknown' : 'learner';
    const update = this.detector.push(framePerfMs, energy);
    if (update?.type === 'end') {
      const e = update.event;
      this.onBurst(e.startMs, e.endMs, e.peakEnergy, e.party);
    }
    return this.detector.lastRatio;
  }

  /** Ends a burst still under way (at the end of a session) so it is logged, not lost. */
  flush(): void {
    const update = this.detector.flush();
    if (update?.type === 'end') {
      const e = update.event;
      this.onBurst(e.startMs, e.endMs, e.peakEnergy, e.party);
    }
  }
}
