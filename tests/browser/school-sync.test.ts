import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/core/events.ts';
import { type AttuneExport, makeExport, toJson } from '../../src/core/exportFormat.ts';
import { EVENTS_PER_DOC } from '../../src/core/sync/schoolDocs.ts';
import { DEFAULT_TURN_PARAMS } from '../../src/core/turns/params.ts';
import { lastEventMs } from '../../src/core/turns/summary.ts';
import { interactionEvents } from '../unit/support/interaction.ts';
import { prng } from '../unit/support/timeline.ts';
import { type AppServer, startBuiltApp } from './support/appServer.ts';
import { launch, openApp, type Session, waitFor } from './support/browser.ts';
import { review } from './support/review.ts';
import { type SchoolServer, startSchoolServer } from './support/schoolServer.ts';
import { addLearner, enterStaffPin } from './support/staff.ts';

/**
 * Two PCs of one school (two Chromium profiles) and the school's CouchDB (a CouchDB-compatible server on disk,
 * on 127.0.0.1), with the app served as `npm start` serves it with ATTUNE_SCHOOL_SERVER set. A session recorded
 * on one PC shows in the other's review; then a push of many sessions is cut by killing the server half way and
 * starting it again: afterwards the server and both PCs hold every session exactly once, with all its events.
 */

const DATABASE = 'attune';
/** Each of Sam's sessions: events over 20 documents at most, so one session is cut part way. */
const BIG_SESSIONS = 8;

const syncLine = (page: Page): Promise<string> =>
  page
    .locator('#review-sync')
    .textContent()
    .then((t) => t ?? '');

async function openReview(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Review sessions' }).click();
  await enterStaffPin(page);
  await review(page).waitFor();
}

/** Each session in the PC's log, with how many events the log holds for it (read from IndexedDB itself). */
function logSessions(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const db = await request(indexedDB.open('attune'));
    const tx = db.transaction(['sessions', 'events'], 'readonly');
    const ids = (await request(tx.objectStore('sessions').getAllKeys())) as string[];
    const out: Record<string, number> = {};
    const byId = tx.objectStore('events').index('by-session');
    for (const id of ids) out[id] = await request(byId.count(id));
    db.close();
    return out;
  });
}

/** A learner's export with many long sessions: a push of some hundred documents, slow enough to be cut. */
function bigExport(now: number): AttuneExport {
  const rand = prng(1313);
  const learner = { id: 'learner-sam', pseudonym: 'Sam', createdAt: now - 30 * 86_400_000 };
  const sessions = Array.from({ length: BIG_SESSIONS }, (_, i) => {
    const events = interactionEvents(rand, 600);
    const startedAt = now - (i + 1) * 86_400_000;
    return {
      meta: {
        id: `sam-session-${i}`,
        learnerId: learner.id,
        startedAt,
        endedAt: startedAt + lastEventMs(events) + 1000,
        status: 'ended' as const,
        schemaVersion: SCHEMA_VERSION,
        turnParams: { ...DEFAULT_TURN_PARAMS },
      },
      events,
    };
  });
  return makeExport(learner, sessions, now);
}

