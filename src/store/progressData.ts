import type { IDBPDatabase } from 'idb';
import type { AttuneBackup } from '../core/backupFormat.ts';
import type { LogEvent } from '../core/events.ts';
import type { AttuneExport } from '../core/exportFormat.ts';
import { oldestFirst, type ProgressSession } from '../core/progress/learnerProgress.ts';
import type { ProgressRow } from '../core/progress/progressCsv.ts';
import type { Learner } from '../core/records.ts';
import type { Correction } from '../core/review/corrections.ts';
import { type FundamentalRow, firsts } from '../core/review/fundamentalsSensed.ts';
import type { TurnParams } from '../core/turns/params.ts';
import { type RestoreResult, restoreBackup } from './backup.ts';
import {
  batchesByEvents,
  type FigureBatch,
  type FiguredSession,
  figureAndKeep,
  figureBatch,
  figuredKey,
  figureSession,
  unfiguredSessions,
} from './figuring.ts';
import type { FigureReply, FigureRequest } from './figuringWorker.ts';
import { addExport, type ImportResult, sessionMetaOf, storedSessionOf } from './learnerData.ts';
import type { AttuneDb, LogStore, StoredEvent, StoredFigures, StoredSession } from './logStore.ts';

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

export type { FiguredSession } from './figuring.ts';

/**
 * Figured sessions, by `figuredKey`: the sessions table, the progress page, the session page's firsts and the
 * progress CSV figure the same sessions with the same settings, and a learner's hundred sessions take seconds to
 * read and figure. Only figures are kept (no events, no names), and at most `FIGURED_KEPT` of them.
 */
const figured = new Map<string, FiguredSession>();
const FIGURED_KEPT = 10_000;

export { figuredKey } from './figuring.ts';

/**
 * Lets go of every figured session held in memory, and with `store` of those kept in the log too, so that the next
 * figuring starts from nothing (the review benchmark).
 */
export async function forgetFigured(store?: LogStore): Promise<void> {
  figured.clear();
  if (store) await store.db.clear('figures');
}

function keep(key: string, f: FiguredSession): void {
  if (figured.size >= FIGURED_KEPT) {
    // The oldest first: a Map iterates in insertion order.
    const first = figured.keys().next();
    if (!first.done) figured.delete(first.value);
  }
  figured.set(key, f);
}

/**
 * Events read in one transaction and held at once, in whole sessions (at most `SESSIONS_READ_TOGETHER`): fewer,
 * larger transactions read faster (the review bench: a learner's 44k events in 0.78 s in one, 1.1 s ten sessions
 * a transaction), and a few megabytes at once is nothing to a worker.
 */
export const EVENTS_READ_TOGETHER = 20_000;
export const SESSIONS_READ_TOGETHER = 100;

/** Sessions being figured now, by key: a second reader (the progress page while the table works) waits on them. */
const underWay = new Map<string, Promise<FiguredSession>>();

/**
 * Each session's figures, in the order given, each with its own stored settings or with `params` for all. Every
 * session's corrections are read in one transaction; the events only of sessions neither figured already nor
 * being figured, some 20 000 events to a transaction, and each batch let go once figured, so a learner's
 * hundred long sessions are never all in memory at once.
 */
