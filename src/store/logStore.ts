import { type DBSchema, type IDBPDatabase, openDB, unwrap } from 'idb';
import type { VoiceModelJson } from '../core/audio/attribution.ts';
import { type LogEvent, type Party, SCHEMA_VERSION } from '../core/events.ts';
import type { FeatureChunk } from '../core/featureSummary.ts';
import type { LearnerProfile } from '../core/profile.ts';
import type { Learner, SessionMeta } from '../core/records.ts';
import type { Correction } from '../core/review/corrections.ts';
import type { DiaryEdit } from '../core/review/diary.ts';
import type { EngagementNote } from '../core/review/engagement.ts';
import type { GoalEdit } from '../core/review/goals.ts';
import type { FiguredSession } from './figuring.ts';
import type { LearnerVoiceJson } from './learnerVoices.ts';

/** Counts kept on the session record so that review lists sessions without reading their events. */
export interface SessionCounts {
  vocal: number;
  movement: number;
  touch: number;
  response: number;
  tag: number;
  // Schema 2 (what the camera sees). Sessions stored before it lack these: `append` counts from 0.
  attention: number;
  smile: number;
  proximity: number;
  distance: number;
}

export interface StoredSession extends SessionMeta {
  counts: SessionCounts;
  /** Session time of the latest event written: what survives a crash. */
  lastEventMs: number;
  /** Epoch ms when its vocalisations were last labelled again (store/reattribution.ts): review figures them anew. */
  relabelledAt?: number;
}

export interface StoredEvent {
  sessionId: string;
  event: LogEvent;
}

export interface AttuneDb extends DBSchema {
  learners: { key: string; value: Learner };
  sessions: { key: string; value: StoredSession; indexes: { 'by-learner': string } };
  events: { key: number; value: StoredEvent; indexes: { 'by-session': string } };
  /** Since version 2: ten-a-second feature summaries, one record a second, keyed by session and time. */
  features: { key: [string, number]; value: StoredFeatures };
  /**
   * Since version 3: each learner's enrolled voice model (whose voice), keyed by learner id. A store of its own
   * rather than a field on the learner, so that exports (which carry the learner record) never carry a voiceprint.
   */
  voices: { key: string; value: StoredVoiceModel };
  /**
   * Since version 4: staff's corrections of a session's log and their diary of it, one record per edit (an undo
   * is an edit too), never changed once written: the events stay as logged, and two computers' edits merge by
   * taking both. Keyed by the edit's own id.
   */
  corrections: { key: string; value: Correction; indexes: { 'by-session': string } };
  diary: { key: string; value: DiaryEdit; indexes: { 'by-session': string } };
  /**
   * Since version 5: a learner's goals and their Engagement Model judgements, one record per save, never changed
   * (a goal shows its latest save; every judgement is kept, dated), merged across computers by taking both.
   */
  goals: { key: string; value: GoalEdit; indexes: { 'by-learner': string } };
  engagement: { key: string; value: EngagementNote; indexes: { 'by-learner': string } };
  /**
   * Since version 6: each session's figures with its own settings, as review last worked them out, keyed by
   * session id, with the key of everything they depend on (store/progressData.ts `figuredKey`, which includes
   * the build of the analysis code): derived, so never backed up, exported or synced, and worked out again when
   * the key no longer matches. Reading a hundred of these is what lets a learner's progress chart at once.
   */
  figures: { key: string; value: StoredFigures };
}

export interface StoredFigures {
  sessionId: string;
  key: string;
  figures: FiguredSession;
}

export interface StoredVoiceModel {
  learnerId: string;
  /** The frame-level model of versions before the learner's voice was learnt (see store/learnerVoices.ts). */
  model?: VoiceModelJson;
  /** The learner's voice: a recording's profile and the features of their confident segments. */
  learner?: LearnerVoiceJson;
  /** Epoch ms of the latest change. */
  updatedAt: number;
}

export interface StoredFeatures extends FeatureChunk {
  sessionId: string;
}

export const DB_NAME = 'attune';
/** IndexedDB's own version: bump with a new `upgrade` step whenever stores or indexes change. */
export const DB_VERSION = 6;

export function emptyCounts(): SessionCounts {
  return {
    vocal: 0,
    movement: 0,
    touch: 0,
    response: 0,
    tag: 0,
    attention: 0,
    smile: 0,
    proximity: 0,
    distance: 0,
  };
}

/** Held by the tab that is running a session: a second tab cannot take it, so it cannot start a second session. */
export const RUNS_A_SESSION_LOCK = 'attune: runs a session';

/**
 * Held by the tab writing a session, from before its record is made until its last event and its end are on
 * disk: start-up recovery leaves a live session alone while anyone holds it, and closes it (as interrupted) once
 * nobody does, which is when the tab that wrote it has gone (closed, crashed or powered off).
 */
