import { type LogEvent, SCHEMA_VERSION } from '../../../src/core/events.ts';
import { type ExportedSession, makeExport, toJson } from '../../../src/core/exportFormat.ts';
import { progressCsv, progressRowOf } from '../../../src/core/progress/progressCsv.ts';
import { verdicts } from '../../../src/core/review/corrections.ts';
import { sessionFigures } from '../../../src/core/review/sessionFigures.ts';
import { reviewSession } from '../../../src/core/review/sessionReview.ts';
import { buildTimeline } from '../../../src/core/review/timeline.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { lastEventMs } from '../../../src/core/turns/summary.ts';
import { FIRST_VIEW_MS, tracesOf } from '../../../src/review/timelineView.ts';
import { batchesByEvents, sessionsEvents } from '../../../src/store/figuring.ts';
import { sessionMetaOf } from '../../../src/store/learnerData.ts';
import { LogStore } from '../../../src/store/logStore.ts';
import {
  EVENTS_READ_TOGETHER,
  forgetFigured,
  fundamentalFirsts,
  importAndFigure,
  learnerProgressRows,
  learnerProgressSessions,
  SESSIONS_READ_TOGETHER,
} from '../../../src/store/progressData.ts';
import { featuresBetween, sessionCorrections, sessionDiary } from '../../../src/store/reviewNotes.ts';
import { interactionEvents } from '../../unit/support/interaction.ts';
import { prng } from '../../unit/support/timeline.ts';

/**
 * A school for the review benchmark, put into the app's own log (the `attune` database) through the app's own
 * import (figures and all), one learner a transaction, as an import of sixty export files would. Each learner has
 * their sessions spread over the last year, a few of them not seen for weeks. The first `files` learners'
 * sessions are full length and are not imported here: their export files are handed back, for the bench to import
 * through review as staff would and then press Progress charts at once. The others' sessions are short, since the
 * school overview reads no events and sixty learners of full sessions would take minutes to write for nothing.
 */
export interface SchoolSeed {
  learners: number;
  sessions: number;
  events: number;
  /** The learners to import in the app, first by pseudonym: the first of them is timed in every other way. */
  files: { id: string; pseudonym: string; sessions: number; events: number; text: string }[];
  seedMs: number;
}

export interface ProgressBreakdown {
  /** The review's own function, as the button calls it: read a session's events, figure it, next. */
  rowsMs: number;
  csvMs: number;
  /** The parts of it: reading every session's events, and figuring them once read. */
  readMs: number;
  figureMs: number;
  rows: number;
  bytes: number;
}

const DAY = 86_400_000;

async function seedSchool(
  learners: number,
  sessionsEach: number,
  fullMinutes: number,
  shortMinutes: number,
  files: number,
): Promise<SchoolSeed> {
  const t0 = performance.now();
  const store = await LogStore.open();
  const rand = prng(2026);
  const now = Date.now();
  let sessions = 0;
  let events = 0;
  const out: SchoolSeed['files'] = [];
  for (let l = 0; l < learners; l++) {
    const learner = {
      id: crypto.randomUUID(),
      pseudonym: `Learner ${String(l + 1).padStart(2, '0')}`,
      createdAt: now - 400 * DAY,
    };
    // One learner in eight has not been seen for three to six weeks.
    const lastDaysAgo = l % 8 === 7 ? 21 + rand() * 21 : rand() * 6;
    const list: ExportedSession[] = [];
    for (let i = 0; i < sessionsEach; i++) {
      const log = interactionEvents(rand, l < files ? fullMinutes : shortMinutes);
      const startedAt = Math.round(now - (lastDaysAgo + (i / sessionsEach) * 365) * DAY);
      list.push({
        meta: {
          id: `${learner.id}-${i}`,
          learnerId: learner.id,
          startedAt,
          endedAt: startedAt + lastEventMs(log) + 2000,
          status: 'ended',
          schemaVersion: SCHEMA_VERSION,
          turnParams: { ...DEFAULT_TURN_PARAMS },
        },
        events: log,
      });
    }
    const data = makeExport(learner, list, now);
    const count = list.reduce((n, s) => n + s.events.length, 0);
    if (l < files) {
      out.push({ ...learner, sessions: list.length, events: count, text: toJson(data) });
    } else {
      const added = await importAndFigure(store, data);
      await added.figured;
    }
    sessions += list.length;
    events += count;
  }
  store.close();
  return { learners, sessions, events, files: out, seedMs: performance.now() - t0 };
}

async function progressBreakdown(learnerId: string): Promise<ProgressBreakdown> {
  const store = await LogStore.open();
  // This page's memory only: the log's figures stay, as the app keeps them.
  await forgetFigured();
  const t0 = performance.now();
  const rows = await learnerProgressRows(store, learnerId);
  const t1 = performance.now();
  const text = progressCsv(rows);
  const t2 = performance.now();
  const stored = await store.sessions(learnerId);
  const logs = [];
  for (const s of stored) logs.push({ meta: sessionMetaOf(s), events: await store.events(s.id) });
  const t3 = performance.now();
  for (const { meta, events } of logs) progressRowOf(meta, events);
  const t4 = performance.now();
  store.close();
  return {
    rowsMs: t1 - t0,
    csvMs: t2 - t1,
    readMs: t3 - t2,
    figureMs: t4 - t3,
    rows: rows.length,
    bytes: new Blob([text]).size,
  };
}

