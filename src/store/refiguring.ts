import { batchesByEvents } from './figuring.ts';
import { type LogStore, RUNS_A_SESSION_LOCK } from './logStore.ts';
import { figureAndKeepElsewhere, unfiguredInLog } from './progressData.ts';

/**
 * Figures, in the background, the sessions the log keeps no current figures for: after an upgrade of the
 * analysis every session's kept figures are stale (their key names the older build), and sessions from before
 * figures were kept have none. Without this, the first look at a learner's progress after an upgrade reads every
 * one of their events (a hundred half-hour sessions: over a second). The work, from reading to writing, is the
 * figuring worker's, so the page's thread (the stage's) has none of it; the page says when: a few thousand events
 * at a time, when it is idle, and never while a session is running in any window, so that the stage and the
 * microphone never share the machine with it.
 */

/** After the app opens: its models and first frames come first. */
const START_AFTER_MS = 2000;
/**
 * Events figured at a time, in sessions: a few half-hour sessions' worth, about a tenth of a second in the worker.
 * Counted in events, not sessions: a school's short sessions would otherwise take a wait each.
 */
const EVENTS_TOGETHER = 5000;
const SESSIONS_TOGETHER = 200;
/** While a session runs, how often to look again whether it has ended. */
const RUNNING_RECHECK_MS = 30_000;

export interface Refiguring {
  /** Stops after the batch under way. */
  stop(): void;
  /** Resolves with the number of sessions figured once every one is, or when stopped or the log fails. */
  readonly done: Promise<number>;
}

/** Starts the background figuring; `running` says whether this window is running a session now. */
export function refigureWhenIdle(store: LogStore, running: () => boolean): Refiguring {
  let stopped = false;
  const done = (async () => {
    let figured = 0;
    try {
      await sleep(START_AFTER_MS);
      // A log with no session needs no worker started for it.
      if (stopped || (await store.db.count('sessions')) === 0) return 0;
      const list = await unfiguredInLog(store);
      for (const batch of batchesByEvents(list, EVENTS_TOGETHER, SESSIONS_TOGETHER)) {
        await idle();
        while (!stopped && (await sessionRunning(running))) await sleep(RUNNING_RECHECK_MS);
        if (stopped) break;
        figured += await figureAndKeepElsewhere(
          store,
          batch.map((s) => s.id),
        );
      }
    } catch {
      // The log closed (erased, or a newer Attune opened it) or failed: review figures what it needs as it goes.
    }
    return figured;
  })();
  return {
    stop() {
      stopped = true;
    },
    done,
  };
}

/** A session running here, or in another window of Attune (which holds the lock while it runs one). */
async function sessionRunning(here: () => boolean): Promise<boolean> {
  if (here()) return true;
  if (typeof navigator === 'undefined' || !navigator.locks) return false;
  const { held } = await navigator.locks.query();
  return held?.some((l) => l.name === RUNS_A_SESSION_LOCK) ?? false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The page's next idle moment, or a tenth of a second at most: the stage may draw every frame with no idle time
 * between, and the page's part of the work (a message, a small write) is slight.
 */
function idle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 100 });
    else setTimeout(resolve, 50);
  });
}
