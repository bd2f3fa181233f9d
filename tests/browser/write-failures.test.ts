import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { addLearner, panelProblem } from './support/staff.ts';
import { allowHoldingTimers } from './support/timerHold.ts';

/** What the init script below adds to the page's window: switches the test flips. */
interface TestSwitches {
  /** While true, every IndexedDB add and put throws QuotaExceededError, as on a full disk. */
  attuneFailWrites?: boolean;
  /** While true, the page's interval timers skip their turns, as a hidden tab's throttled timers do. */
  attuneHoldTimers?: boolean;
}

/**
 * A full disk and throttled timers (support/timerHold.ts), on demand. Installed before the app loads, so idb (which
 * looks the methods up on the prototype when they are called) and the app's timers go through them.
 */
async function installSwitches(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as Window & TestSwitches;
    for (const method of ['add', 'put'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
        if (w.attuneFailWrites) throw new DOMException('The disk is full (a test).', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
  await allowHoldingTimers(context);
}

function setSwitches(page: Page, switches: TestSwitches): Promise<void> {
  return page.evaluate((s) => {
    Object.assign(window, s);
  }, switches);
}

interface LogOnDisk {
  sessions: { id: string; status: string; counts: { touch: number } }[];
  touches: number;
  /** Every event, of any kind. */
  events: number;
}

/** The log as it is on disk, read straight from IndexedDB (no app code involved). */
function logOnDisk(page: Page): Promise<LogOnDisk> {
  return page.evaluate(
    () =>
      new Promise<LogOnDisk>((resolve, reject) => {
        const open = indexedDB.open('attune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['sessions', 'events'], 'readonly');
          const sessions = tx.objectStore('sessions').getAll();
          const events = tx.objectStore('events').getAll();
          tx.oncomplete = () => {
            resolve({
              sessions: sessions.result as LogOnDisk['sessions'],
              touches: (events.result as { event: { kind: string } }[]).filter(
                (r) => r.event.kind === 'touch',
              ).length,
              events: events.result.length,
            });
            db.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function startSession(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start session' }).click();
  await waitFor(
    () => page.getByRole('dialog', { name: 'Practitioner panel' }).isHidden(),
    (h) => h,
    'the panel to hide',
  );
}

async function tap(page: Page, times: number): Promise<void> {
  const stage = page.locator('#stage canvas');
  for (let i = 0; i < times; i++) await stage.click({ position: { x: 150 + (i % 8) * 100, y: 300 } });
}

/** The page goes hidden (or visible again), as when staff switch to another window. */
function setHidden(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (h ? 'hidden' : 'visible'),
    });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

describe('writing the log when writes fail or timers stall', () => {
  let s: Session | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  /** A session on disk for `learner`, with the page's timers stalled from here on. */
  async function sessionWithStalledTimers(learner: string): Promise<Page> {
    s = await launch({ noDevices: true });
    await installSwitches(s.context);
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, learner);
    await startSession(page);
    await waitFor(
      () => logOnDisk(page),
      (l) => l.sessions[0]?.status === 'live',
      'the session to be on disk',
    );
    // From here the page's timers stall, as a hidden tab's do (once a minute at worst).
    await setSwitches(page, { attuneHoldTimers: true });
    return page;
  }

  it('writes the queued events when the page is hidden, without waiting for a timer', async () => {
    const page = await sessionWithStalledTimers('Kit');
    await tap(page, 5);
    await setHidden(page, true);
    // Long enough for a write, far shorter than a throttled timer's minute.
    await page.waitForTimeout(1000);
    const log = await logOnDisk(page);
    expect(log.touches).toBe(5);
    expect(log.sessions[0]?.counts.touch).toBe(5);
  });

  it('writes the queued events as the tab is closed, without waiting for a timer', async () => {
    const page = await sessionWithStalledTimers('Lee');
    await tap(page, 4);
    await page.close();
    if (!s) throw new Error('no browser');
    const reader = await s.context.newPage();
    await reader.route(`${baseUrl()}/blank`, (r) =>
      r.fulfill({ body: '<!doctype html><title>blank</title>', contentType: 'text/html' }),
    );
    await reader.goto(`${baseUrl()}/blank`);
    await reader.waitForTimeout(500);
    const log = await logOnDisk(reader);
    expect(log.touches).toBe(4);
    expect(log.sessions[0]?.counts.touch).toBe(4);
  });

  it('keeps every event of a session ended while the disk is full, says how many wait, and saves them once it can', async () => {
    s = await launch({ noDevices: true });
    await installSwitches(s.context);
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, 'Rowan');
    await startSession(page);
    await tap(page, 3);
    await waitFor(
      () => logOnDisk(page),
      (l) => l.touches === 3,
      'the first three touches to be written',
    );
    // Their answers go in the same writes; one more write interval, so everything before the fill is on disk.
    await page.waitForTimeout(1500);
    const written = await logOnDisk(page);

    // The disk fills: four more touches, then the session is ended.
    await setSwitches(page, { attuneFailWrites: true });
    await tap(page, 4);
    await page.waitForTimeout(1200);
    await page.keyboard.press('p');
    await page.getByRole('button', { name: 'End session' }).click();
    const said = await waitFor(
      () => panelProblem(page),
      (t) => t.includes('waiting to be saved'),
      'the panel to say that events are waiting to be saved',
    );
    // Four touches and Attune's answers to them (a touch note is not played more often than the touch sound
    // allows, so how many answers depends on the taps' pace): the number is checked against the log below.
    const waiting = Number(
      /^(\d+) events of the session that has just ended are waiting to be saved/.exec(said)?.[1],
    );
    expect(waiting).toBeGreaterThanOrEqual(4);
    expect(said).toContain('Keep this window open');
    expect(said).not.toMatch(/IndexedDB|quota/i);
    // The practitioner can start again (the panel is back and its Start is on).
    expect(await page.getByRole('button', { name: 'Start session' }).isEnabled()).toBe(true);
    let log = await logOnDisk(page);
    expect(log.touches).toBe(3);
    // It is still being written, so a second window must not take it for a crashed one.
    expect(log.sessions[0]?.status).toBe('live');

    // Room again: everything reaches the log, the session ends, and the message goes.
    await setSwitches(page, { attuneFailWrites: false });
    await waitFor(
      () => panelProblem(page),
      (t) => t === '',
      'the message to go once the events are saved',
    );
    log = await logOnDisk(page);
    expect(log.touches).toBe(7);
    // What the panel said was waiting is what reached the log once there was room (the first three touches and
    // their answers were on disk already; the session's end record is not an event).
    expect(log.events - written.events).toBe(waiting);
    expect(log.sessions).toHaveLength(1);
    expect(log.sessions[0]?.status).toBe('ended');
    expect(log.sessions[0]?.counts.touch).toBe(7);
  });

  it('says why a session could not start while the disk is full, and starts once it can', async () => {
    s = await launch({ noDevices: true });
    await installSwitches(s.context);
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, 'Sky');
    await setSwitches(page, { attuneFailWrites: true });
    await page.getByRole('button', { name: 'Start session' }).click();
    const said = await waitFor(
      () => panelProblem(page),
      (t) => t !== '',
      'the panel to say why the session did not start',
    );
    expect(said).toMatch(/^The session could not start/);
    expect(said).toContain('storage for Attune is full');
    expect(said).not.toMatch(/IndexedDB|quota/i);
    expect(await page.getByRole('button', { name: 'Start session' }).isEnabled()).toBe(true);
    expect((await logOnDisk(page)).sessions).toEqual([]);

    await setSwitches(page, { attuneFailWrites: false });
    await startSession(page);
    await waitFor(
      () => logOnDisk(page),
      (l) => l.sessions.length === 1 && l.sessions[0]?.status === 'live',
      'the session to start once the disk has room',
    );
    await page.keyboard.press('p');
    expect(await panelProblem(page)).toBe('');
  });
});
