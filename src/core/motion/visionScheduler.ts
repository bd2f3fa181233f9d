import type { Ms } from '../units.ts';

/**
 * Which models run on which camera frame, so the vision worker's work per frame fits a budget. One frame is in
 * flight at a time, so the work per frame sets how many frames are analysed per second: a budget of 50 ms keeps
 * the analysis at about 20 frames a second whatever runs. Some tasks run every frame (pose: the stage follows
 * it); the others take turns in the time left, by their measured cost. A task in turn that does not fit is
 * passed over, but never for longer than `maxStaleMs`: then it runs anyway, over budget for that one frame, so a
 * slow machine still reads faces now and then.
 *
 * The budget adapts to what is measured: when the every-frame tasks alone take longer than the budget (a slow
 * PC, or the full pose model), the budget is raised to fit them plus the cheapest task in turn, so none starves;
 * and then the tasks in turn run on every other frame at most (unless one has waited `maxStaleMs`). The stage
 * follows the every-frame tasks, so on a slow PC their rate is what matters: a task in turn on every frame would
 * cut it by its whole cost (the face model on every frame cost a third of the pose rate on a two-core PC).
 */

export interface VisionSchedulerParams {
  /** Target work per analysed frame, ms. */
  budgetMs: Ms;
  /** A task in turn runs at the latest this long after it last ran, over budget if need be. */
  maxStaleMs: Ms;
  /** Weight of the newest measurement in each task's running cost estimate. */
  smoothing: number;
}

export const DEFAULT_VISION_SCHEDULER_PARAMS: Readonly<VisionSchedulerParams> = Object.freeze({
  budgetMs: 50,
  maxStaleMs: 500,
  smoothing: 0.2,
});

export class VisionScheduler<T extends string> {
  readonly params: Readonly<VisionSchedulerParams>;
  private readonly cost = new Map<T, number>();
  private readonly lastRunMs = new Map<T, Ms>();
  /** Index into `rotating` of the task whose turn is next. */
  private turn = 0;
  /** Whether the last planned frame carried a task in turn. */
  private lastCarried = false;

  constructor(
    private readonly every: readonly T[],
    private readonly rotating: readonly T[],
    params: Partial<VisionSchedulerParams> = {},
  ) {
    this.params = Object.freeze({ ...DEFAULT_VISION_SCHEDULER_PARAMS, ...params });
  }

  /** Running estimate of a task's time, ms; null before its first measurement. */
  estimateMs(task: T): number | null {
    return this.cost.get(task) ?? null;
  }

  /** The budget in force: the target, or more when the every-frame tasks alone would not leave room. */
  get budgetMs(): Ms {
    const fixed = this.fixedMs;
    let cheapest = Number.POSITIVE_INFINITY;
    for (const t of this.rotating)
      cheapest = Math.min(cheapest, this.cost.get(t) ?? Number.POSITIVE_INFINITY);
    const floor = fixed + (Number.isFinite(cheapest) ? cheapest : 0);
    return Math.max(this.params.budgetMs, floor);
  }

  /**
   * The tasks to run on a frame at `nowMs`, every-frame tasks first. `available` leaves out tasks whose model
   * is not loaded (or failed). A task never measured is assumed to fit, so that it gets measured.
   */
  plan(nowMs: Ms, available: (task: T) => boolean = () => true): T[] {
    const out: T[] = [];
    let spent = 0;
    for (const t of this.every) {
      if (!available(t)) continue;
      out.push(t);
      spent += this.cost.get(t) ?? 0;
    }
    const budget = this.budgetMs;
    const n = this.rotating.length;
    const rest = this.lastCarried && this.fixedMs > this.params.budgetMs;
    let advanced = false;
    for (let k = 0; k < n; k++) {
      const i = (this.turn + k) % n;
      const t = this.rotating[i] as T;
      if (!available(t)) continue;
      const c = this.cost.get(t);
      const last = this.lastRunMs.get(t);
      const stale = last === undefined || nowMs - last >= this.params.maxStaleMs;
      const first = out.length === this.countEvery(available);
      if (rest && !(stale && first)) continue;
      if (c === undefined || spent + c <= budget || (stale && first)) {
        out.push(t);
        spent += c ?? 0;
        if (!advanced) {
          // The turn passes to the task after the first one that ran, so tasks alternate when only one fits.
          this.turn = (i + 1) % n;
          advanced = true;
        }
      }
    }
    this.lastCarried = out.length > this.countEvery(available);
    return out;
  }

  /** Measured time of the every-frame tasks together, ms. */
  private get fixedMs(): number {
    let fixed = 0;
    for (const t of this.every) fixed += this.cost.get(t) ?? 0;
    return fixed;
  }

  /** A task ran on the frame at `nowMs` and took `ms`. */
  record(task: T, ms: number, nowMs: Ms): void {
    const prev = this.cost.get(task);
    const a = this.params.smoothing;
    this.cost.set(task, prev === undefined ? ms : prev + a * (ms - prev));
    this.lastRunMs.set(task, nowMs);
  }

  private countEvery(available: (task: T) => boolean): number {
    let n = 0;
    for (const t of this.every) if (available(t)) n++;
    return n;
  }
}
