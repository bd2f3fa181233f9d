import type { IDBPDatabase } from 'idb';
import { oldestFirst, type ProgressSession } from '../core/progress/learnerProgress.ts';
import { type ProgressRow, progressRowOf } from '../core/progress/progressCsv.ts';
import type { Learner } from '../core/records.ts';
import { standing } from '../core/review/corrections.ts';
import { type FundamentalRow, firsts } from '../core/review/fundamentalsSensed.ts';
import { reviewSession } from '../core/review/sessionReview.ts';
import type { TurnParams } from '../core/turns/params.ts';
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

/**
 * The session in which each Fundamental first showed (sensed or tagged) for a learner, looking at their
 * sessions oldest first up to `untilStartedAt`, one session's events at a time (`known` is one already figured).
 */
export async function fundamentalFirsts(
  store: LogStore,
  learnerId: string,
  untilStartedAt = Number.POSITIVE_INFINITY,
  known?: { sessionId: string; rows: FundamentalRow[] },
): Promise<Map<string, string>> {
  const sessions = (await store.sessions(learnerId))
    .filter((s) => s.startedAt <= untilStartedAt)
    .sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1));
  const history: { sessionId: string; rows: FundamentalRow[] }[] = [];
  for (const s of sessions) {
    // The session open on the page is figured already: its events need not be read again.
    if (known?.sessionId === s.id) {
      history.push(known);
      continue;
    }
    const [events, corrections] = await Promise.all([store.events(s.id), sessionCorrections(store.db, s.id)]);
    history.push({
      sessionId: s.id,
      rows: reviewSession(sessionMetaOf(s), events, corrections).fundamentals,
    });
  }
  return firsts(history);
}

/**
 * Every session of a learner as the progress page charts it, oldest first: figured on its events as corrected,
 * with its own stored turn parameters, or with `params` for all of them when staff re-score. One session's
 * events are read and let go at a time.
 */
export async function learnerProgressSessions(
  store: LogStore,
  learnerId: string,
  params?: TurnParams,
): Promise<ProgressSession[]> {
  const out: ProgressSession[] = [];
  for (const session of oldestFirst((await store.sessions(learnerId)).map((s) => ({ meta: s })))) {
    const meta = sessionMetaOf(session.meta);
    const [events, corrections] = await Promise.all([
      store.events(meta.id),
      sessionCorrections(store.db, meta.id),
    ]);
    const r = reviewSession(meta, events, corrections, params ?? meta.turnParams);
    out.push({
      meta,
      summary: r.summary,
      fundamentals: r.fundamentals,
      corrected: standing(corrections).length > 0,
    });
  }
  return out;
}
