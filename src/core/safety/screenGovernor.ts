import type { Ms, Unit } from '../units.ts';
import {
  type GeneralFlashParams,
  generalSample,
  generalTest,
  type RedFlashParams,
  redSample,
  redTest,
  type Sample,
  TransitionTracker,
} from './transitions.ts';

/**
 * The whole-screen flash governor. Each stage frame is first drawn off screen; the governor gets the mean colour
 * of each cell of a grid over it and decides, per cell, how far the screen may move toward it: the shown frame is
 * `shown + mix x (drawn - shown)` in every cell (a cross-fade the stage does on the GPU). A cell whose next step
 * would make a transition beyond its budget moves only part of the way, or not at all, so whatever a scene draws,
 * the screen never does more than the budget allows. Mix 1 (no change to the scene) is the normal case.
 *
 * General flashes, a budget of transitions: transitions alternate (rising, falling), so a window holding at most N
 * of them holds at most floor(N / 2) flashes. The governor's tracker has a smaller threshold than WCAG's, so every
 * pair of opposing WCAG transitions in a second brackets a move the governor's tracker sees as a transition of its
 * own within that second; four flashes (eight transitions) would need at least six of the governor's in under a
 * second, and it allows 4 in any 1.15 s. At most 2 flashes a second reach the screen, under WCAG's 3.
 *
 * Red flashes, none at all, so no budget of the governor's own transitions works: one opposing pair within a
 * second is already a red flash, and the first transition of that pair, as any other counter sees it, can come
 * long after the governor's own, or where the governor saw none (a dim red creeping brighter passes 16 well before
 * it passes 20; a counter started at another time, or that met a saturated state the governor's extremes had
 * moved past, is in another state). A counter's transition is between two samples of the screen, so the governor
 * judges each cell's red against every state it showed in the last few seconds (their extremes, overall and
 * saturated only): a state that is a red change from any of them, rising or falling, could be a counter's
 * transition that way. A step that could be one way is refused while the other way was noted within the window,
 * so whichever sample a counter took for its first transition, its second cannot follow within a second. The
 * price is that a saturated red, once it appears or goes, stays so for a few seconds; the palettes avoid
 * saturated red (the red one is a red-orange), so the scenes rarely meet it. The saturation test is WCAG's own
 * (0.8), so that the governor and a counter agree on which states are saturated red; the margin is in the size of
 * the change.
 *
 * The definitions are the counter's own (transitions.ts), a little stricter, so that the governor's grid and an
 * independent measurement of the same screen cannot disagree across a limit.
 */
export interface GovernorParams {
  general: GeneralFlashParams;
  red: RedFlashParams;
  /** Transitions are budgeted over this window: longer than WCAG's second, for the same margin. */
  windowMs: Ms;
  /** How far back the states a red change is judged from go, in buckets of `redBucketMs`. */
  redBuckets: number;
  redBucketMs: Ms;
  maxGeneralTransitions: number;
  /** Fractions of the way a cell may move, tried from the first (all of it) down to none. */
  steps: readonly number[];
}

export const GOVERNOR_PARAMS: GovernorParams = {
  general: { minChange: 0.085, darkerBelow: 0.85 },
  red: { minChange: 16, saturation: 0.8 },
  windowMs: 1150,
  redBuckets: 12,
  redBucketMs: 250,
  maxGeneralTransitions: 4,
  steps: [1, 0.7, 0.5, 0.35, 0.25, 0.17, 0.12, 0.08, 0.05, 0.03, 0.015, 0],
};

/** Calm: the screen follows what is drawn with this time constant, so everything moves slowly and softly. */
export const CALM_FOLLOW_MS: Ms = 600;

/** How far the screen may follow in a frame of `dtMs` with the time constant `followMs` (0: at once). */
export function followMix(dtMs: Ms, followMs: Ms): Unit {
  return followMs <= 0 ? 1 : 1 - Math.exp(-Math.max(0, dtMs) / followMs);
}

