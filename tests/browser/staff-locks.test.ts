import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { baseUrl, launch, openApp, type Session, waitFor } from './support/browser.ts';
import { makeMicFile } from './support/media.ts';
import { addLearner, enterStaffPin, TEST_PIN, unlockStaff } from './support/staff.ts';

const pinDialog = (page: Page) => page.getByRole('dialog', { name: 'Staff PIN' });

/**
 * Opens the app. Actions wait up to two minutes: a readiness allowance on a machine loaded far past its cores,
 * not a measure (nothing timed here depends on it).
 */
async function open(page: Page): Promise<void> {
  page.setDefaultTimeout(120_000);
  await openApp(page, baseUrl());
}

/** Each test may take minutes on a loaded machine (a browser, the app, a PIN): an allowance, not a measure. */
const ALLOWANCE_MS = 600_000;

/** Clicks a button and cancels the PIN dialog it must open. */
async function clickAndCancel(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name }).click();
  await pinDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await pinDialog(page).waitFor({ state: 'detached' });
}

describe('staff-only controls', () => {
  // Each test's browser is closed as it ends: left open, its stage would go on drawing through the next test.
  let s: Session | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  }, ALLOWANCE_MS);

  it(
    'ask for the staff PIN before a room check, a calibration or a voice recording',
    async () => {
      // The microphone only: no camera, whose test pattern would keep the vision models busy for nothing.
      s = await launch({ audio: makeMicFile().path, noCamera: true });
      const { page } = s;
      await open(page);
      await addLearner(page, 'Ash');
      // A PIN exists on this computer (set once), and is locked again.
      await unlockStaff(page);
      await page.reload();
      await addLearner(page, 'Birch');

      await clickAndCancel(page, 'Room check');
      expect(await page.getByText(/^Listening to the room|^Room noise/).count()).toBe(0);
      await clickAndCancel(page, 'Hold still (3 s)');
      expect(await page.getByText(/^Learning what stillness looks like/).count()).toBe(0);
      await clickAndCancel(page, 'Record learner’s voice (5 s)');
      expect(await page.locator('#voice-status-learner').textContent()).toMatch(/^Not recorded/);
      await page.getByLabel('Your name (staff)').fill('Ann');
      await clickAndCancel(page, 'Record my voice (5 s)');
      expect(await page.locator('#voice-status-practitioner').textContent()).toMatch(
        /^No practitioner voice/,
      );

      // With the PIN, the room check runs.
      await page.getByRole('button', { name: 'Room check' }).click();
      await enterStaffPin(page);
      await page.getByText(/^Listening to the room/).waitFor();
    },
    ALLOWANCE_MS,
  );

  it(
    'lock the settings again when a session starts',
    async () => {
      s = await launch({ noDevices: true });
      const { page } = s;
      await open(page);
      await addLearner(page, 'Cedar');
      await unlockStaff(page);
      const volume = page.getByLabel('Volume', { exact: true });
      expect(await volume.isEnabled()).toBe(true);
      await page.getByRole('button', { name: 'Start session' }).click();
      await waitFor(
        () => page.getByRole('dialog', { name: 'Practitioner panel' }).isHidden(),
        (hidden) => hidden,
        'the panel to hide',
      );
      // The learner brings the panel up with P: everything that changes the session is locked.
      await page.keyboard.press('p');
      await waitFor(
        () => volume.isDisabled(),
        (off) => off,
        'the volume to lock',
      );
      expect(await page.getByLabel('Voice sensitivity').isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Unlock settings' }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'End session' }).click();
    },
    ALLOWANCE_MS,
  );

  it(
    'close review after five idle minutes, and ask for the PIN again',
    async () => {
      s = await launch({ noDevices: true });
      const { page } = s;
      await page.clock.install();
      await open(page);
      await addLearner(page, 'Elm');
      await page.getByRole('button', { name: 'Review sessions' }).click();
      await enterStaffPin(page);
      const review = page.getByRole('region', { name: 'Review' });
      await review.waitFor();
      // Four minutes with someone clicking now and then keep it open.
      await page.clock.fastForward(4 * 60_000);
      await review.getByRole('heading', { name: 'Review' }).click();
      await page.clock.fastForward(4 * 60_000);
      expect(await review.isVisible()).toBe(true);
      // Then five minutes with nobody there close it.
      await page.clock.fastForward(5 * 60_000 + 1000);
      await review.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Review sessions' }).click();
      await pinDialog(page).getByLabel('PIN', { exact: true }).fill(TEST_PIN);
      await pinDialog(page).getByRole('button', { name: 'Unlock' }).click();
      await review.waitFor();
    },
    ALLOWANCE_MS,
  );

  it(
    'refuse a 200 MB import by its size, in words, within a second',
    async () => {
      s = await launch({ noDevices: true });
      const { page } = s;
      await open(page);
      await page.getByRole('button', { name: 'Review sessions' }).click();
      await enterStaffPin(page);
      const ms = await page.evaluate(async () => {
        const input = document.getElementById('review-import-file') as HTMLInputElement;
        const file = new File([new Uint8Array(200 * 1024 * 1024)], 'huge.json', { type: 'application/json' });
        const files = new DataTransfer();
        files.items.add(file);
        input.files = files.files;
        const alert = document.querySelector('.review [role="alert"]');
        const t0 = performance.now();
        const button = Array.from(document.querySelectorAll('.review button')).find(
          (b) => b.textContent === 'Import',
        ) as HTMLButtonElement;
        button.click();
        while (!alert?.textContent && performance.now() - t0 < 10_000)
          await new Promise((r) => setTimeout(r, 10));
        return performance.now() - t0;
      });
      const said = await page.getByRole('region', { name: 'Review' }).getByRole('alert').textContent();
      expect(said).toMatch(
        /^Nothing was imported from huge\.json\. This file is 200 MB; Attune imports files up to 100 MB\./,
      );
      expect(ms).toBeLessThan(1000);
      expect(await page.locator('#review-learner option').count()).toBe(0);
    },
    ALLOWANCE_MS,
  );
});