export async function figuredSessions(
  store: LogStore,
  sessions: readonly StoredSession[],
  params?: TurnParams,
): Promise<FiguredSession[]> {
  const tx = store.db.transaction('corrections', 'readonly');
  const index = tx.store.index('by-session');
  const corrections = await Promise.all(sessions.map((s) => index.getAll(s.id)));
  await tx.done;
  const keys = sessions.map((s, i) => figuredKey(s, corrections[i]?.length ?? 0, params ?? s.turnParams));
  // With their own settings, what the log keeps from an earlier figuring stands while its key still matches.
  if (!params) await readKept(store, sessions, keys);
  const out = keys.map((k) => figured.get(k) ?? underWay.get(k));
  const todo = out.flatMap((f, i) => (f ? [] : [i]));
  const runs = batchesByEvents(
    todo.map((i) => ({ i, counts: (sessions[i] as StoredSession).counts })),
    EVENTS_READ_TOGETHER,
    SESSIONS_READ_TOGETHER,
  );
  for (const run of runs) {
    const batch = run.map((r) => r.i);
    const read = figureElsewhere(store, {
      sessions: batch.map((i) => sessions[i] as StoredSession),
      corrections: batch.map((i) => corrections[i] ?? []),
      params,
    }).then((fs) => {
      for (const [k, i] of batch.entries()) keep(keys[i] as string, fs[k] as FiguredSession);
      if (!params)
        void writeKept(
          store,
          batch.map((i, k) => ({
            sessionId: sessions[i]?.id ?? '',
            key: keys[i] ?? '',
            figures: fs[k] as FiguredSession,
          })),
        );
      return fs;
    });
    batch.forEach((i, k) => {
      const one = read.then((fs) => fs[k] as FiguredSession);
      // Whoever waits on it hears of a failure; unawaited, it is no unhandled rejection.
      one.catch(() => undefined);
      underWay.set(keys[i] as string, one);
      out[i] = one;
    });
    const settled = read
      .finally(() => {
        for (const i of batch) underWay.delete(keys[i] as string);
      })
      .then(() => undefined);
    // The worker answers its requests one after another, holding one batch's events at a time, so every batch is
    // asked for at once: it never waits between batches for the page's thread, which may be busy with the stage.
    // The page, doing the work itself, takes them in turn so as to hold one batch's events at a time too.
    if (!hasWorker()) await settled;
    else settled.catch(() => undefined);
  }
  return Promise.all(out as (FiguredSession | Promise<FiguredSession>)[]);
}

/** Figures the log keeps (store `figures`) whose key still matches, into the memory of figured sessions. */
async function readKept(
  store: LogStore,
  sessions: readonly StoredSession[],
  keys: readonly string[],
): Promise<void> {
  const wanted = keys.flatMap((key, i) => (figured.has(key) ? [] : [i]));
  if (wanted.length === 0) return;
  const tx = store.db.transaction('figures', 'readonly');
  const kept = await Promise.all(wanted.map((i) => tx.store.get(sessions[i]?.id ?? '')));
  await tx.done;
  wanted.forEach((i, k) => {
    const row = kept[k];
    if (row && row.key === keys[i]) keep(row.key, row.figures);
  });
}

/**
 * Keeps sessions' figures in the log for the next time review opens. Best effort: a full disk or a session erased
 * meanwhile costs only a later figuring, so a failure here is not shown to anyone.
 */
async function writeKept(store: LogStore, rows: readonly StoredFigures[]): Promise<void> {
  try {
    const tx = store.db.transaction(['sessions', 'figures'], 'readwrite');
    const present = await Promise.all(rows.map((r) => tx.objectStore('sessions').getKey(r.sessionId)));
    // Only for sessions still in the log: an erase between figuring and writing leaves nothing behind.
    for (const [k, r] of rows.entries()) if (present[k] !== undefined) void tx.objectStore('figures').put(r);
    await tx.done;
  } catch {
    // Worked out again next time.
  }
}

/** The figuring worker, made when first needed; null where none can be made (then the page figures). */
let worker: Worker | null | undefined;
let asked = 0;
const replies = new Map<number, (reply: FigureReply) => void>();

function figuringWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    const w = new Worker(new URL('./figuringWorker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FigureReply>) => {
      replies.get(e.data.id)?.(e.data);
      replies.delete(e.data.id);
    };
    // A worker that cannot start or breaks: what it was asked is figured in the page, and so is all that follows.
    w.onerror = () => {
      worker = null;
      for (const [id, answer] of replies) answer({ id, error: 'The figuring worker stopped.' });
      replies.clear();
    };
    worker = w;
  } catch {
    worker = null;
  }
  return worker;
}

function hasWorker(): boolean {
  return typeof Worker !== 'undefined' && figuringWorker() !== null;
}

/** A request answered by the figuring worker, or null where there is none (then the page does the work). */
async function askWorker(make: (id: number) => FigureRequest): Promise<FigureReply | null> {
  const w = typeof Worker === 'undefined' ? null : figuringWorker();
  if (!w) return null;
  const id = ++asked;
  return new Promise<FigureReply>((resolve) => {
    replies.set(id, resolve);
    w.postMessage(make(id));
  });
}

