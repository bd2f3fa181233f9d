import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { LogEvent } from '../core/events.ts';
import { type AttuneExport, type ExportedSession, makeExport } from '../core/exportFormat.ts';
import type { Learner, SessionMeta } from '../core/records.ts';
import { lastEventMs } from '../core/turns/summary.ts';
import { type AttuneDb, emptyCounts, type SessionCounts, type StoredSession } from './logStore.ts';

/**
 * A learner's data as a whole: export, import and erase, over the log's database. Each is one IndexedDB
 * transaction, so an import or an erase happens completely or not at all (a full disk or a closed tab part way
 * leaves the log as it was).
 */

type Db = IDBPDatabase<AttuneDb>;

/** The exported part of a stored session: its fields named one by one, so nothing private to the log leaks out. */
export function sessionMetaOf(s: StoredSession): SessionMeta {
  return {
    id: s.id,
    learnerId: s.learnerId,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    status: s.status,
    schemaVersion: s.schemaVersion,
    turnParams: s.turnParams,
  };
}

export function countEvents(events: readonly LogEvent[]): SessionCounts {
  const counts = emptyCounts();
  for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}

/**
 * The stored form of an imported session. One that was running when it was exported is not running here: it
 * becomes interrupted, ending at its last event, exactly as a session found unfinished at start-up does.
 */
export function storedSessionOf({ meta, events }: ExportedSession): StoredSession {
  const last = lastEventMs(events);
  const running = meta.status === 'live';
  return {
    ...meta,
    status: running ? 'interrupted' : meta.status,
    endedAt: running ? meta.startedAt + last : meta.endedAt,
    counts: countEvents(events),
    lastEventMs: last,
  };
}

async function sessionEvents(
  index: { getAll(key: string): Promise<{ event: LogEvent }[]> },
  sessionId: string,
): Promise<LogEvent[]> {
  return (await index.getAll(sessionId)).map((r) => r.event);
}

/** A session's corrections and diary saves, as an export carries them. */
async function notesOf(
  tx: IDBPTransaction<AttuneDb, ArrayLike<StoreNames<AttuneDb>>, 'readonly'>,
  sessionId: string,
): Promise<Pick<ExportedSession, 'corrections' | 'diary'>> {
  return {
    corrections: await tx.objectStore('corrections').index('by-session').getAll(sessionId),
    diary: await tx.objectStore('diary').index('by-session').getAll(sessionId),
  };
}

/** One session as an export (its learner and events), or null when it is gone. */
export async function exportSession(
  db: Db,
  sessionId: string,
  now = Date.now(),
): Promise<AttuneExport | null> {
  const tx = db.transaction(['learners', 'sessions', 'events', 'corrections', 'diary'], 'readonly');
  const session = await tx.objectStore('sessions').get(sessionId);
  const learner = session && (await tx.objectStore('learners').get(session.learnerId));
  if (!session || !learner) return null;
  const events = await sessionEvents(tx.objectStore('events').index('by-session'), sessionId);
  const notes = await notesOf(tx, sessionId);
  await tx.done;
  return makeExport(learner, [{ meta: sessionMetaOf(session), events, ...notes }], now);
}

/** All of a learner's sessions, oldest first, as one export; null when the learner is gone. */
export async function exportLearner(
  db: Db,
  learnerId: string,
  now = Date.now(),
): Promise<AttuneExport | null> {
  const tx = db.transaction(
    ['learners', 'sessions', 'events', 'corrections', 'diary', 'goals', 'engagement'],
    'readonly',
  );
  const learner = await tx.objectStore('learners').get(learnerId);
  if (!learner) return null;
  const stored = await tx.objectStore('sessions').index('by-learner').getAll(learnerId);
  stored.sort((a, b) => a.startedAt - b.startedAt);
  const byEvent = tx.objectStore('events').index('by-session');
  const sessions: ExportedSession[] = [];
  for (const s of stored)
    sessions.push({
      meta: sessionMetaOf(s),
      events: await sessionEvents(byEvent, s.id),
      ...(await notesOf(tx, s.id)),
    });
  // The learner's goals and judgements travel with them (a single session's export leaves them out).
  const goals = await tx.objectStore('goals').index('by-learner').getAll(learnerId);
  const engagement = await tx.objectStore('engagement').index('by-learner').getAll(learnerId);
  await tx.done;
  return makeExport(learner, sessions, now, { goals, engagement });
}

export type EraseResult =
  | { ok: true; pseudonym: string; sessions: number; events: number }
  | { ok: false; message: string };

/**
 * Removes a learner and everything logged about them, in one transaction: their sessions, those sessions'
 * events, feature summaries, corrections and diary, their goals and Engagement Model judgements, their stored figures, and their enrolled voice. Every store of the log is named here, so a store added
 * later must be added too (the erase browser test reads every store of every Attune database). Refuses while one
 * of their sessions is running, so a session being logged never writes into a learner who is gone.
 */
