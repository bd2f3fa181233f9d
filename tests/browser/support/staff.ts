import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AttuneExport } from '../../../src/core/exportFormat.ts';
import { waitFor } from './browser.ts';

/** The staff PIN the browser tests choose on first use. */
export const TEST_PIN = '739154';

/**
 * Answers the "Staff PIN" dialog that opens review (or unlocks the panel's settings): on a fresh profile it
 * chooses `pin`, typed twice; afterwards it enters it. Returns once the dialog has gone.
 */
export async function enterStaffPin(page: Page, pin = TEST_PIN): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Staff PIN' });
  await dialog.waitFor();
  const again = dialog.getByLabel('New PIN again', { exact: true });
  if ((await again.count()) > 0) {
    await dialog.getByLabel('New PIN', { exact: true }).fill(pin);
    await again.fill(pin);
    await dialog.getByRole('button', { name: 'Set PIN' }).click();
  } else {
    await dialog.getByLabel('PIN', { exact: true }).fill(pin);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
  }
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Ends the running session as staff do (the practitioner's "p" tag first, so the log holds a manual turn),
 * opens review behind the PIN and exports the newest session: what the tests then check the log against.
 */
export async function endSessionAndExport(page: Page): Promise<AttuneExport> {
  await page.keyboard.press('p');
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByRole('button', { name: 'Review sessions' }).click();
  await enterStaffPin(page);
  const row = page.getByRole('table', { name: 'Sessions' }).getByRole('row').nth(1);
  await row.waitFor();
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: 'Export session', exact: true }).click();
  const file = await (await download).path();
  return JSON.parse(readFileSync(file, 'utf8')) as AttuneExport;
}

/** Adds a learner from the panel and waits until the panel has chosen them. */
export async function addLearner(page: Page, name: string): Promise<void> {
  await page.getByLabel('New learner (pseudonym)').fill(name);
  await page.getByRole('button', { name: 'Add learner' }).click();
  await waitFor(
    // The panel's own list: "Learner" also names the panel's section and review's list of learners.
    () =>
      page
        .getByRole('region', { name: 'Learner' })
        .getByRole('combobox', { name: 'Learner', exact: true })
        .locator('option:checked')
        .textContent(),
    (t) => t === name,
    'the new learner to be chosen',
  );
}

/**
 * Unlocks the panel's staff controls with the PIN (chosen on a fresh profile), as staff do before a room
 * check, a calibration or a voice recording: they then stay unlocked for five minutes or until a session starts.
 */
export async function unlockStaff(page: Page, pin = TEST_PIN): Promise<void> {
  await page.getByRole('button', { name: 'Unlock settings' }).click();
  await enterStaffPin(page, pin);
}

/** The panel's alert line, under the session buttons ('' when it says nothing or the panel is gone). */
export function panelProblem(page: Page): Promise<string> {
  return page
    .getByRole('dialog', { name: 'Practitioner panel' })
    .locator('p.problem')
    .first()
    .textContent()
    .then(
      (t) => t ?? '',
      () => '',
    );
}
