import type { Ms, Unit } from '../units.ts';
import {
  type GeneralFlashParams,
  generalSample,
  generalTest,
  type RedFlashParams,
  redSample,
  redTest,
  TransitionTracker,
} from './transitions.ts';

/**
 * The whole-screen flash governor. Each stage frame is first drawn off screen; the governor gets the mean colour
 * of each cell of a grid over it and decides, per cell, how far the screen may move toward it: the shown frame is
 * `shown + mix x (drawn - shown)` in every cell (a cross-fade the stage does on the GPU). A cell whose next step
 * would make a transition beyond its budget moves only part of the way, or not at all, so whatever a scene draws,
 * the screen never does more than the budget allows. Mix 1 (no change to the scene) is the normal case.
 *
 * Why a budget of transitions is enough: transitions alternate (rising, falling), so a window holding at most N of
 * them holds at most floor(N / 2) flashes. General: at most 4 in any window (2 flashes a second, under WCAG's
 * 3). Red: at most 1, so no two red transitions are ever close enough to make a red flash. The definitions are the
 * counter's own (transitions.ts), a little stricter, so that the governor's grid and an independent measurement
 * of the same screen cannot disagree across a limit.
 */
export interface GovernorParams {
  general: GeneralFlashParams;
  red: RedFlashParams;
  /** Transitions are budgeted over this window: longer than WCAG's second, for the same margin. */
  windowMs: Ms;
  maxGeneralTransitions: number;
  maxRedTransitions: number;
  /** Fractions of the way a cell may move, tried from the first (all of it) down to none. */
  steps: readonly number[];
}

export const GOVERNOR_PARAMS: GovernorParams = {
  general: { minChange: 0.085, darkerBelow: 0.85 },
  red: { minChange: 16, saturation: 0.75 },
  windowMs: 1150,
  maxGeneralTransitions: 4,
  maxRedTransitions: 1,
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
  red: TransitionTracker;
  generalTimes: Ms[];
  redTimes: Ms[];
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
    const red = redTest(params.red);
    for (let c = 0; c < cells; c++) {
      const s: CellState = {
        general: new TransitionTracker(general),
        red: new TransitionTracker(red),
        generalTimes: [],
        redTimes: [],
      };
      s.general.push(generalSample(0, 0, 0));
      s.red.push(redSample(0, 0, 0, params.red));
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
      prune(state.redTimes, nowMs - this.params.windowMs);
      const r0 = this.shown[c * 3] ?? 0;
      const g0 = this.shown[c * 3 + 1] ?? 0;
      const b0 = this.shown[c * 3 + 2] ?? 0;
      const dr = gain * (drawn[c * 3] ?? 0) - r0;
      const dg = gain * (drawn[c * 3 + 1] ?? 0) - g0;
      const db = gain * (drawn[c * 3 + 2] ?? 0) - b0;
      let chosen = 0;
      for (const step of this.params.steps) {
        const m = step * maxMix;
        if (this.allowed(state, r0 + m * dr, g0 + m * dg, b0 + m * db)) {
          chosen = m;
          break;
        }
      }
      if (chosen < maxMix) this.held++;
      const r = r0 + chosen * dr;
      const g = g0 + chosen * dg;
      const b = b0 + chosen * db;
      if (state.general.push(generalSample(r, g, b)) !== 0) state.generalTimes.push(nowMs);
      if (state.red.push(redSample(r, g, b, this.params.red)) !== 0) state.redTimes.push(nowMs);
      this.shown[c * 3] = r;
      this.shown[c * 3 + 1] = g;
      this.shown[c * 3 + 2] = b;
      this.mix[c] = chosen;
    }
    return this.mix;
  }

  /** Whether showing this colour in the cell keeps its transitions within budget. */
  private allowed(state: CellState, r: number, g: number, b: number): boolean {
    if (
      state.general.peek(generalSample(r, g, b)) !== 0 &&
      state.generalTimes.length + 1 > this.params.maxGeneralTransitions
    )
      return false;
    return !(
      state.red.peek(redSample(r, g, b, this.params.red)) !== 0 &&
      state.redTimes.length + 1 > this.params.maxRedTransitions
    );
  }
}

/** Drops the times before `from` (kept in order, oldest first). */
function prune(times: Ms[], from: Ms): void {
  let n = 0;
  while (n < times.length && (times[n] ?? 0) <= from) n++;
  if (n > 0) times.splice(0, n);
}
