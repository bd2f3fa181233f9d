import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/events.ts';
import { DEFAULT_TURN_PARAMS } from '../../src/core/turns/params.ts';
import { summariseSession } from '../../src/core/turns/summary.ts';
import { figureCells } from '../../src/review/words.ts';
import { DB_VERSION } from '../../src/store/logStore.ts';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { addLearner, enterStaffPin } from './support/staff.ts';
import { allowHoldingTimers, holdTimers } from './support/timerHold.ts';

/** The stores of each older version of the log, as that version's `upgrade` made them. */
const OLD_STORES: Record<1 | 2, string[]> = {
  1: ['events', 'learners', 'sessions'],
  2: ['events', 'features', 'learners', 'sessions'],
};
const ALL_STORES = [
  'corrections',
  'diary',
  'engagement',
  'events',
  'features',
  'figures',
  'goals',
  'learners',
  'sessions',
  'voices',
];

const STARTED_AT = Date.UTC(2026, 2, 3, 10, 0, 0);
const DURATION_MS = 60_000;
/** Four alternating vocalisations, a touch and a tag: figures that are not all zero. */
const EVENTS: LogEvent[] = [
  {
    kind: 'vocal',
    party: 'learner',
    startMs: 1000,
    endMs: 1600,
    peakDbfs: -20,
    pitchHz: 300,
    confidence: 0.9,
  },
  {
    kind: 'vocal',
    party: 'practitioner',
    startMs: 2500,
    endMs: 3200,
    peakDbfs: -18,
    pitchHz: 180,
    confidence: 0.9,
  },
  {
    kind: 'vocal',
    party: 'learner',
    startMs: 4000,
    endMs: 4500,
    peakDbfs: -22,
    pitchHz: 310,
    confidence: 0.8,
  },
  { kind: 'touch', party: 'learner', startMs: 5000, endMs: 5200, x: 0.5, y: 0.5 },
  {
    kind: 'vocal',
    party: 'practitioner',
    startMs: 5600,
    endMs: 6000,
    peakDbfs: -19,
    pitchHz: 190,
    confidence: 0.9,
  },
  { kind: 'tag', atMs: 7000, tag: 'enjoying' },
];

/** A page of the app's own origin that is not the app: it reaches the same databases and runs no app code. */
async function originPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const url = `${baseUrl()}/blank`;
  await page.route(url, (r) =>
    r.fulfill({ body: '<!doctype html><title>blank</title>', contentType: 'text/html' }),
  );
  await page.goto(url);
  return page;
}

/**
 * Makes the log as an Attune of that database version left it: that version's stores and indexes, a learner,
 * an ended session of event schema 1 (whose counts lack the later kinds) and its events; version 2 also a
 * second of feature summaries.
 */
