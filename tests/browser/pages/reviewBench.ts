import { type LogEvent, SCHEMA_VERSION } from '../../../src/core/events.ts';
import { type ExportedSession, makeExport } from '../../../src/core/exportFormat.ts';
import { progressCsv, progressRowOf } from '../../../src/core/progress/progressCsv.ts';
import { verdicts } from '../../../src/core/review/corrections.ts';
import { sessionFigures } from '../../../src/core/review/sessionFigures.ts';
import { reviewSession } from '../../../src/core/review/sessionReview.ts';
import { buildTimeline } from '../../../src/core/review/timeline.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { lastEventMs } from '../../../src/core/turns/summary.ts';
import { FIRST_VIEW_MS, tracesOf } from '../../../src/review/timelineView.ts';
import { importExport, sessionMetaOf } from '../../../src/store/learnerData.ts';
import { LogStore } from '../../../src/store/logStore.ts';
import {
  forgetFigured,
  fundamentalFirsts,
  learnerProgressRows,
  learnerProgressSessions,
} from '../../../src/store/progressData.ts';
import { featuresBetween, sessionCorrections, sessionDiary } from '../../../src/store/reviewNotes.ts';
import { interactionEvents } from '../../unit/support/interaction.ts';
import { prng } from '../../unit/support/timeline.ts';

/**
 * A school for the review benchmark, put into the app's own log (the `attune` database) through the app's own
 * import, one learner a transaction, as an import of sixty export files would. Each learner has their sessions
 * spread over the last year, a few of them not seen for weeks. The first learner's sessions are full length
 * (their progress CSV is what is timed); the others' are short, since the school overview reads no events and
 * sixty learners of full sessions would take minutes to write for nothing.
 */
export interface SchoolSeed {
  learners: number;
  sessions: number;
  events: number;
  /** The learner whose progress CSV is timed: the first by pseudonym, as review lists them. */
  measured: { id: string; pseudonym: string; sessions: number; events: number };
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
): Promise<SchoolSeed> {
  const t0 = performance.now();
  const store = await LogStore.open();
  const rand = prng(2026);
  const now = Date.now();
  let sessions = 0;
  let events = 0;
  let measured: SchoolSeed['measured'] | null = null;
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
      const log = interactionEvents(rand, l === 0 ? fullMinutes : shortMinutes);
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
    const added = await importExport(store.db, makeExport(learner, list, now));
    sessions += added.sessionsAdded;
    events += added.eventsAdded;
    if (l === 0) measured = { ...learner, sessions: added.sessionsAdded, events: added.eventsAdded };
  }
  store.close();
  if (!measured) throw new Error('no learner was made');
  return { learners, sessions, events, measured, seedMs: performance.now() - t0 };
}

async function progressBreakdown(learnerId: string): Promise<ProgressBreakdown> {
  const store = await LogStore.open();
  await forgetFigured(store);
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
  await importExport(store.db, makeExport(learner, [{ meta, events: log }], now));
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
 * The progress page's reading and figuring for a learner, without drawing (ms): with nothing figured yet, then
 * again with every session figured already (as after the sessions table or an earlier opening).
 */
async function progressFiguring(learnerId: string): Promise<{ coldMs: number; warmMs: number }> {
  const store = await LogStore.open();
  await forgetFigured(store);
  const t0 = performance.now();
  await learnerProgressSessions(store, learnerId);
  const t1 = performance.now();
  await learnerProgressSessions(store, learnerId);
  const t2 = performance.now();
  store.close();
  return { coldMs: t1 - t0, warmMs: t2 - t1 };
}

declare global {
  interface Window {
    seedSchool?: typeof seedSchool;
    progressBreakdown?: typeof progressBreakdown;
    seedLongSession?: typeof seedLongSession;
    sessionPageBreakdown?: typeof sessionPageBreakdown;
    progressFiguring?: typeof progressFiguring;
  }
}
window.seedSchool = seedSchool;
window.progressBreakdown = progressBreakdown;
window.seedLongSession = seedLongSession;
window.sessionPageBreakdown = sessionPageBreakdown;
window.progressFiguring = progressFiguring;