interface CellState {
  general: TransitionTracker;
  generalTimes: Ms[];
  red: RedMemory;
  redTracker: TransitionTracker;
  /** The last time the shown colour could have been a red transition rising, and falling (see above). */
  redUpAt: Ms;
  redDownAt: Ms;
}

/**
 * The extremes of one cell's red quantity over the last few seconds of what it showed, overall and among saturated
 * states, kept in time buckets so that a frame costs a few comparisons, not a scan of every state.
 */
class RedMemory {
  private readonly ids: Int32Array;
  private readonly lo: Float32Array;
  private readonly hi: Float32Array;
  private readonly satLo: Float32Array;
  private readonly satHi: Float32Array;
  /** The extremes over the buckets still remembered, worked out by `refresh` once a frame. */
  min = 0;
  max = 0;
  satMin = Number.POSITIVE_INFINITY;
  satMax = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly buckets: number,
    private readonly bucketMs: Ms,
  ) {
    this.ids = new Int32Array(buckets).fill(-1);
    this.lo = new Float32Array(buckets);
    this.hi = new Float32Array(buckets);
    this.satLo = new Float32Array(buckets);
    this.satHi = new Float32Array(buckets);
  }

  refresh(nowMs: Ms): void {
    const now = Math.floor(nowMs / this.bucketMs);
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.satMin = Number.POSITIVE_INFINITY;
    this.satMax = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.buckets; i++) {
      if ((this.ids[i] ?? -1) <= now - this.buckets) continue;
      this.min = Math.min(this.min, this.lo[i] ?? 0);
      this.max = Math.max(this.max, this.hi[i] ?? 0);
      this.satMin = Math.min(this.satMin, this.satLo[i] ?? 0);
      this.satMax = Math.max(this.satMax, this.satHi[i] ?? 0);
    }
  }

  add(s: Sample, nowMs: Ms): void {
    const id = Math.floor(nowMs / this.bucketMs);
    const i = id % this.buckets;
    if (this.ids[i] !== id) {
      this.ids[i] = id;
      this.lo[i] = this.satLo[i] = Number.POSITIVE_INFINITY;
      this.hi[i] = this.satHi[i] = Number.NEGATIVE_INFINITY;
    }
    this.lo[i] = Math.min(this.lo[i] ?? 0, s.v);
    this.hi[i] = Math.max(this.hi[i] ?? 0, s.v);
    if (s.saturated) {
      this.satLo[i] = Math.min(this.satLo[i] ?? 0, s.v);
      this.satHi[i] = Math.max(this.satHi[i] ?? 0, s.v);
    }
  }

  /**
   * Which ways `s` could be a red transition from a state remembered (the test's own: a change of more than
   * `minChange` with a saturated state at one end): +1 rising, -1 falling, both, or none, as bits 1 and 2.
   */
  ways(s: Sample, minChange: number): number {
    const up = (s.saturated && s.v - this.min > minChange) || s.v - this.satMin > minChange;
    const down = (s.saturated && this.max - s.v > minChange) || this.satMax - s.v > minChange;
    return (up ? 1 : 0) | (down ? 2 : 0);
  }
}

export class ScreenGovernor {
  /** What the screen shows now: the mean sRGB colour (0..255) of each cell, r, g, b. */
  readonly shown: Float32Array;
  /** The fraction of the way each cell moved on the last step. */
  readonly mix: Float32Array;
  /** Cells held back (mix below the most allowed) on the last step: 0 when the scene is left as drawn. */
  held = 0;
  private readonly states: CellState[] = [];

  constructor(
    readonly cells: number,
    private readonly params: GovernorParams = GOVERNOR_PARAMS,
  ) {
    this.shown = new Float32Array(cells * 3);
    this.mix = new Float32Array(cells).fill(1);
    const general = generalTest(params.general);
    for (let c = 0; c < cells; c++) {
      const s: CellState = {
        general: new TransitionTracker(general),
        generalTimes: [],
        red: new RedMemory(params.redBuckets, params.redBucketMs),
        redTracker: new TransitionTracker(redTest(params.red)),
        redUpAt: Number.NEGATIVE_INFINITY,
        redDownAt: Number.NEGATIVE_INFINITY,
      };
      s.general.push(generalSample(0, 0, 0));
      s.redTracker.push(redSample(0, 0, 0, params.red));
      this.states.push(s);
    }
  }