export function sessionLock(sessionId: string): string {
  return `attune: session ${sessionId}`;
}

/** Web Locks, where the browser has them (every current one, on a secure origin such as localhost). */
function lockManager(): LockManager | null {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/**
 * Takes a lock and keeps it until the returned function is called; null when another tab holds it. Without Web
 * Locks every tab gets it, and Attune behaves as it did before it used them.
 */
export function holdLock(name: string): Promise<(() => void) | null> {
  const locks = lockManager();
  if (!locks) return Promise.resolve(() => undefined);
  return new Promise((resolve, reject) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        // The lock is held for as long as this promise is pending.
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch(reject);
  });
}

/**
 * Runs `fn` holding the lock, or returns null at once when someone holds it. Holding it while checking and
 * writing closes the race where a session's tab ends it in between: its end is on disk before it lets go.
 */
function whileUnheld<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
  const locks = lockManager();
  if (!locks) return fn();
  return locks.request(name, { ifAvailable: true }, (lock) => (lock ? fn() : null));
}

/**
 * A write refused because this tab's connection to the log is closed (a newer Attune took over in another
 * window, or the browser closed it). Its message is for staff, as it is.
 */
export class LogClosedError extends Error {
  override name = 'LogClosedError';
}

const WAITING_FOR_OTHER_TABS =
  'Attune is waiting for another Attune tab or window, open with an older version, to let go of the saved sessions. Close or reload the other Attune tabs, and this one carries on by itself.';
const UPDATED_ELSEWHERE =
  'Attune has been updated in another tab or window. Reload this page to carry on: until you do, nothing more is saved here.';
const CONNECTION_LOST =
  'Attune has lost its connection to the sessions saved on this computer (the browser closed it). Reload this page to carry on: until you do, nothing more is saved here.';
const LOG_IS_NEWER =
  'The sessions on this computer were saved by a newer version of Attune than this page. Reload the page to get the newer version; nothing was changed.';

const NOTICE_ID = 'attune-log-notice';

/**
 * Says what is wrong with the log in a line across the top of the page, over whatever is there: the stage, the
 * panel, or a page still waiting to open the log (the panel is not built until it opens). Null takes it away.
 */
export function showLogNotice(message: string | null): void {
  if (typeof document === 'undefined') return;
  let line = document.getElementById(NOTICE_ID);
  if (message === null) {
    line?.remove();
    return;
  }
  if (!line) {
    line = document.createElement('p');
    line.id = NOTICE_ID;
    line.className = 'problem';
    line.setAttribute('role', 'alert');
    line.style.cssText =
      'position:fixed;top:0;left:0;right:0;z-index:1000;margin:0;padding:0.75rem 1rem;background:#15171f;border-bottom:2px solid currentColor;';
    document.body.append(line);
  }
  line.textContent = message;
}

function upgradeLog(db: IDBPDatabase<AttuneDb>, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('learners', { keyPath: 'id' });
    db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('by-learner', 'learnerId');
    db.createObjectStore('events', { autoIncrement: true }).createIndex('by-session', 'sessionId');
  }
  if (oldVersion < 2) {
    db.createObjectStore('features', { keyPath: ['sessionId', 'startMs'] });
  }
  if (oldVersion < 3) {
    db.createObjectStore('voices', { keyPath: 'learnerId' });
  }
  if (oldVersion < 4) {
    db.createObjectStore('corrections', { keyPath: 'id' }).createIndex('by-session', 'sessionId');
    db.createObjectStore('diary', { keyPath: 'id' }).createIndex('by-session', 'sessionId');
  }
  if (oldVersion < 5) {
    db.createObjectStore('goals', { keyPath: 'id' }).createIndex('by-learner', 'learnerId');
    db.createObjectStore('engagement', { keyPath: 'id' }).createIndex('by-learner', 'learnerId');
  }
  if (oldVersion < 6) {
    db.createObjectStore('figures', { keyPath: 'sessionId' });
  }
}

/** The session record after a batch of its events (and, at the end, with its end). */
export function withBatch(
  session: StoredSession,
  events: readonly LogEvent[],
  endedAt: number | null = null,
): StoredSession {
  const next: StoredSession = { ...session, counts: { ...session.counts } };
  for (const event of events) {
    next.counts[event.kind] = (next.counts[event.kind] ?? 0) + 1;
    next.lastEventMs = Math.max(next.lastEventMs, event.kind === 'tag' ? event.atMs : event.endMs);
  }
  if (endedAt !== null) {
    next.status = 'ended';
    next.endedAt = endedAt;
  }
  return next;
}