function createOldLog(page: Page, version: 1 | 2): Promise<void> {
  return page.evaluate(
    ({ version, events, turnParams, startedAt, durationMs }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('attune', version);
        open.onupgradeneeded = () => {
          const db = open.result;
          db.createObjectStore('learners', { keyPath: 'id' });
          db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('by-learner', 'learnerId');
          db.createObjectStore('events', { autoIncrement: true }).createIndex('by-session', 'sessionId');
          if (version >= 2) db.createObjectStore('features', { keyPath: ['sessionId', 'startMs'] });
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const stores =
            version >= 2
              ? ['learners', 'sessions', 'events', 'features']
              : ['learners', 'sessions', 'events'];
          const tx = db.transaction(stores, 'readwrite');
          tx.objectStore('learners').put({
            id: 'learner-old',
            pseudonym: 'Morgan',
            createdAt: startedAt - 86_400_000,
          });
          const counts = { vocal: 4, movement: 0, touch: 1, response: 0, tag: 1 };
          tx.objectStore('sessions').put({
            id: 'session-old',
            learnerId: 'learner-old',
            startedAt,
            endedAt: startedAt + durationMs,
            status: 'ended',
            schemaVersion: 1,
            turnParams,
            counts,
            lastEventMs: 7000,
          });
          for (const event of events) tx.objectStore('events').add({ sessionId: 'session-old', event });
          if (version >= 2)
            tx.objectStore('features').put({
              sessionId: 'session-old',
              startMs: 0,
              levelDbfs: Array.from({ length: 10 }, () => -60),
              motion: Array.from({ length: 10 }, () => 0),
            });
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    {
      version,
      events: EVENTS,
      turnParams: { ...DEFAULT_TURN_PARAMS },
      startedAt: STARTED_AT,
      durationMs: DURATION_MS,
    },
  );
}

interface LogShape {
  version: number;
  stores: string[];
  learners: number;
  sessions: number;
  events: number;
  features: number;
}

function logShape(page: Page): Promise<LogShape> {
  return page.evaluate(
    () =>
      new Promise<LogShape>((resolve, reject) => {
        const open = indexedDB.open('attune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const stores = Array.from(db.objectStoreNames).sort();
          const names = ['learners', 'sessions', 'events', 'features'].filter((n) => stores.includes(n));
          const tx = db.transaction(names, 'readonly');
          const counts = names.map((n) => tx.objectStore(n).count());
          tx.oncomplete = () => {
            const [learners, sessions, events, features] = counts.map((c) => c.result);
            resolve({
              version: db.version,
              stores,
              learners: learners ?? 0,
              sessions: sessions ?? 0,
              events: events ?? 0,
              features: features ?? 0,
            });
            db.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** How many events of each kind the log holds. */
function eventKinds(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('attune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('events', 'readonly').objectStore('events').getAll();
          all.onsuccess = () => {
            const out: Record<string, number> = {};
            for (const r of all.result as { event: { kind: string } }[])
              out[r.event.kind] = (out[r.event.kind] ?? 0) + 1;
            db.close();
            resolve(out);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/** What staff can read of a page, wherever Attune put it: the text of every alert on it. */
function alerts(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="alert"]'))
      .map((e) => e.textContent ?? '')
      .filter((t) => t.trim() !== '')
      .join(' | '),
  );
}

describe('the log from every older database version', () => {
  let s: Session | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  for (const version of [1, 2] as const) {
    it(`opens a log of version ${version} with its learner, session and events, and adds the new stores`, async () => {
      s = await launch({ noDevices: true });
      const maker = await originPage(s.context);
      await createOldLog(maker, version);
      expect((await logShape(maker)).stores).toEqual(OLD_STORES[version]);
      await maker.close();

      const { page } = s;
      await page.goto(baseUrl());
      await waitFor(
        () => page.getByLabel('Learner', { exact: true }).locator('option').allTextContents(),
        (names) => names.includes('Morgan'),
        'the old learner in the panel',
      );
      const shape = await logShape(page);
      expect(shape).toEqual({
        version: DB_VERSION,
        stores: ALL_STORES,
        learners: 1,
        sessions: 1,
        events: EVENTS.length,
        features: version >= 2 ? 1 : 0,
      });

      // Review lists the session with the figures its events give.
      await page.getByRole('button', { name: 'Review sessions' }).click();
      await enterStaffPin(page);
      await page.locator('#review-learner').selectOption({ label: 'Morgan' });
      const table = page.getByRole('table', { name: 'Sessions' });
      const row = table.getByRole('row').nth(1);
      await waitFor(
        async () =>
          (await table.getAttribute('aria-busy')) === null && (await row.getAttribute('aria-busy')) === null,
        (done) => done,
        'the session’s figures',
      );
      const cells = await row.getByRole('cell').allTextContents();
      const expected = figureCells(summariseSession(EVENTS, DEFAULT_TURN_PARAMS, DURATION_MS));
      expect(cells.slice(2, 8)).toEqual(['ended', ...expected]);
      expect(cells[8]).toContain('4 vocalisations');
      expect(cells[8]).toContain('1 touch');
    });
  }
});

describe('two versions of Attune open at once', () => {
  let s: Session | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('an open Attune tab writes what it holds, gives way to a newer version and tells its user to reload', async () => {
    s = await launch({ noDevices: true });
    // The page's interval timers can be stalled, so that only giving way can write the queued touches.
    await allowHoldingTimers(s.context);
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, 'Quinn');
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => page.getByRole('dialog', { name: 'Practitioner panel' }).isHidden(),
      (h) => h,
      'the panel to hide',
    );
    await waitFor(
      () => logShape(page).then((l) => l.sessions),
      (n) => n === 1,
      'the session on disk',
    );
    await holdTimers(page);
    const stage = page.locator('#stage canvas');
    for (let i = 0; i < 3; i++) await stage.click({ position: { x: 200 + i * 100, y: 300 } });

    // A newer Attune (one version on, with nothing to change) opens the log from another tab.
    const newer = await originPage(s.context);
    const opened = await newer.evaluate(
      (version) =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('attune', version);
          open.onupgradeneeded = () => undefined;
          open.onsuccess = () => {
            open.result.close();
            resolve('opened');
          };
          open.onerror = () => resolve(`failed: ${open.error?.message}`);
          open.onblocked = () => setTimeout(() => resolve('still blocked after 10 s'), 10_000);
        }),
      DB_VERSION + 1,
    );
    expect(opened).toBe('opened');
    const said = await waitFor(
      () => alerts(page),
      (t) => t.includes('Reload this page'),
      'the old tab to ask for a reload',
    );
    expect(said).toContain('Attune has been updated in another tab or window');
    // The touches it held, and Attune's answers to them, were written before it let go. A touch note sounds at
    // most every 300 ms, so quick taps get one to three answers; the first is always answered.
    const kinds = await eventKinds(newer);
    expect(kinds.touch).toBe(3);
    expect(kinds.response ?? 0).toBeGreaterThanOrEqual(1);
    expect(Object.keys(kinds).sort()).toEqual(['response', 'touch']);

    // Reloaded, this (older) Attune says in words that the log is newer than it.
    await page.reload();
    const fatal = await waitFor(
      () => alerts(page),
      (t) => t.includes('could not start'),
      'the older Attune to say why it cannot open the log',
    );
    expect(fatal).toContain('newer version of Attune');
    expect(fatal).not.toMatch(/IndexedDB|requested version/i);
  });

  it('a newer Attune blocked by an old tab says to close or reload it, and carries on once it is closed', async () => {
    s = await launch({ noDevices: true });
    // An older Attune (version 2 of the log), open in another tab, that does not give way.
    const older = await originPage(s.context);
    await createOldLog(older, 2);
    await older.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('attune', 2);
          open.onsuccess = () => {
            (window as Window & { held?: IDBDatabase }).held = open.result;
            resolve();
          };
          open.onerror = () => reject(open.error);
        }),
    );

    const { page } = s;
    await page.goto(baseUrl());
    const said = await waitFor(
      () => alerts(page),
      (t) => t !== '',
      'the new tab to say what it waits for',
    );
    expect(said).toContain('Close or reload the other Attune tabs');

    await older.close();
    await waitFor(
      () => page.getByLabel('Learner', { exact: true }).locator('option').allTextContents(),
      (names) => names.includes('Morgan'),
      'the new tab to carry on with the log',
    );
    expect(await alerts(page)).not.toContain('Close or reload');
    expect((await logShape(page)).stores).toEqual(ALL_STORES);
  });

  it('says so when the browser closes the log’s connection', async () => {
    s = await launch({ noDevices: true });
    const { page } = s;
    await page.goto(baseUrl());
    await page.getByRole('button', { name: 'Add learner' }).waitFor();
    // As when someone clears the site's data in the browser's settings while Attune is open.
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: baseUrl(), storageTypes: 'indexeddb' });
    const said = await waitFor(
      () => alerts(page),
      (t) => t !== '',
      'the page to say it lost the log',
    );
    expect(said).toContain('Attune has lost its connection to the sessions saved on this computer');
    expect(said).toContain('Reload this page');
  });
});
