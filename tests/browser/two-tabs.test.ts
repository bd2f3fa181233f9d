import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { addLearner, enterStaffPin, panelProblem } from './support/staff.ts';

interface SessionRow {
  id: string;
  status: string;
}

/** The sessions as they are on disk, read straight from IndexedDB (no app code involved). */
function sessionsOnDisk(page: Page): Promise<SessionRow[]> {
  return page.evaluate(
    () =>
      new Promise<SessionRow[]>((resolve, reject) => {
        const open = indexedDB.open('attune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('sessions', 'readonly').objectStore('sessions').getAll();
          all.onsuccess = () => {
            resolve((all.result as SessionRow[]).map((s) => ({ id: s.id, status: s.status })));
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

describe('two Attune tabs in one browser', () => {
  let s: Session | undefined;
  afterAll(async () => {
    await s?.close();
  });

  it('a second tab leaves the first tab’s session running and cannot start another', async () => {
    s = await launch({ noDevices: true });
    const tab1 = s.page;
    await tab1.goto(baseUrl());
    await addLearner(tab1, 'Ash');
    await tab1.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => tab1.getByRole('dialog', { name: 'Practitioner panel' }).isHidden(),
      (h) => h,
      'the panel to hide in tab 1',
    );
    const stage = tab1.locator('#stage canvas');
    for (let i = 0; i < 3; i++) await stage.click({ position: { x: 200 + i * 100, y: 300 } });
    const [running] = await sessionsOnDisk(tab1);
    expect(running?.status).toBe('live');

    // Tab 2 opens Attune while the session runs: its start-up must not take the session for a crashed one.
    const tab2 = await s.context.newPage();
    await tab2.goto(baseUrl());
    await waitFor(
      () => tab2.locator('#learner option').allTextContents(),
      (names) => names.includes('Ash'),
      'tab 2 to list the learners',
    );
    expect(await sessionsOnDisk(tab2)).toEqual([{ id: running?.id, status: 'live' }]);

    // Erasing the learner from tab 2 is refused while the session runs.
    await tab2.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(tab2);
    await tab2.locator('#review-learner').selectOption({ label: 'Ash' });
    await tab2.getByRole('button', { name: 'Erase learner' }).click();
    const confirm = tab2.getByRole('dialog', { name: 'Erase Ash?' });
    await confirm.getByLabel('Type the pseudonym to confirm').fill('Ash');
    await confirm.getByRole('button', { name: 'Erase' }).click();
    await tab2.getByText('Ash has a session running. End the session first: nothing was erased.').waitFor();
    await tab2.getByRole('button', { name: 'Back to panel' }).click();

    // Tab 2's Start says why it starts nothing, and nothing starts.
    await tab2.locator('#learner').selectOption({ label: 'Ash' });
    await tab2.getByRole('button', { name: 'Start session' }).click();
    const said = await waitFor(
      () => panelProblem(tab2),
      (t) => t !== '',
      'tab 2 to say why it did not start',
    );
    expect(said).toBe('A session is running in another Attune window. End it there first.');
    expect(await tab2.getByRole('button', { name: 'Start session' }).isEnabled()).toBe(true);
    expect(await sessionsOnDisk(tab2)).toEqual([{ id: running?.id, status: 'live' }]);

    // Tab 1 goes on logging, and ends its session as usual.
    await tab1.bringToFront();
    await stage.click({ position: { x: 600, y: 300 } });
    await tab1.keyboard.press('p');
    await tab1.getByRole('button', { name: 'End session' }).click();
    await waitFor(
      () => sessionsOnDisk(tab1),
      (list) => list.length === 1 && list[0]?.status === 'ended',
      'the session to be ended by tab 1',
    );

    // Now tab 2 may start one.
    await tab2.bringToFront();
    await tab2.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => sessionsOnDisk(tab2),
      (list) => list.some((x) => x.status === 'live'),
      'tab 2 to start a session once tab 1 has ended its own',
    );
    expect(await panelProblem(tab2)).toBe('');
  });
});