export interface LongSeed {
  pseudonym: string;
  events: number;
  featureChunks: number;
}

/**
 * One learner, sorted last, with one session `hours` long: turns, Attune's answers, tags, and every ten seconds
 * a few seconds of attention, and now and then a smile and a moment close together, with the voice level and
 * movement stored ten times a second for all of it, as a session that long would leave them.
 */
async function seedLongSession(hours: number): Promise<LongSeed> {
  const store = await LogStore.open();
  const rand = prng(6);
  const now = Date.now();
  const learner = { id: crypto.randomUUID(), pseudonym: 'Zed (one long session)', createdAt: now - DAY };
  const minutes = hours * 60;
  const log: LogEvent[] = interactionEvents(rand, minutes);
  for (let t = 0; t < minutes * 60_000; t += 10_000) {
    log.push({
      kind: 'attention',
      party: 'learner',
      target: rand() < 0.5 ? 'person' : 'screen',
      startMs: t + 1000,
      endMs: t + 1000 + rand() * 6000,
    });
    if (rand() < 0.2)
      log.push({ kind: 'smile', party: 'learner', startMs: t + 2000, endMs: t + 3500, peakScore: 0.6 });
    if (rand() < 0.1) log.push({ kind: 'proximity', startMs: t + 500, endMs: t + 4500, minGap: 0.2 });
  }
  const startedAt = now - 2 * DAY;
  const id = `${learner.id}-long`;
  const meta = {
    id,
    learnerId: learner.id,
    startedAt,
    endedAt: startedAt + minutes * 60_000,
    status: 'ended' as const,
    schemaVersion: SCHEMA_VERSION,
    turnParams: { ...DEFAULT_TURN_PARAMS },
  };
  await (await importAndFigure(store, makeExport(learner, [{ meta, events: log }], now))).figured;
  const chunks = (minutes * 60_000) / 1000;
  const tx = store.db.transaction('features', 'readwrite');
  for (let c = 0; c < chunks; c++) {
    const level = Array.from({ length: 10 }, () => Math.round((-70 + rand() * 50) * 10) / 10);
    const motion = Array.from({ length: 10 }, () => Math.round(rand() * 300) / 100);
    void tx.store.put({ sessionId: id, startMs: c * 1000, levelDbfs: level, motion });
  }
  await tx.done;
  store.close();
  return { pseudonym: learner.pseudonym, events: log.length, featureChunks: chunks };
}

/** Where a session page's time goes, part by part, as the page does each (ms). */
export interface SessionPageBreakdown {
  eventsMs: number;
  firstFeaturesMs: number;
  notesMs: number;
  /** The four reads at once, as the page makes them. */
  readMs: number;
  reviewMs: number;
  figuresMs: number;
  timelineMs: number;
  firstsMs: number;
  allFeaturesMs: number;
  tracesMs: number;
}

async function sessionPageBreakdown(pseudonym: string): Promise<SessionPageBreakdown> {
  const store = await LogStore.open();
  const learner = (await store.learners()).find((l) => l.pseudonym === pseudonym);
  const session = learner ? (await store.sessions(learner.id))[0] : undefined;
  if (!session) throw new Error(`no session for ${pseudonym}`);
  const id = session.id;
  const time = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
    const t0 = performance.now();
    const r = await f();
    return [r, performance.now() - t0];
  };
  const [events, eventsMs] = await time(() => store.events(id));
  const [, firstFeaturesMs] = await time(() => featuresBetween(store.db, id, 0, FIRST_VIEW_MS));
  const [, notesMs] = await time(() =>
    Promise.all([sessionCorrections(store.db, id), sessionDiary(store.db, id)]),
  );
  const [, readMs] = await time(() =>
    Promise.all([
      store.events(id),
      featuresBetween(store.db, id, 0, FIRST_VIEW_MS),
      sessionCorrections(store.db, id),
      sessionDiary(store.db, id),
    ]),
  );
  const meta = sessionMetaOf(session);
  const [r, reviewMs] = await time(() => reviewSession(meta, events, []));
  const [, figuresMs] = await time(() => sessionFigures(r.summary, r.seen));
  const [, timelineMs] = await time(() =>
    buildTimeline(events, verdicts([]), r.analysis.sequences, r.durationMs),
  );
  const [, firstsMs] = await time(() =>
    fundamentalFirsts(store, session.learnerId, session.startedAt, { sessionId: id, rows: r.fundamentals }),
  );
  const [features, allFeaturesMs] = await time(() => store.features(id));
  const [, tracesMs] = await time(() => tracesOf(features));
  store.close();
  return {
    eventsMs,
    firstFeaturesMs,
    notesMs,
    readMs,
    reviewMs,
    figuresMs,
    timelineMs,
    firstsMs,
    allFeaturesMs,
    tracesMs,
  };
}

