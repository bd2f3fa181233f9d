import type { IDBPDatabase } from 'idb';
import type { LogEvent } from '../core/events.ts';
import { type Correction, standing } from '../core/review/corrections.ts';
import type { FundamentalRow } from '../core/review/fundamentalsSensed.ts';
import { reviewSession } from '../core/review/sessionReview.ts';
import type { TurnParams } from '../core/turns/params.ts';
import type { SessionSummary } from '../core/turns/summary.ts';
import { sessionMetaOf } from './learnerData.ts';
import type { AttuneDb, StoredSession } from './logStore.ts';

/** A session's figures as review's lists and progress pages show them, worked out on its events as corrected. */
export interface FiguredSession {
  summary: SessionSummary;
  fundamentals: FundamentalRow[];
  /** A correction by staff still stands. */
  corrected: boolean;
}

/** Sessions to figure together: their corrections (read already), and the settings for all, if not their own. */
export interface FigureBatch {
  sessions: StoredSession[];
  corrections: Correction[][];
  params?: TurnParams;
}

/** Several sessions' events, in one read-only transaction with every request made at once. */
async function eventsOf(db: IDBPDatabase<AttuneDb>, sessionIds: readonly string[]): Promise<LogEvent[][]> {
  const tx = db.transaction('events', 'readonly');
  const index = tx.store.index('by-session');
  const rows = await Promise.all(sessionIds.map((id) => index.getAll(id)));
  await tx.done;
  return rows.map((list) => list.map((r) => r.event));
}

/**
 * Reads a batch's events and works out each session's figures on them as corrected, with its own stored turn
 * parameters or the batch's: the same in the page and in the figuring worker.
 */
export async function figureBatch(db: IDBPDatabase<AttuneDb>, batch: FigureBatch): Promise<FiguredSession[]> {
  const events = await eventsOf(
    db,
    batch.sessions.map((s) => s.id),
  );
  return batch.sessions.map((session, k) => {
    const own = batch.corrections[k] ?? [];
    const meta = sessionMetaOf(session);
    const r = reviewSession(meta, events[k] ?? [], own, batch.params ?? meta.turnParams);
    return { summary: r.summary, fundamentals: r.fundamentals, corrected: standing(own).length > 0 };
  });
}
