import type { Page } from 'playwright-core';
import type { LogEvent } from '../../../src/core/events.ts';
import { waitFor } from './browser.ts';
import { addLearner } from './staff.ts';

/** Adds a learner and starts a session through the panel, as a practitioner would; waits for the first pose. */
export async function startSession(page: Page, learner: string, needPose = true): Promise<void> {
  await addLearner(page, learner);
  await page.getByRole('button', { name: 'Start session' }).click();
  if (needPose) {
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
      (n) => n > 0,
      'pose landmarks',
      90_000,
    );
  }
}

/**
 * The running (or last) session's events straight from the log in IndexedDB: what the app wrote, without
 * going through the review screens (which have tests of their own).
 */
export async function loggedEvents(page: Page): Promise<{ startedAt: number; events: LogEvent[] }> {
  return page.evaluate(
    () =>
      new Promise<{ startedAt: number; events: LogEvent[] }>((resolve, reject) => {
        const open = indexedDB.open('attune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['sessions', 'events'], 'readonly');
          const sessions = tx.objectStore('sessions').getAll();
          const events = tx.objectStore('events').getAll();
          tx.oncomplete = () => {
            const list = sessions.result as { id: string; startedAt: number }[];
            const last = list.sort((a, b) => b.startedAt - a.startedAt)[0];
            const rows = events.result as { sessionId: string; event: LogEvent }[];
            resolve({
              startedAt: last?.startedAt ?? 0,
              events: rows.filter((r) => r.sessionId === last?.id).map((r) => r.event),
            });
            db.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/**
 * Waits (up to `timeoutMs`) until the log holds at least `atLeast` events that `keep` keeps: the log is read, not
 * slept for, since on a loaded machine it lags the microphone and camera by seconds. Returns how many it held.
 */
export function waitForLogged(
  page: Page,
  keep: (e: LogEvent) => boolean,
  atLeast: number,
  what: string,
  timeoutMs = 90_000,
): Promise<number> {
  return waitFor(
    async () => (await loggedEvents(page)).events.filter(keep).length,
    (n) => n >= atLeast,
    what,
    timeoutMs,
  );
}

/**
 * A session's start (`startedAt`, the log's wall-clock milliseconds) on the page's performance clock, where the
 * page's own times (camera readings, taps, `performance.now()`) are: the session's events are `startMs` after it.
 */
export function sessionOriginPerf(page: Page, startedAt: number): Promise<number> {
  return page.evaluate((at) => performance.now() - (Date.now() - at), startedAt);
}

/** Ends the session through the panel (opened with its key), so open bursts are flushed and written. */
export async function endSession(page: Page): Promise<void> {
  const end = page.getByRole('button', { name: 'End session' });
  if (!(await end.isVisible())) await page.keyboard.press('p');
  await end.click();
  await waitFor(
    () => page.getByRole('button', { name: 'Start session' }).isEnabled(),
    (v) => v,
    'the session to end',
  );
}

/** The camera track's frame count at a moment of the page's performance clock. */
export interface CameraClockSample {
  perfMs: number;
  sourceFrames: number;
}

/** One reading of the camera's frame count (null without a camera or track stats). */
export function sampleCameraClock(page: Page): Promise<CameraClockSample | null> {
  return page.evaluate(() => window.attuneDiagnostics?.cameraClock() ?? null);
}

/**
 * Chromium's fake camera delivers every frame of its file in order, and when the machine is busy it delivers
 * them late rather than skip any: the clip then runs slower than the clock (measured 27-29 frames a second
 * under load), and a clip that loops drifts against the session by hundreds of ms a loop. So a time on the
 * session clock is mapped to the clip's own time through the camera's frame count, read with the clock as the
 * session runs: frames since the first reading, at the clip's frame rate. The offset from the clip's start
 * stays unknown (alignToLoop finds it), so it need not be exact; the mapping's jitter is about a frame.
 */
export function clipTimeOf(
  samples: readonly CameraClockSample[],
  sessionOriginPerfMs: number,
  fps: number,
): (sessionMs: number) => number {
  if (samples.length < 2) throw new Error('need at least two camera clock readings');
  const first = samples[0] as CameraClockSample;
  return (sessionMs) => {
    const t = sessionOriginPerfMs + sessionMs;
    // Before the first reading or after the last: the nearest pair's rate carries on.
    let i = samples.findIndex((s) => s.perfMs >= t);
    if (i <= 0) i = i === 0 ? 1 : samples.length - 1;
    const a = samples[i - 1] as CameraClockSample;
    const b = samples[i] as CameraClockSample;
    const span = b.perfMs - a.perfMs;
    const frames =
      a.sourceFrames + (span > 0 ? ((t - a.perfMs) * (b.sourceFrames - a.sourceFrames)) / span : 0);
    return ((frames - first.sourceFrames) * 1000) / fps;
  };
}