/**
 * The progress page's reading and figuring for a learner, without drawing (ms): every session read and figured
 * (with the default settings given, as a re-score does, so that the figures the log keeps are neither used nor
 * changed), then with the figures the log keeps (this page's memory forgotten), then from memory.
 */
async function progressFiguring(
  learnerId: string,
): Promise<{ coldMs: number; keptMs: number; warmMs: number }> {
  const store = await LogStore.open();
  await forgetFigured();
  const t0 = performance.now();
  await learnerProgressSessions(store, learnerId, { ...DEFAULT_TURN_PARAMS });
  const t1 = performance.now();
  await forgetFigured();
  await learnerProgressSessions(store, learnerId);
  const t2 = performance.now();
  await learnerProgressSessions(store, learnerId);
  const t3 = performance.now();
  store.close();
  return { coldMs: t1 - t0, keptMs: t2 - t1, warmMs: t3 - t2 };
}

/** Ways of reading a learner's sessions' events (ms each, the same events every way). */
export interface ReadWays {
  events: number;
  /** As review read them until now: the session index's getAll, ten sessions to a transaction, requests together. */
  indexTenAtATimeMs: number;
  /**
   * As review reads them now: figuring.ts `sessionsEvents` (each session's range of keys) over the batches
   * `figuredSessions` makes (some 20 000 events a transaction).
   */
  reviewMs: number;
  /** `sessionsEvents`, ten sessions to a transaction. */
  keyRangeTenAtATimeMs: number;
  /** The session index's getAll, every session's request in one transaction. */
  indexAllAtOnceMs: number;
  /** A cursor over the session index, one session after another. */
  cursorMs: number;
}

async function readWays(learnerId: string): Promise<ReadWays> {
  const store = await LogStore.open();
  const stored = await store.sessions(learnerId);
  const ids = stored.map((s) => s.id);
  const db = store.db;
  const time = async (f: () => Promise<number>): Promise<[number, number]> => {
    const t0 = performance.now();
    const n = await f();
    return [n, performance.now() - t0];
  };
  const [events, indexTenAtATimeMs] = await time(async () => {
    let n = 0;
    for (let b = 0; b < ids.length; b += 10) {
      const tx = db.transaction('events', 'readonly');
      const index = tx.store.index('by-session');
      const rows = await Promise.all(ids.slice(b, b + 10).map((id) => index.getAll(id)));
      await tx.done;
      for (const r of rows) n += r.length;
    }
    return n;
  });
  const [byReview, reviewMs] = await time(async () => {
    let n = 0;
    for (const batch of batchesByEvents(stored, EVENTS_READ_TOGETHER, SESSIONS_READ_TOGETHER)) {
      const lists = await sessionsEvents(
        db,
        batch.map((s) => s.id),
      );
      for (const list of lists) n += list.length;
    }
    return n;
  });
  const [byRange, keyRangeTenAtATimeMs] = await time(async () => {
    let n = 0;
    for (let b = 0; b < ids.length; b += 10) {
      for (const list of await sessionsEvents(db, ids.slice(b, b + 10))) n += list.length;
    }
    return n;
  });
  const [, indexAllAtOnceMs] = await time(async () => {
    const tx = db.transaction('events', 'readonly');
    const index = tx.store.index('by-session');
    const rows = await Promise.all(ids.map((id) => index.getAll(id)));
    await tx.done;
    return rows.reduce((n, r) => n + r.length, 0);
  });
  const [byCursor, cursorMs] = await time(async () => {
    const tx = db.transaction('events', 'readonly');
    const index = tx.store.index('by-session');
    let n = 0;
    for (const id of ids) {
      for (let c = await index.openCursor(IDBKeyRange.only(id)); c; c = await c.continue()) n++;
    }
    await tx.done;
    return n;
  });
  store.close();
  if (byRange !== events || byCursor !== events || byReview !== events)
    throw new Error('the ways of reading disagree');
  return { events, indexTenAtATimeMs, reviewMs, keyRangeTenAtATimeMs, indexAllAtOnceMs, cursorMs };
}

declare global {
  interface Window {
    seedSchool?: typeof seedSchool;
    progressBreakdown?: typeof progressBreakdown;
    seedLongSession?: typeof seedLongSession;
    sessionPageBreakdown?: typeof sessionPageBreakdown;
    progressFiguring?: typeof progressFiguring;
    readWays?: typeof readWays;
  }
}
window.seedSchool = seedSchool;
window.progressBreakdown = progressBreakdown;
window.seedLongSession = seedLongSession;
window.sessionPageBreakdown = sessionPageBreakdown;
window.progressFiguring = progressFiguring;
window.readWays = readWays;