/** The log: learners, sessions and their events, in this browser's IndexedDB. Never video or audio. */
export class LogStore {
  /** Why this tab can no longer write (its connection closed), in words for staff; null while it can. */
  private closedBecause: string | null = null;
  /** Run just before this tab lets go of the log for a newer Attune: each starts writing what it holds. */
  private readonly beforeClosing = new Set<() => void>();

  private constructor(readonly db: IDBPDatabase<AttuneDb>) {}

  /**
   * Opens the log, upgrading it from any older version. While another tab holds an older version open, `tell`
   * says in words what to do (and is called with null once the log opens); a tab that holds the log when a newer
   * Attune opens it writes what it has, lets go and asks its user to reload; a connection the browser closes says
   * so. `tell` shows a line across the top of the page unless given.
   */
  static async open(
    name = DB_NAME,
    tell: (message: string | null) => void = showLogNotice,
  ): Promise<LogStore> {
    let store: LogStore | null = null;
    let waited = false;
    let db: IDBPDatabase<AttuneDb>;
    try {
      db = await openDB<AttuneDb>(name, DB_VERSION, {
        upgrade: upgradeLog,
        blocked() {
          waited = true;
          tell(WAITING_FOR_OTHER_TABS);
        },
        blocking(_version, _newer, event) {
          if (store) store.letGo(UPDATED_ELSEWHERE);
          else (event.target as IDBDatabase).close();
          tell(UPDATED_ELSEWHERE);
        },
        terminated() {
          if (store) store.closedBecause = CONNECTION_LOST;
          tell(CONNECTION_LOST);
        },
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'VersionError') throw new Error(LOG_IS_NEWER);
      throw error;
    }
    if (waited) tell(null);
    store = new LogStore(db);
    return store;
  }

  /** Calls `fn` just before this tab lets go of the log for a newer Attune. Returns the way to stop. */
  whenClosing(fn: () => void): () => void {
    this.beforeClosing.add(fn);
    return () => this.beforeClosing.delete(fn);
  }

  /**
   * A newer Attune waits for this connection. What is queued is written first: the writes start here, and a
   * closing connection lets the transactions it has started finish before it closes.
   */
  private letGo(reason: string): void {
    for (const fn of this.beforeClosing) fn();
    this.closedBecause = reason;
    this.db.close();
  }

  async learners(): Promise<Learner[]> {
    return (await this.db.getAll('learners')).sort((a, b) => a.pseudonym.localeCompare(b.pseudonym));
  }

  async addLearner(pseudonym: string): Promise<Learner> {
    const learner: Learner = { id: crypto.randomUUID(), pseudonym, createdAt: Date.now() };
    await this.db.put('learners', learner);
    return learner;
  }

  /**
   * Keeps a learner's stage profile on their record (one transaction: read, change, write), so a backup carries
   * it and erasing the learner removes it. False when the learner is no longer here (erased meanwhile).
   */
  async setProfile(learnerId: string, profile: LearnerProfile): Promise<boolean> {
    const tx = this.db.transaction('learners', 'readwrite');
    const learner = await tx.store.get(learnerId);
    if (learner) await tx.store.put({ ...learner, profile });
    await tx.done;
    return learner !== undefined;
  }

  async startSession(
    meta: Omit<SessionMeta, 'schemaVersion' | 'status' | 'endedAt'>,
  ): Promise<StoredSession> {
    const session: StoredSession = {
      ...meta,
      endedAt: null,
      status: 'live',
      schemaVersion: SCHEMA_VERSION,
      counts: emptyCounts(),
      lastEventMs: 0,
    };
    await this.db.put('sessions', session);
    return session;
  }

  /**
   * Writes a batch of events and feature summaries, and the session's running counts, in one transaction:
   * all or nothing.
   */
  async append(
    sessionId: string,
    events: readonly LogEvent[],
    features: readonly FeatureChunk[] = [],
  ): Promise<void> {
    const tx = this.db.transaction(['events', 'sessions', 'features'], 'readwrite');
    const featureStore = tx.objectStore('features');
    for (const f of features) void featureStore.put({ sessionId, ...f });
    const sessions = tx.objectStore('sessions');
    const session = await sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId} in the log.`);
    const store = tx.objectStore('events');
    for (const event of events) void store.add({ sessionId, event });
    void sessions.put(withBatch(session, events));
    await tx.done;
  }

  /**
   * Writes a batch of a session's events and feature summaries with its record as it now stands (counts, last
   * event, and its end when it has ended), in one transaction: all or nothing. Every request is made at once and
   * the transaction committed straight away, with nothing read first, so a write started as the page is hidden or
   * closed (pagehide) still completes when the page is gone a moment later; a transaction waiting on a read
   * would be abandoned with it.
   */
  writeBatch(
    session: StoredSession,
    events: readonly LogEvent[],
    features: readonly FeatureChunk[] = [],
  ): Promise<void> {
    if (this.closedBecause !== null) return Promise.reject(new LogClosedError(this.closedBecause));
    // The plain IndexedDB transaction: idb would make a promise of every request, each to be handled.
    const tx = unwrap(this.db).transaction(['events', 'sessions', 'features'], 'readwrite');
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new DOMException('The write was abandoned.', 'AbortError'));
    });
    try {
      const featureStore = tx.objectStore('features');
      for (const f of features) featureStore.put({ sessionId: session.id, ...f });
      const eventStore = tx.objectStore('events');
      for (const event of events) eventStore.add({ sessionId: session.id, event });
      tx.objectStore('sessions').put(session);
      tx.commit();
    } catch (error) {
      // A request refused as it was made: nothing of the batch may land.
      done.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // Only when commit() itself refused it: then it is no longer active, and writes nothing.
      }
      return Promise.reject(error);
    }
    return done;
  }

  async endSession(
    sessionId: string,
    endedAt: number,
    status: 'ended' | 'interrupted' = 'ended',
  ): Promise<void> {
    const session = await this.db.get('sessions', sessionId);
    if (!session) return;
    await this.db.put('sessions', { ...session, endedAt, status });
  }

  /**
   * Sessions left 'live' by a closed tab or a power cut become 'interrupted', ending at their last event. A
   * session whose lock is held is still being written by another tab (running, or ended with events waiting to be
   * saved), and is left as it is.
   */
  async recoverInterrupted(): Promise<StoredSession[]> {
    const recovered: StoredSession[] = [];
    for (const s of await this.db.getAll('sessions')) {
      if (s.status !== 'live') continue;
      const fixed = await whileUnheld(sessionLock(s.id), () => this.markInterrupted(s.id));
      if (fixed) recovered.push(fixed);
    }
    return recovered;
  }

  /** Marks a session interrupted if it is still live when read again (its tab may have ended it meanwhile). */
  private async markInterrupted(sessionId: string): Promise<StoredSession | null> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const s = await tx.store.get(sessionId);
    let fixed: StoredSession | null = null;
    if (s?.status === 'live') {
      fixed = { ...s, status: 'interrupted', endedAt: s.startedAt + s.lastEventMs };
      await tx.store.put(fixed);
    }
    await tx.done;
    return fixed;
  }

  async sessions(learnerId: string): Promise<StoredSession[]> {
    const list = await this.db.getAllFromIndex('sessions', 'by-learner', learnerId);
    return list.sort((a, b) => b.startedAt - a.startedAt);
  }

  async session(id: string): Promise<StoredSession | undefined> {
    return this.db.get('sessions', id);
  }

  async learner(id: string): Promise<Learner | undefined> {
    return this.db.get('learners', id);
  }

  /** A session's feature summaries in time order (the compound key sorts them). */
  async features(sessionId: string): Promise<StoredFeatures[]> {
    return this.db.getAll(
      'features',
      IDBKeyRange.bound([sessionId, Number.NEGATIVE_INFINITY], [sessionId, Number.POSITIVE_INFINITY]),
    );
  }

  /** The learner's stored voice model, or null when no voice was enrolled for them. */
  async voiceModel(learnerId: string): Promise<VoiceModelJson | null> {
    return (await this.db.get('voices', learnerId))?.model ?? null;
  }

  async setVoiceModel(learnerId: string, model: VoiceModelJson): Promise<void> {
    await this.db.put('voices', { learnerId, model, updatedAt: Date.now() });
  }

  /**
   * Relabels a logged vocal event (the practitioner's whose-voice correction): the session's vocal event that
   * starts at `startMs` gets the new party and confidence. Returns false when no such event is on disk yet
   * (it may still be queued in the writer).
   */
  async relabelVocal(sessionId: string, startMs: number, party: Party, confidence: number): Promise<boolean> {
    const tx = this.db.transaction('events', 'readwrite');
    let cursor = await tx.store.index('by-session').openCursor(IDBKeyRange.only(sessionId), 'prev');
    let found = false;
    // From the newest back: the event corrected is almost always the last one written.
    while (cursor) {
      const e = cursor.value.event;
      if (e.kind === 'vocal' && e.startMs === startMs) {
        await cursor.update({ ...cursor.value, event: { ...e, party, confidence } });
        found = true;
        break;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return found;
  }

  async events(sessionId: string): Promise<LogEvent[]> {
    const rows = await this.db.getAllFromIndex('events', 'by-session', sessionId);
    return rows.map((r) => r.event);
  }

  close(): void {
    this.db.close();
  }
}
