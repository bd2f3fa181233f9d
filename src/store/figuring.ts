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

declare const __ATTUNE_ANALYSIS_BUILD__: string | undefined;

/**
 * The build of the analysis code (a hash of this module and the code it runs, by scripts/analysisBuild.ts, put in
 * by vite.config.ts, in the page and in the workers alike): figures kept in the log by an older build are worked
 * out again, so a change to the turn analysis never leaves old figures on show, and a change elsewhere keeps them.
 */
const ANALYSIS_BUILD = typeof __ATTUNE_ANALYSIS_BUILD__ === 'string' ? __ATTUNE_ANALYSIS_BUILD__ : 'unbuilt';

/**
 * What a session's figures depend on: everything that changes its events as corrected or its length (its last
 * event, end and status, a relabelling of its vocalisations, its corrections, which are only ever added), the
 * turn-taking settings they are worked out with, and the build of the analysis.
 */
export function figuredKey(s: StoredSession, corrections: number, params: TurnParams): string {
  return JSON.stringify([
    ANALYSIS_BUILD,
    s.id,
    s.startedAt,
    s.endedAt,
    s.status,
    s.lastEventMs,
    s.relabelledAt ?? 0,
    corrections,
    params,
  ]);
}

/**
 * `sessions` cut into runs of consecutive ones of about `events` events each (by the counts their records keep)
 * and at most `most` sessions, each run at least one session: what is read in one transaction and held at once.
 */
export function batchesByEvents<T extends Pick<StoredSession, 'counts'>>(
  sessions: readonly T[],
  events: number,
  most: number,
): T[][] {
  const out: T[][] = [];
  let run: T[] = [];
  let inRun = 0;
  for (const s of sessions) {
    run.push(s);
    for (const n of Object.values(s.counts)) inRun += n;
    if (inRun >= events || run.length >= most) {
      out.push(run);
      run = [];
      inRun = 0;
    }
  }
  if (run.length > 0) out.push(run);
  return out;
}

/** One session's figures on its events as corrected, with its own stored turn parameters or `params`. */
export function figureSession(
  session: StoredSession,
  events: readonly LogEvent[],
  corrections: readonly Correction[],
  params?: TurnParams,
): FiguredSession {
  const meta = sessionMetaOf(session);
  const r = reviewSession(meta, events, corrections, params ?? meta.turnParams);
  return { summary: r.summary, fundamentals: r.fundamentals, corrected: standing(corrections).length > 0 };
}

/**
 * Several sessions' events, in one read-only transaction with every request made at once. Each session's events
 * are read with one getAll over its range of the store's own keys (its first to its last, from the session
 * index), which Chromium answers about a third faster than the index's getAll (the review bench: 44k events in
 * 1.3 s against 2.1 s), since it walks the records themselves rather than the index and then each record. A
 * session's events are written together, so the range holds only its own, unless another session was written
 * at the same time (one taken in from the school server during a live session): then the index is read instead.
 */
export async function sessionsEvents(
  db: IDBPDatabase<AttuneDb>,
  sessionIds: readonly string[],
): Promise<LogEvent[][]> {
  const tx = db.transaction('events', 'readonly');
  const index = tx.store.index('by-session');
  const rows = await Promise.all(
    sessionIds.map(async (id) => {
      const [first, last, own] = await Promise.all([
        index.getKey(id),
        index.openKeyCursor(IDBKeyRange.only(id), 'prev'),
        index.count(id),
      ]);
      if (first === undefined || !last) return [];
      const range = IDBKeyRange.bound(first, last.primaryKey);
      if ((await tx.store.count(range)) !== own) return index.getAll(id);
      return tx.store.getAll(range);
    }),
  );
  await tx.done;
  return rows.map((list) => list.map((r) => r.event));
}

/**
 * Reads a batch's events and works out each session's figures on them as corrected, with its own stored turn
 * parameters or the batch's: the same in the page and in the figuring worker.
 */
export async function figureBatch(db: IDBPDatabase<AttuneDb>, batch: FigureBatch): Promise<FiguredSession[]> {
  const events = await sessionsEvents(
    db,
    batch.sessions.map((s) => s.id),
  );
  return batch.sessions.map((session, k) =>
    figureSession(session, events[k] ?? [], batch.corrections[k] ?? [], batch.params),
  );
}

