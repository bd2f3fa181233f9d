import type { Page } from 'playwright-core';
import type { LogEvent } from '../../../src/core/events.ts';
import { waitFor } from './browser.ts';

/** Adds a learner and starts a session through the panel, as a practitioner would; waits for the first pose. */
export async function startSession(page: Page, learner: string, needPose = true): Promise<void> {
  await page.getByLabel('New learner (pseudonym)').fill(learner);
  await page.getByRole('button', { name: 'Add learner' }).click();
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