/** A batch figured in the worker, or in the page when the worker is not there or fails. */
async function figureElsewhere(store: LogStore, batch: FigureBatch): Promise<FiguredSession[]> {
  const reply = await askWorker((id) => ({ kind: 'figure', ...batch, id, name: store.db.name }));
  if (reply && 'figures' in reply) return reply.figures;
  return figureBatch(store.db, batch);
}

/**
 * The finished sessions the log keeps no current figures for (never figured, or by an older build of the
 * analysis), the learner seen most lately first: found in the worker, which reads every session's record and
 * kept figures, or in the page when there is none.
 */
export async function unfiguredInLog(store: LogStore): Promise<StoredSession[]> {
  const reply = await askWorker((id) => ({ kind: 'unfigured', id, name: store.db.name }));
  if (reply && 'unfigured' in reply) return reply.unfigured;
  return unfiguredSessions(store.db);
}

/**
 * Figures sessions and keeps their figures in the log, in the worker from reading to writing (the background
 * figuring's way: one message a batch, nothing on the page's thread), or in the page where there is no worker.
 * Resolves with how many were kept.
 */
export async function figureAndKeepElsewhere(store: LogStore, sessionIds: string[]): Promise<number> {
  const reply = await askWorker((id) => ({ kind: 'keep', id, name: store.db.name, sessionIds }));
  if (reply && 'kept' in reply) return reply.kept;
  return figureAndKeep(store.db, sessionIds);
}

/** Sessions figured in the page between two moments of letting it go (about a millisecond each, warm). */
const IN_MEMORY_TOGETHER = 10;

/**
 * Figures sessions whose events are in memory already (just imported or restored), so that their events are
 * never read back: in the page, ten at a time with the page let go between, each kept in memory and in the log.
 * Resolves once every session is marked under way, so that a view asking meanwhile (the sessions table shown
 * after an import, Progress charts pressed at once) waits on it rather than reading its events; `done` resolves
 * once all are figured and written.
 */
async function figureInMemory(
  store: LogStore,
  items: readonly { session: StoredSession; events: readonly LogEvent[] }[],
): Promise<{ done: Promise<void> }> {
  if (items.length === 0) return { done: Promise.resolve() };
  const tx = store.db.transaction('corrections', 'readonly');
  const index = tx.store.index('by-session');
  const corrections: Correction[][] = await Promise.all(items.map((it) => index.getAll(it.session.id)));
  await tx.done;
  const waiting = items.map((it, i) => {
    const key = figuredKey(it.session, corrections[i]?.length ?? 0, it.session.turnParams);
    let answer: (f: FiguredSession) => void = () => undefined;
    let fail: (e: unknown) => void = () => undefined;
    const promise = new Promise<FiguredSession>((resolve, reject) => {
      answer = resolve;
      fail = reject;
    });
    // Whoever waits on it hears of a failure; unawaited, it is no unhandled rejection.
    promise.catch(() => undefined);
    underWay.set(key, promise);
    return { key, promise, answer, fail };
  });
  const done = (async () => {
    for (let b = 0; b < items.length; b += IN_MEMORY_TOGETHER) {
      // The page is let go first, so that what started this (an import's message to staff) shows at once.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const rows: StoredFigures[] = [];
      for (let i = b; i < Math.min(items.length, b + IN_MEMORY_TOGETHER); i++) {
        const w = waiting[i];
        const it = items[i];
        if (!w || !it) continue;
        try {
          const f = figureSession(it.session, it.events, corrections[i] ?? []);
          keep(w.key, f);
          rows.push({ sessionId: it.session.id, key: w.key, figures: f });
          w.answer(f);
        } catch (error) {
          w.fail(error);
        } finally {
          if (underWay.get(w.key) === w.promise) underWay.delete(w.key);
        }
      }
      await writeKept(store, rows);
    }
  })();
  return { done };
}

/**
 * Imports a checked export (see `importExport`) and figures the sessions it added from the file's events, which
 * are in memory already: the figures follow the import in the page, a few sessions at a time, and a view that
 * asks for them meanwhile waits on them rather than reading the events back. A failure to figure costs only a
 * later figuring, so the import's result stands alone; `figured` resolves once the figures are kept.
 */
