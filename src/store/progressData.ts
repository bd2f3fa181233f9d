import type { IDBPDatabase } from 'idb';
import { type ProgressRow, progressRowOf } from '../core/progress/progressCsv.ts';
import type { Learner } from '../core/records.ts';
import { sessionMetaOf } from './learnerData.ts';
import type { AttuneDb, LogStore } from './logStore.ts';
import { sessionCorrections } from './reviewNotes.ts';

/** What review's progress views read from the log; the figures themselves are worked out in core/progress. */

/**
 * Every learner, by pseudonym, with the start of each of their sessions: all the school overview needs. One
 * read-only transaction over the session records, which carry their start, so no event is read however long
 * the sessions were.
 */
export async function sessionStartsByLearner(
  db: IDBPDatabase<AttuneDb>,
): Promise<{ learner: Learner; starts: number[] }[]> {
  const tx = db.transaction(['learners', 'sessions'], 'readonly');
  const [learners, sessions] = await Promise.all([
    tx.objectStore('learners').getAll(),
    tx.objectStore('sessions').getAll(),
  ]);
  await tx.done;
  const starts = new Map<string, number[]>(learners.map((l) => [l.id, []]));
  for (const s of sessions) starts.get(s.learnerId)?.push(s.startedAt);
  return learners
    .sort((a, b) => a.pseudonym.localeCompare(b.pseudonym))
    .map((learner) => ({ learner, starts: starts.get(learner.id) ?? [] }));
}

/**
 * A learner's progress rows, figured on the events as staff corrected them, one session at a time: each session's events are read, figured and let go before
 * the next is read, so a learner with a hundred long sessions never has all their events in memory at once.
 */
export async function learnerProgressRows(store: LogStore, learnerId: string): Promise<ProgressRow[]> {
  const rows: ProgressRow[] = [];
  for (const session of await store.sessions(learnerId)) {
    const [events, corrections] = await Promise.all([
      store.events(session.id),
      sessionCorrections(store.db, session.id),
    ]);
    rows.push(progressRowOf(sessionMetaOf(session), events, corrections));
  }
  return rows;
}