export async function eraseLearner(db: Db, learnerId: string): Promise<EraseResult> {
  const tx = db.transaction(
    [
      'learners',
      'sessions',
      'events',
      'features',
      'voices',
      'corrections',
      'diary',
      'goals',
      'engagement',
      'figures',
    ],
    'readwrite',
  );
  const learner = await tx.objectStore('learners').get(learnerId);
  if (!learner) {
    await tx.done;
    return { ok: false, message: 'That learner is not on this computer any more: nothing was erased.' };
  }
  const sessions = tx.objectStore('sessions');
  const ids = await sessions.index('by-learner').getAllKeys(learnerId);
  const list = await Promise.all(ids.map((id) => sessions.get(id)));
  if (list.some((s) => s?.status === 'live')) {
    await tx.done;
    return {
      ok: false,
      message: `${learner.pseudonym} has a session running. End the session first: nothing was erased.`,
    };
  }
  const events = tx.objectStore('events');
  let eventCount = 0;
  for (const id of ids) {
    const keys = await events.index('by-session').getAllKeys(id);
    eventCount += keys.length;
    for (const key of keys) void events.delete(key);
    // Keyed [sessionId, startMs]: every chunk of this session, whatever its time.
    void tx.objectStore('features').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
    for (const store of ['corrections', 'diary'] as const) {
      for (const key of await tx.objectStore(store).index('by-session').getAllKeys(id)) {
        void tx.objectStore(store).delete(key);
      }
    }
    void tx.objectStore('figures').delete(id);
    void sessions.delete(id);
  }
  for (const store of ['goals', 'engagement'] as const) {
    for (const key of await tx.objectStore(store).index('by-learner').getAllKeys(learnerId)) {
      void tx.objectStore(store).delete(key);
    }
  }
  void tx.objectStore('learners').delete(learnerId);
  // Their enrolled voice goes with them.
  void tx.objectStore('voices').delete(learnerId);
  await tx.done;
  return { ok: true, pseudonym: learner.pseudonym, sessions: ids.length, events: eventCount };
}

export interface ImportResult {
  /** The learner the sessions now belong to: the one already here when the id matched, else the file's. */
  learner: Learner;
  learnerAdded: boolean;
  /** The file's pseudonym when it differs from the one already here for the same learner. */
  fileCalledThem: string | null;
  /** Another learner here already has this pseudonym (a different learner id). */
  sameNameAs: boolean;
  sessionsAdded: number;
  eventsAdded: number;
  /** Sessions of the file that were here already, left as they are. */
  sessionsAlreadyHere: number;
  /** Session ids already used here by a different learner: not imported. */
  sessionsClashing: number;
}

/**
 * Adds a checked export (see parseExport) to the log in one transaction: the learner if new (or merges into
 * the learner with the same id), and each session not already here with its events. Sessions already here are
 * left untouched, so importing the same file twice adds nothing the second time.
 */
export async function importExport(db: Db, data: AttuneExport): Promise<ImportResult> {
  return (await addExport(db, data)).result;
}

/** What `importExport` does, with the sessions it added (those of the file not already here), as the file has them. */
export async function addExport(
  db: Db,
  data: AttuneExport,
): Promise<{ result: ImportResult; added: ExportedSession[] }> {
  const tx = db.transaction(
    ['learners', 'sessions', 'events', 'corrections', 'diary', 'goals', 'engagement'],
    'readwrite',
  );
  const learners = tx.objectStore('learners');
  const existing = await learners.get(data.learner.id);
  const all = await learners.getAll();
  const sameNameAs = all.some((l) => l.id !== data.learner.id && l.pseudonym === data.learner.pseudonym);
  if (!existing) void learners.put(data.learner);
  const sessions = tx.objectStore('sessions');
  const events = tx.objectStore('events');
  const result: ImportResult = {
    learner: existing ?? data.learner,
    learnerAdded: !existing,
    fileCalledThem: existing && existing.pseudonym !== data.learner.pseudonym ? data.learner.pseudonym : null,
    sameNameAs,
    sessionsAdded: 0,
    eventsAdded: 0,
    sessionsAlreadyHere: 0,
    sessionsClashing: 0,
  };
  const added: ExportedSession[] = [];
  // Goals and judgements are records never changed once made, like a session's corrections: those not here are
  // added. They belong to the file's learner, who is here now (added above, or the same id already here).
  for (const g of data.goals ?? []) void tx.objectStore('goals').put(g);
  for (const n of data.engagement ?? []) void tx.objectStore('engagement').put(n);
  for (const s of data.sessions) {
    const here = await sessions.get(s.meta.id);
    if (here && here.learnerId !== data.learner.id) {
      result.sessionsClashing++;
      continue;
    }
    // Corrections and diary saves are records never changed once made: those not here yet are added, to a
    // session already here too, so two computers' edits of one session both end up on each.
    for (const c of s.corrections ?? []) void tx.objectStore('corrections').put(c);
    for (const d of s.diary ?? []) void tx.objectStore('diary').put(d);
    if (here) {
      result.sessionsAlreadyHere++;
      continue;
    }
    void sessions.put(storedSessionOf(s));
    for (const event of s.events) void events.add({ sessionId: s.meta.id, event });
    added.push(s);
    result.sessionsAdded++;
    result.eventsAdded += s.events.length;
  }
  await tx.done;
  return { result, added };
}
