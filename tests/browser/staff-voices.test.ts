import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, openApp, type Session, waitFor } from './support/browser.ts';
import { BOY, conversationMicFile, GIRL, practitionerAloneMicFile } from './support/conversation.ts';
import { addLearner, enterStaffPin, unlockStaff } from './support/staff.ts';

/**
 * Staff voices through the UI with the fake microphone, on one computer (one browser profile, reopened with
 * another microphone file each time): a practitioner records their voice once; two learners, each with a voice
 * of their own and never recorded, have a session with that practitioner; review shows exchanges for both. The
 * panel's warning says turns cannot be counted while no practitioner voice is known, and goes once there is one.
 */

interface StoredVocal {
  sessionId: string;
  party: string;
  confidence: number;
  hasVoice: boolean;
}

/** The vocal events in the log, straight from IndexedDB (no app code involved). */
function vocals(page: Page): Promise<StoredVocal[]> {
  return page.evaluate(
    () =>
      new Promise<StoredVocal[]>((resolve, reject) => {
        const open = indexedDB.open('attune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('events', 'readonly').objectStore('events').getAll();
          req.onsuccess = () => {
            db.close();
            const rows = req.result as {
              sessionId: string;
              event: { kind: string; party: string; confidence: number; voice?: unknown };
            }[];
            resolve(
              rows
                .filter((r) => r.event.kind === 'vocal')
                .map((r) => ({
                  sessionId: r.sessionId,
                  party: r.event.party,
                  confidence: r.event.confidence,
                  hasVoice: r.event.voice !== undefined,
                })),
            );
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

/** What each database of this profile holds, by store: the staff voice must stay out of the log's. */
function storesOf(page: Page, name: string): Promise<Record<string, number>> {
  return page.evaluate(
    (dbName) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const out: Record<string, number> = {};
          if (names.length === 0) {
            db.close();
            resolve(out);
            return;
          }
          const tx = db.transaction(names, 'readonly');
          for (const n of names) {
            const req = tx.objectStore(n).count();
            req.onsuccess = () => {
              out[n] = req.result;
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    name,
  );
}

const warning = (page: Page) =>
  page
    .locator('#turns-warning')
    .textContent()
    .then((t) => t ?? '');

/** As a practitioner does: waits until the voice meter is live (the room's noise floor is known). */
async function meterLive(page: Page): Promise<void> {
  await waitFor(
    () => page.getByRole('meter', { name: 'Voice level' }).getAttribute('aria-valuetext'),
    (t) => /threshold -\d+ dB/.test(t ?? '') && !(t ?? '').includes('-120'),
    'the voice meter to be live',
    // The microphone opens after the stage and the panel are built: minutes on a loaded machine.
    120_000,
  );
  await page.waitForTimeout(3000);
}

/** Runs a session until `more` vocalisations are logged, ends it, and reads its exchanges from review. */
async function sessionExchanges(
  page: Page,
  more: number,
): Promise<{ exchanges: number; logged: StoredVocal[] }> {
  const before = (await vocals(page)).length;
  await page.getByRole('button', { name: 'Start session' }).click();
  await waitFor(
    () => page.getByRole('dialog', { name: 'Practitioner panel' }).isHidden(),
    (hidden) => hidden,
    'the panel to hide',
  );
  const all = await waitFor(
    () => vocals(page),
    (v) => v.length >= before + more,
    `${more} vocalisations`,
    90_000,
  );
  await page.keyboard.press('p');
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByRole('button', { name: 'Review sessions' }).click();
  await enterStaffPin(page);
  const cell = page.getByRole('table', { name: 'Sessions' }).getByRole('row').nth(1).getByRole('cell').nth(3);
  const text = await waitFor(
    () => cell.textContent(),
    (t) => /^\d+/.test(t ?? ''),
    'the exchanges figure',
  );
  await page.getByRole('button', { name: 'Back to panel' }).click();
  return { exchanges: Number.parseInt(text ?? '0', 10), logged: all.slice(before) };
}

describe('staff voices: recorded once, each learner by elimination', () => {
  const profile = mkdtempSync(join(tmpdir(), 'attune-staff-voices-'));
  let s: Session | undefined;
  /** Opens the app on this computer's profile with a microphone file (closing the browser left open, if any). */
  const reopen = async (audio: string): Promise<Page> => {
    await s?.close();
    // The microphone only: no camera, whose test pattern would keep the vision models busy for nothing.
    s = await launch({ audio, userDataDir: profile, noCamera: true });
    // A readiness allowance, not a measure: with nine agents on two cores the page can stall for tens of seconds.
    s.page.setDefaultTimeout(120_000);
    await openApp(s.page, baseUrl());
    return s.page;
  };
  afterAll(async () => {
    await s?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  // Each step is a test of its own: on a loaded machine a step takes a minute or more (a browser, the app, a PIN).
  // A step's allowance, not a measure: at a load of 67 on two cores the first step alone outlasted three minutes.
  const STEP_MS = 600_000;
  let page: Page;
  const cedarSessions = new Set<string>();

  it(
    'with nobody’s voice recorded, the panel says turns cannot be counted and what to do',
    async () => {
      page = await reopen(practitionerAloneMicFile().path);
      await meterLive(page);
      await addLearner(page, 'Ash');
      const before = await waitFor(
        () => warning(page),
        (t) => t !== '',
        'the turns warning',
      );
      expect(before).toMatch(/^Turns cannot be counted: Attune does not know the practitioner’s voice\./);
      expect(before).toContain('Record my voice');
    },
    STEP_MS,
  );

  it(
    'the practitioner records their voice once, under their name, and the warning goes',
    async () => {
      await unlockStaff(page);
      await page.getByLabel('Your name (staff)').fill('Ann');
      await page.getByRole('button', { name: 'Record my voice (5 s)' }).click();
      const status = await waitFor(
        () => page.locator('#voice-status-practitioner').textContent(),
        (t) => t?.startsWith('Ann’s voice.') === true,
        'the staff voice to be recorded',
        60_000,
      );
      expect(status).toMatch(/^Ann’s voice\. Enrolled: \d+\.\d s of voice, median pitch \d+ Hz\.$/);
      await waitFor(
        () => warning(page),
        (t) => t === '',
        'the warning to go',
      );
      expect(await page.locator('#turns-warning').isVisible()).toBe(false);
      // Kept in a database of its own: nothing of it in the log's.
      expect(await storesOf(page, 'attune-staff-voices')).toMatchObject({ staff: 1 });
      expect((await storesOf(page, 'attune')).voices ?? 0).toBe(0);
    },
    STEP_MS,
  );

  it(
    'learner Ash (a girl’s voice, never recorded) is chosen, with the practitioner remembered',
    async () => {
      page = await reopen(conversationMicFile('conversation-girl', GIRL).path);
      // Who is running sessions is remembered on this computer.
      expect(
        await page.getByLabel('Who is running the session').locator('option:checked').textContent(),
      ).toBe('Ann');
      // The panel's own list: "Learner" also names the panel's section and review's list of learners.
      await page
        .getByRole('region', { name: 'Learner' })
        .getByRole('combobox', { name: 'Learner', exact: true })
        .selectOption({ label: 'Ash' });
      await waitFor(
        () => page.locator('#voice-status-learner').textContent(),
        (t) => t?.startsWith('Not recorded') === true,
        'the learner to have no recorded voice',
      );
      expect(await warning(page)).toBe('');
      await meterLive(page);
    },
    STEP_MS,
  );

  it(
    'Ash’s session with the practitioner shows exchanges in review',
    async () => {
      const ash = await sessionExchanges(page, 6);
      console.info(`Ash: ${ash.exchanges} exchanges; ${JSON.stringify(ash.logged.map((v) => v.party))}`);
      expect(ash.logged.every((v) => v.hasVoice)).toBe(true);
      expect(ash.logged.some((v) => v.party === 'learner')).toBe(true);
      expect(ash.logged.some((v) => v.party === 'practitioner')).toBe(true);
      expect(ash.exchanges).toBeGreaterThan(0);
    },
    STEP_MS,
  );

  it(
    'another learner, Blue (a boy’s voice, never recorded), is added with the same practitioner',
    async () => {
      page = await reopen(conversationMicFile('conversation-boy', BOY).path);
      await meterLive(page);
      await addLearner(page, 'Blue');
      expect(await warning(page)).toBe('');
    },
    STEP_MS,
  );

  it(
    'Blue’s session with the practitioner shows exchanges in review too',
    async () => {
      const blue = await sessionExchanges(page, 6);
      console.info(`Blue: ${blue.exchanges} exchanges; ${JSON.stringify(blue.logged.map((v) => v.party))}`);
      expect(blue.logged.some((v) => v.party === 'learner')).toBe(true);
      expect(blue.logged.some((v) => v.party === 'practitioner')).toBe(true);
      expect(blue.exchanges).toBeGreaterThan(0);
    },
    STEP_MS,
  );

  it(
    'a session run with nobody chosen as the practitioner logs every vocalisation unknown, and the panel says so',
    async () => {
      await addLearner(page, 'Cedar');
      await page.getByLabel('Who is running the session').selectOption({ value: '' });
      const said = await waitFor(
        () => warning(page),
        (t) => t !== '',
        'the turns warning',
      );
      expect(said).toMatch(/^Turns cannot be counted: Attune does not know who is running the session\./);
      const cedar = await sessionExchanges(page, 6);
      console.info(`Cedar, nobody chosen: ${cedar.exchanges} exchanges`);
      expect(cedar.logged.every((v) => v.party === 'unknown' && v.hasVoice)).toBe(true);
      for (const v of cedar.logged) cedarSessions.add(v.sessionId);
      expect(cedar.exchanges).toBe(0);
    },
    STEP_MS,
  );

  it(
    'once the practitioner is chosen, labelling past vocalisations again gives that session its exchanges',
    async () => {
      await page.getByLabel('Who is running the session').selectOption({ label: 'Ann' });
      await waitFor(
        () => warning(page),
        (t) => t === '',
        'the warning to go',
      );
      await page.getByRole('button', { name: 'Label past vocalisations again' }).click();
      // Staff may still be unlocked from the last PIN (five minutes): the PIN is answered only if it is asked for.
      const result = page.getByText(
        /vocalisations left unknown in 1 session are now labelled|No vocalisation left/,
      );
      const pinDialog = page.getByRole('dialog', { name: 'Staff PIN' });
      await result.or(pinDialog).first().waitFor();
      if (await pinDialog.isVisible()) await enterStaffPin(page);
      const said = await waitFor(
        () => result.textContent({ timeout: 1000 }).catch(() => null),
        (t) => t !== null,
        'the relabelling to finish',
        60_000,
      );
      console.info(said);
      expect(said).toMatch(/^[1-9]\d* of \d+ vocalisations left unknown in 1 session are now labelled/);
      const labelled = (await vocals(page)).filter((v) => cedarSessions.has(v.sessionId));
      expect(labelled.some((v) => v.party === 'learner')).toBe(true);
      expect(labelled.some((v) => v.party === 'practitioner')).toBe(true);
      await page.getByRole('button', { name: 'Review sessions' }).click();
      await enterStaffPin(page);
      const cell = page
        .getByRole('table', { name: 'Sessions' })
        .getByRole('row')
        .nth(1)
        .getByRole('cell')
        .nth(3);
      const text = await waitFor(
        () => cell.textContent(),
        (t) => /^\d+/.test(t ?? ''),
        'the exchanges figure',
      );
      expect(Number.parseInt(text ?? '0', 10)).toBeGreaterThan(0);
    },
    STEP_MS,
  );
});
