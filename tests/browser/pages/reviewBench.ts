import { SCHEMA_VERSION } from '../../../src/core/events.ts';
import { type ExportedSession, makeExport } from '../../../src/core/exportFormat.ts';
import { progressCsv, progressRowOf } from '../../../src/core/progress/progressCsv.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { lastEventMs } from '../../../src/core/turns/summary.ts';
import { importExport, sessionMetaOf } from '../../../src/store/learnerData.ts';
import { LogStore } from '../../../src/store/logStore.ts';
import { learnerProgressRows } from '../../../src/store/progressData.ts';
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

declare global {
  interface Window {
    seedSchool?: typeof seedSchool;
    progressBreakdown?: typeof progressBreakdown;
  }
}
window.seedSchool = seedSchool;
window.progressBreakdown = progressBreakdown;