  /**
   * One frame: `drawn` is the mean sRGB colour of each cell of the frame the scene drew, `gain` the share of it
   * to show (calm, listen-only), `maxMix` the most of the way any cell may move this frame (1, or less in calm).
   * Returns the mix per cell, for the stage to apply, and updates `shown` to what the screen then shows.
   */
  step(drawn: Float32Array, gain: Unit, maxMix: Unit, nowMs: Ms): Float32Array {
    this.held = 0;
    for (let c = 0; c < this.cells; c++) {
      const state = this.states[c];
      if (!state) continue;
      prune(state.generalTimes, nowMs - this.params.windowMs);
      state.red.refresh(nowMs);
      const r0 = this.shown[c * 3] ?? 0;
      const g0 = this.shown[c * 3 + 1] ?? 0;
      const b0 = this.shown[c * 3 + 2] ?? 0;
      const dr = gain * (drawn[c * 3] ?? 0) - r0;
      const dg = gain * (drawn[c * 3 + 1] ?? 0) - g0;
      const db = gain * (drawn[c * 3 + 2] ?? 0) - b0;
      let chosen = 0;
      for (const step of this.params.steps) {
        const m = step * maxMix;
        if (this.allowed(state, r0 + m * dr, g0 + m * dg, b0 + m * db, nowMs)) {
          chosen = m;
          break;
        }
      }
      if (chosen < maxMix) this.held++;
      const r = r0 + chosen * dr;
      const g = g0 + chosen * dg;
      const b = b0 + chosen * db;
      if (state.general.push(generalSample(r, g, b)) !== 0) state.generalTimes.push(nowMs);
      const red = redSample(r, g, b, this.params.red);
      const ways = this.redWays(state, red, true);
      if (ways & 1) state.redUpAt = nowMs;
      if (ways & 2) state.redDownAt = nowMs;
      state.red.add(red, nowMs);
      this.shown[c * 3] = r;
      this.shown[c * 3 + 1] = g;
      this.shown[c * 3 + 2] = b;
      this.mix[c] = chosen;
    }
    return this.mix;
  }

  /**
   * Which ways (bits 1 rising, 2 falling) a state could be a red transition to some counter: from a state shown in
   * the last few seconds, or by the governor's own tracker, which remembers the extremes since its last transition
   * however long ago (a red creeping slowly for longer than the memory, then gone).
   */
  private redWays(state: CellState, s: Sample, commit: boolean): number {
    const made = commit ? state.redTracker.push(s) : state.redTracker.peek(s);
    const also = state.redTracker.extended;
    const tracked = (made > 0 || also > 0 ? 1 : 0) | (made < 0 || also < 0 ? 2 : 0);
    return tracked | state.red.ways(s, this.params.red.minChange);
  }

  /** Whether showing this colour in the cell keeps its transitions within budget. */
  private allowed(state: CellState, r: number, g: number, b: number, nowMs: Ms): boolean {
    if (
      state.general.peek(generalSample(r, g, b)) !== 0 &&
      state.generalTimes.length + 1 > this.params.maxGeneralTransitions
    )
      return false;
    const ways = this.redWays(state, redSample(r, g, b, this.params.red), false);
    const window = this.params.windowMs;
    if (ways & 1 && nowMs - state.redDownAt <= window) return false;
    return !(ways & 2 && nowMs - state.redUpAt <= window);
  }
}

/** Drops the times before `from` (kept in order, oldest first). */
function prune(times: Ms[], from: Ms): void {
  let n = 0;
  while (n < times.length && (times[n] ?? 0) <= from) n++;
  if (n > 0) times.splice(0, n);
}