export async function importAndFigure(
  store: LogStore,
  data: AttuneExport,
): Promise<ImportResult & { figured: Promise<void> }> {
  const { result, added } = await addExport(store.db, data);
  let figured = Promise.resolve();
  try {
    const items = added.map((s) => ({ session: storedSessionOf(s), events: s.events }));
    figured = (await figureInMemory(store, items)).done.catch(() => undefined);
  } catch {
    // Worked out when review next needs them.
  }
  return { ...result, figured };
}

/**
 * Restores a checked backup (see `restoreBackup`) and figures the sessions it added from the backup's events, in
 * memory already, as `importAndFigure` does.
 */
export async function restoreAndFigure(store: LogStore, backup: AttuneBackup): Promise<RestoreResult> {
  const before = new Set(await store.db.getAllKeys('sessions'));
  const result = await restoreBackup(store.db, backup);
  if (!result.ok) return result;
  try {
    const events = new Map<string, LogEvent[]>();
    for (const r of backup.stores.find((s) => s.name === 'sessions')?.records ?? []) {
      const id = (r.value as Partial<StoredSession> | null)?.id;
      if (typeof id === 'string' && !before.has(id)) events.set(id, []);
    }
    for (const r of backup.stores.find((s) => s.name === 'events')?.records ?? []) {
      const v = r.value as Partial<StoredEvent> | null;
      if (typeof v?.sessionId === 'string' && v.event) events.get(v.sessionId)?.push(v.event);
    }
    // The records as the restore wrote them (a session running when the backup was made is interrupted now).
    const tx = store.db.transaction('sessions', 'readonly');
    const stored = await Promise.all([...events.keys()].map((id) => tx.store.get(id)));
    await tx.done;
    const items = stored.flatMap((s) => (s ? [{ session: s, events: events.get(s.id) ?? [] }] : []));
    (await figureInMemory(store, items)).done.catch(() => undefined);
  } catch {
    // Worked out when review next needs them.
  }
  return result;
}

/**
 * Figures a session just ended and keeps its figures in the log, so that review and the progress charts find
 * them ready. Its events are read back once in the worker (off the page's thread) rather than held in memory for
 * the whole of a session that may last hours. Best effort, like every keeping of figures.
 */
export async function figureEnded(store: LogStore, sessionId: string): Promise<void> {
  try {
    const s = await store.session(sessionId);
    if (s && s.status !== 'live') await figuredSessions(store, [s]);
  } catch {
    // Worked out when review next needs them.
  }
}

/** A learner's progress rows, figured on the events as staff corrected them (the progress CSV's rows). */
export async function learnerProgressRows(store: LogStore, learnerId: string): Promise<ProgressRow[]> {
  const sessions = await store.sessions(learnerId);
  const figures = await figuredSessions(store, sessions);
  return sessions.map((s, i) => {
    const f = figures[i] as FiguredSession;
    return { meta: sessionMetaOf(s), summary: f.summary, corrected: f.corrected };
  });
}

/**
 * The session in which each Fundamental first showed (sensed or tagged) for a learner, looking at their
 * sessions oldest first up to `untilStartedAt` (`known` is one already figured).
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
  // The session open on the page is figured already: its events need not be read again.
  const others = sessions.filter((s) => s.id !== known?.sessionId);
  const figures = new Map((await figuredSessions(store, others)).map((f, i) => [others[i]?.id, f]));
  return firsts(
    sessions.map((s) =>
      known?.sessionId === s.id ? known : { sessionId: s.id, rows: figures.get(s.id)?.fundamentals ?? [] },
    ),
  );
}

/**
 * Every session of a learner as the progress page charts it, oldest first: figured on its events as corrected,
 * with its own stored turn parameters, or with `params` for all of them when staff re-score.
 */
export async function learnerProgressSessions(
  store: LogStore,
  learnerId: string,
  params?: TurnParams,
): Promise<ProgressSession[]> {
  const sessions = oldestFirst((await store.sessions(learnerId)).map((s) => ({ meta: s }))).map(
    (s) => s.meta,
  );
  const figures = await figuredSessions(store, sessions, params);
  return sessions.map((s, i) => ({ meta: sessionMetaOf(s), ...(figures[i] as FiguredSession) }));
}