/**
 * The finished sessions whose figures the log does not keep, or keeps under another key (an older build of the
 * analysis, a correction since): the learner seen most lately first, each learner's sessions together, newest
 * first, so that the learners staff are likeliest to look at are ready soonest. One read-only transaction over
 * the session records, the corrections and the kept figures; no event is read.
 */
export async function unfiguredSessions(db: IDBPDatabase<AttuneDb>): Promise<StoredSession[]> {
  const tx = db.transaction(['sessions', 'corrections', 'figures'], 'readonly');
  const [sessions, corrections, kept] = await Promise.all([
    tx.objectStore('sessions').getAll(),
    tx.objectStore('corrections').getAll(),
    tx.objectStore('figures').getAll(),
  ]);
  await tx.done;
  const count = new Map<string, number>();
  for (const c of corrections) count.set(c.sessionId, (count.get(c.sessionId) ?? 0) + 1);
  return unfiguredOf(sessions, count, new Map(kept.map((row) => [row.sessionId, row.key])));
}

/**
 * Of `sessions`, the finished ones whose kept key (`keptKey`, by session) is not the one their figures would
 * have now, in the order `unfiguredSessions` gives.
 */
export function unfiguredOf(
  sessions: readonly StoredSession[],
  corrections: ReadonlyMap<string, number>,
  keptKey: ReadonlyMap<string, string>,
): StoredSession[] {
  const latest = new Map<string, number>();
  for (const s of sessions) latest.set(s.learnerId, Math.max(latest.get(s.learnerId) ?? 0, s.startedAt));
  return sessions
    .filter(
      (s) =>
        s.status !== 'live' && keptKey.get(s.id) !== figuredKey(s, corrections.get(s.id) ?? 0, s.turnParams),
    )
    .sort(
      (a, b) =>
        (latest.get(b.learnerId) ?? 0) - (latest.get(a.learnerId) ?? 0) ||
        (a.learnerId < b.learnerId ? -1 : a.learnerId > b.learnerId ? 1 : 0) ||
        b.startedAt - a.startedAt,
    );
}

/**
 * Figures sessions and keeps their figures in the log, all here (in the figuring worker, for the background
 * figuring, so that the page's thread, busy with the stage, takes no part): each session's record, corrections
 * and events read afresh, its figures written only if its key is still the same then (nothing changed meanwhile)
 * and it is still in the log (an erase meanwhile leaves nothing behind). Resolves with how many were kept.
 */
export async function figureAndKeep(
  db: IDBPDatabase<AttuneDb>,
  sessionIds: readonly string[],
): Promise<number> {
  const keyed = await keysNow(db, sessionIds);
  const ids = [...keyed.keys()];
  const events = await sessionsEvents(db, ids);
  const rows = ids.map((id, i) => {
    const { session, corrections, key } = keyed.get(id) as KeyNow;
    return { sessionId: id, key, figures: figureSession(session, events[i] ?? [], corrections) };
  });
  const still = await keysNow(db, ids);
  const tx = db.transaction('figures', 'readwrite');
  const kept = rows.filter((r) => still.get(r.sessionId)?.key === r.key);
  for (const r of kept) void tx.store.put(r);
  await tx.done;
  return kept.length;
}

interface KeyNow {
  session: StoredSession;
  corrections: Correction[];
  key: string;
}

/** The finished sessions of `ids` still in the log, with their corrections and the key of their figures now. */
async function keysNow(db: IDBPDatabase<AttuneDb>, ids: readonly string[]): Promise<Map<string, KeyNow>> {
  const tx = db.transaction(['sessions', 'corrections'], 'readonly');
  const byId = tx.objectStore('corrections').index('by-session');
  const found = await Promise.all(
    ids.map(async (id) => {
      const [session, corrections] = await Promise.all([tx.objectStore('sessions').get(id), byId.getAll(id)]);
      return { session, corrections };
    }),
  );
  await tx.done;
  const out = new Map<string, KeyNow>();
  for (const { session, corrections } of found) {
    if (!session || session.status === 'live') continue;
    out.set(session.id, {
      session,
      corrections,
      key: figuredKey(session, corrections.length, session.turnParams),
    });
  }
  return out;
}