describe('the school server: two PCs replicate through a CouchDB', () => {
  let server: SchoolServer;
  let app: AppServer;
  let pcA: Session;
  let pcB: Session;
  /** Session id -> number of events, as recorded or imported on PC A. */
  const expected: Record<string, number> = {};

  beforeAll(async () => {
    // Each write of documents held back 800 ms, as on a slow network, so that a push can be cut half way.
    server = await startSchoolServer(800);
    app = await startBuiltApp({ schoolServer: server.url });
    pcA = await launch({ noDevices: true });
    pcB = await launch({ noDevices: true });
    // Two PCs on one loaded machine: every wait is long, and neither is a figure the test checks.
    for (const pc of [pcA, pcB]) pc.page.setDefaultTimeout(120_000);
    await Promise.all([openApp(pcA.page, app.url), openApp(pcB.page, app.url)]);
  }, 900_000);

  afterAll(async () => {
    await pcA?.close();
    await pcB?.close();
    await app?.close();
    await server?.close();
  });

  it('shows a session recorded on one PC in the other PC’s review', async () => {
    const a = pcA.page;
    await addLearner(a, 'Robin');
    await a.getByRole('button', { name: 'Start session' }).click();
    const stage = a.locator('#stage canvas');
    for (let i = 0; i < 6; i++) {
      await stage.click({ position: { x: 200 + i * 60, y: 300 } });
      await a.waitForTimeout(300);
    }
    await a.keyboard.press('p');
    await a.getByRole('button', { name: 'End session' }).click();
    await openReview(a);
    const recorded = await waitFor(
      () => logSessions(a),
      (s) => Object.keys(s).length === 1,
      'the session in PC A’s log',
    );
    Object.assign(expected, recorded);
    const [id, events] = Object.entries(recorded)[0] ?? ['', 0];
    expect(events).toBeGreaterThanOrEqual(7);
    await waitFor(
      () => syncLine(a),
      (t) => /Last sent to the school server at/.test(t) && /Nothing is waiting/.test(t),
      'PC A to say its session was sent',
      180_000,
    );

    const b = pcB.page;
    await waitFor(
      () => logSessions(b),
      (s) => s[id] === events,
      'the session in PC B’s log',
      180_000,
    );
    await openReview(b);
    await review(b).getByLabel('Learner', { exact: true }).selectOption({ label: 'Robin' });
    const rows = review(b).getByRole('table', { name: 'Sessions' }).locator('tbody tr');
    await waitFor(
      () => rows.count(),
      (n) => n === 1,
      'Robin’s session in PC B’s review',
    );
    expect(await syncLine(b)).toMatch(/1 session from other computers arrived/);
  }, 600_000);

  it('resumes a push cut by the server being killed, and every session is everywhere exactly once', async () => {
    const a = pcA.page;
    const data = bigExport(Date.now());
    for (const s of data.sessions) expected[s.meta.id] = s.events.length;
    const eventDocs = data.sessions.reduce((n, s) => n + Math.ceil(s.events.length / EVENTS_PER_DOC), 0);
    expect(eventDocs).toBeGreaterThan(3 * 20);

    await review(a)
      .getByLabel('Import file')
      .setInputFiles({
        name: 'sam.json',
        mimeType: 'application/json',
        buffer: Buffer.from(toJson(data)),
      });
    await review(a).getByRole('button', { name: 'Import', exact: true }).click();
    await waitFor(
      () => syncLine(a),
      (t) => /waiting to be sent/.test(t),
      'PC A to start sending Sam’s sessions',
    );

    // Killed once part of the push has landed and part has not.
    const onServer = async () =>
      (await server.ids(DATABASE)).filter((id) => id.startsWith('events:sam-')).length;
    const before = await waitFor(onServer, (n) => n > 0, 'the first of the push on the server', 400_000);
    await server.kill();
    expect(before).toBeLessThan(eventDocs);
    await waitFor(
      () => syncLine(a),
      (t) => /Cannot reach the school server/.test(t) && /waiting to be sent/.test(t),
      'PC A to say it cannot reach the school server',
      180_000,
    );

    await server.restart();
    await waitFor(
      () => syncLine(a),
      (t) => /Up to date/.test(t) && /Nothing is waiting/.test(t),
      'PC A to be up to date again',
      300_000,
    );
    await waitFor(
      () => logSessions(pcB.page),
      (s) => Object.keys(s).length === Object.keys(expected).length,
      'every session on PC B',
      300_000,
    );

    expect(await logSessions(a)).toEqual(expected);
    expect(await logSessions(pcB.page)).toEqual(expected);

    const docs = await server.allDocs(DATABASE);
    const ids = docs.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const onTheServer: Record<string, number> = {};
    for (const { id, doc } of docs) {
      if (id.startsWith('session:')) onTheServer[id.slice('session:'.length)] ??= 0;
      if (id.startsWith('events:')) {
        const sid = String(doc.sessionId);
        onTheServer[sid] = (onTheServer[sid] ?? 0) + (doc.events as unknown[]).length;
      }
    }
    expect(onTheServer).toEqual(expected);
    expect(docs.filter((d) => d.id.startsWith('session:'))).toHaveLength(Object.keys(expected).length);
  }, 900_000);
});
