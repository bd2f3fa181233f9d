import type { IDBPDatabase } from 'idb';
import PouchDB from 'pouchdb-browser';
import type { StoreApi } from 'zustand/vanilla';
import { parseExport } from '../core/exportFormat.ts';
import {
  asSchoolDoc,
  type EventsDoc,
  eventsDocIds,
  idAfter,
  LEARNER_PREFIX,
  type LearnerDoc,
  learnerDoc,
  prefixRange,
  RECORD_PREFIX,
  type RecordDoc,
  recordDocId,
  type SchoolDoc,
  SESSION_PREFIX,
  type SessionDoc,
  sessionDocId,
  sessionDocs,
  sessionExportText,
} from '../core/sync/schoolDocs.ts';
import type { SyncStatus } from '../core/sync/syncStatus.ts';
import { exportSession } from './learnerData.ts';
import type { LogStore } from './logStore.ts';
import { importAndFigure } from './progressData.ts';
import type { SchoolConfig } from './schoolConfig.ts';

/**
 * Each PC's part in the school's CouchDB, with PouchDB: a replica in this profile (`attune-school`) that
 * replicates both ways with the school's database, live, retrying after any cut. PouchDB's replication keeps
 * its own checkpoints, so a cut loses nothing and a resumed one sends only what the server lacks; documents
 * have fixed ids (core/sync/schoolDocs.ts), so nothing can arrive twice.
 *
 * The log (IndexedDB) stays what the app reads. The replica sits beside it:
 * - out: every finished session of the log (and every learner, and staff's edit records) not yet in the replica
 *   is written into it, its event documents first; replication takes it from there.
 * - in: every session in the replica (from any PC) that the log lacks, once all its documents have arrived, is
 *   put into the log by the same checked, all-or-nothing, idempotent path as an imported file. So review, the
 *   school overview and the progress CSV read one place and see every PC's sessions.
 * Staff voices and enrolled voiceprints are never written into the replica.
 */

/** Stores of staff edit records, one record per edit keyed by its own id, never changed: merged by taking all. */
export const RECORD_STORES: readonly string[] = ['corrections', 'diary', 'goals', 'engagement'];

/** How often the log is looked at for newly finished sessions. */
const OUTBOX_EVERY_MS = 10_000;
/** Documents to a replication batch: an event document is up to ~150 kB. */
const BATCH_SIZE = 20;
/** Retry after a cut: 1 s, doubling to at most 30 s, so a server that is back is used again soon. */
function backOff(delayMs: number): number {
  return delayMs === 0 ? 1000 : Math.min(delayMs * 2, 30_000);
}

interface SyncBook {
  _id: string;
  _rev?: string;
  /** Sessions written into the replica that the push has not yet reported sent. */
  waiting: string[];
  lastPushedAt: number | null;
  /** Learners erased on this PC: what the server still has of them is not taken back in. */
  erased: string[];
}

const BOOK_ID = '_local/attune-sync';

// The edit-record stores are named at run time (they are added by later log versions), which idb's typed
// database cannot express: the untyped view of the same connection reads them.
type AnyDb = IDBPDatabase<unknown>;

export class SchoolSync {
  readonly status: StoreApi<SyncStatus>;
  private readonly sync: PouchDB.Sync<SchoolDoc>;
  private book: SyncBook = { _id: BOOK_ID, waiting: [], lastPushedAt: null, erased: [] };
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly running = new Map<'out' | 'in', Promise<void>>();
  private readonly again = new Set<'out' | 'in'>();
  private stopped = false;

  private constructor(
    private readonly log: LogStore,
    private readonly local: PouchDB.Database<SchoolDoc>,
    private readonly remote: PouchDB.Database<SchoolDoc>,
    config: SchoolConfig,
    status: StoreApi<SyncStatus>,
  ) {
    this.status = status;
    status.setState({ state: { kind: 'starting' }, server: `${config.origin}/${config.database}` });
    this.sync = local.sync(remote, {
      live: true,
      retry: true,
      batch_size: BATCH_SIZE,
      back_off_function: backOff,
    });
    this.listen();
    this.timer = setInterval(() => this.soon('out'), OUTBOX_EVERY_MS);
  }

  /** Opens the replica and starts replicating with the school server. */
  static async start(log: LogStore, config: SchoolConfig, status: StoreApi<SyncStatus>): Promise<SchoolSync> {
    const local = new PouchDB<SchoolDoc>('attune-school', { auto_compaction: true });
    const auth =
      config.username !== null ? { username: config.username, password: config.password ?? '' } : undefined;
    const remote = new PouchDB<SchoolDoc>(`${config.origin}/${config.database}`, auth ? { auth } : {});
    const sync = new SchoolSync(log, local, remote, config, status);
    await sync.readBook();
    sync.soon('in');
    sync.soon('out');
    return sync;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.sync.cancel();
  }

  /** Runs the outbox or the inbox once more as soon as the one running now has finished. */
  soon(which: 'out' | 'in'): void {
    if (this.stopped) return;
    if (this.running.has(which)) {
      this.again.add(which);
      return;
    }
    const run = (which === 'out' ? this.sendOut() : this.takeIn())
      .catch((error: unknown) => this.problem(which, error))
      .finally(() => {
        this.running.delete(which);
        if (this.again.delete(which)) this.soon(which);
      });
    this.running.set(which, run);
  }

  /** Waits until the outbox and the inbox are idle (for tests and for staff's "send now"). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** A learner erased here: what the school server holds of them is not taken back into this PC's log. */
  async forgetLearner(learnerId: string): Promise<void> {
    if (!this.book.erased.includes(learnerId)) this.book.erased.push(learnerId);
    await this.writeBook();
  }

  private listen(): void {
    const set = (patch: Partial<SyncStatus>) => this.status.setState(patch);
    this.sync.on('change', (info) => {
      if (info.direction === 'pull') {
        this.soon('in');
        return;
      }
      const sent = new Set(
        info.change.docs.map((d) => idAfter(SESSION_PREFIX, d._id)).filter((id) => id !== null),
      );
      this.book.waiting = this.book.waiting.filter((id) => !sent.has(id));
      this.book.lastPushedAt = Date.now();
      set({ lastPushedAt: this.book.lastPushedAt, waiting: this.book.waiting.length });
      void this.writeBook();
    });
    this.sync.on('active', () => set({ state: { kind: 'busy' } }));
    this.sync.on('paused', (error) => {
      if (error) {
        this.cut(error);
        return;
      }
      set({ state: { kind: 'upToDate' } });
      void this.checkWaiting();
    });
    this.sync.on('denied', (error) =>
      set({ problem: `The school server refused a document from this computer: ${describe(error)}.` }),
    );
    this.sync.on('error', (error) => this.cut(error));
  }

  /**
   * Asks the server which waiting sessions it has. A push cut after the server wrote a batch but before its
   * answer arrived is not sent again (the server has it), so it is never reported as sent: the server says.
   */
  private async checkWaiting(): Promise<void> {
    if (this.book.waiting.length === 0) return;
    try {
      const { rows } = await this.remote.allDocs({ keys: this.book.waiting.map(sessionDocId) });
      const there = new Set(rows.filter((r) => !r.error && !r.value?.deleted).map((r) => r.id));
      this.book.waiting = this.book.waiting.filter((id) => !there.has(sessionDocId(id)));
      this.status.setState({ waiting: this.book.waiting.length });
      await this.writeBook();
    } catch (error) {
      // Replication can pause without an error when a cut ends its live feed: the server not answering says.
      this.cut(error);
    }
  }

  private cut(error: unknown): void {
    const status = (error as { status?: unknown } | null)?.status;
    const state = this.status.getState().state;
    if (status === 401 || status === 403) {
      this.status.setState({ state: { kind: 'refused', status } });
    } else if (state.kind !== 'unreachable') {
      this.status.setState({ state: { kind: 'unreachable', since: Date.now() } });
    }
  }

  private problem(which: 'out' | 'in', error: unknown): void {
    const what =
      which === 'out'
        ? 'Attune could not prepare this computer’s sessions for the school server'
        : 'Attune could not take in sessions from the school server';
    this.status.setState({ problem: `${what}: ${describe(error)}. It tries again by itself.` });
  }

  private async readBook(): Promise<void> {
    try {
      const saved = (await this.local.get(BOOK_ID)) as unknown as SyncBook;
      this.book = {
        _id: BOOK_ID,
        _rev: saved._rev,
        waiting: Array.isArray(saved.waiting) ? saved.waiting : [],
        lastPushedAt: typeof saved.lastPushedAt === 'number' ? saved.lastPushedAt : null,
        erased: Array.isArray(saved.erased) ? saved.erased : [],
      };
    } catch {
      // None yet: a PC that has never synced.
    }
    this.status.setState({ lastPushedAt: this.book.lastPushedAt, waiting: this.book.waiting.length });
  }

  private writing: Promise<void> = Promise.resolve();

  /** Saves the book; one write at a time, so each has the revision the last one made. */
  private writeBook(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const { _rev, ...rest } = this.book;
      const result = await this.local.put({ ...rest, ...(_rev ? { _rev } : {}) } as never);
      this.book._rev = result.rev;
    });
    this.writing = this.writing.catch(() => undefined);
    return this.writing;
  }

  /** Ids (after `prefix`) of the replica's documents under `prefix`. */
  private async idsUnder(prefix: string): Promise<Set<string>> {
    const { rows } = await this.local.allDocs(prefixRange(prefix));
    return new Set(rows.map((r) => r.id.slice(prefix.length)));
  }

  /** Writes documents into the replica; one already there (the same content, by its fixed id) is fine. */
  private async write(docs: readonly SchoolDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH_SIZE) {
      const results = await this.local.bulkDocs(docs.slice(i, i + BATCH_SIZE) as SchoolDoc[]);
      const failed = results.find(
        (r): r is PouchDB.Error => 'error' in r && Boolean(r.error) && r.status !== 409,
      );
      if (failed) throw new Error(failed.message ?? failed.reason ?? 'a document could not be written');
    }
  }

  /** Out: everything of this PC's log that the replica lacks. */
  private async sendOut(): Promise<void> {
    const db = this.log.db;
    const learnersThere = await this.idsUnder(LEARNER_PREFIX);
    const learners = (await db.getAll('learners')).filter((l) => !learnersThere.has(l.id));
    await this.write(learners.map(learnerDoc));

    const sessionsThere = await this.idsUnder(SESSION_PREFIX);
    for (const id of await db.getAllKeys('sessions')) {
      if (this.stopped) return;
      if (sessionsThere.has(id)) continue;
      const s = await db.get('sessions', id);
      // A running session (or one whose last events are still being written) goes once it has ended.
      if (!s || s.status === 'live') continue;
      const exported = await exportSession(db, id);
      if (!exported) continue;
      const { parts, session } = sessionDocs(exported);
      if (!this.book.waiting.includes(id)) this.book.waiting.push(id);
      await this.writeBook();
      this.status.setState({ waiting: this.book.waiting.length });
      // The event documents before the session document: replication sends them in this order.
      await this.write(parts);
      await this.write([session]);
    }
    await this.sendRecords();
  }

  private async sendRecords(): Promise<void> {
    const db = this.log.db as unknown as AnyDb;
    for (const store of RECORD_STORES) {
      if (!db.objectStoreNames.contains(store)) continue;
      const there = await this.idsUnder(`${RECORD_PREFIX}${store}:`);
      const docs: RecordDoc[] = [];
      for (const record of await db.getAll(store)) {
        const id = (record as { id?: unknown }).id;
        if (typeof id !== 'string' || there.has(id)) continue;
        docs.push({ _id: recordDocId(store, id), type: 'record', store, record });
      }
      await this.write(docs);
    }
  }

  /** In: what the replica has from other PCs that the log lacks, each session once it is whole. */
  private async takeIn(): Promise<void> {
    const db = this.log.db;
    const erased = new Set(this.book.erased);
    const here = new Set(await db.getAllKeys('learners'));
    const { rows } = await this.local.allDocs({ ...prefixRange(LEARNER_PREFIX), include_docs: true });
    const learners = new Map<string, LearnerDoc>();
    for (const row of rows) {
      const doc = asSchoolDoc(row.doc);
      if (doc?.type === 'learner') learners.set(doc.learner.id, doc);
    }
    let changed = false;
    const sessionsHere = new Set(await db.getAllKeys('sessions'));
    const wanted = [...(await this.idsUnder(SESSION_PREFIX))].filter((id) => !sessionsHere.has(id));
    for (let i = 0; i < wanted.length && !this.stopped; i += BATCH_SIZE) {
      const keys = wanted.slice(i, i + BATCH_SIZE).map(sessionDocId);
      const found = await this.local.allDocs({ keys, include_docs: true });
      for (const row of found.rows) {
        const doc = 'doc' in row ? asSchoolDoc(row.doc) : null;
        if (doc?.type !== 'session' || erased.has(doc.learnerId)) continue;
        const learner = learners.get(doc.learnerId);
        if (learner && (await this.takeSession(learner, doc))) changed = true;
      }
    }
    for (const [id, doc] of learners) {
      if (here.has(id) || erased.has(id) || (await db.get('learners', id))) continue;
      await db.put('learners', doc.learner);
      changed = true;
    }
    await this.takeRecords(erased);
    if (changed) for (const fn of this.onChanged) fn();
  }

  /** Puts one replicated session into the log when all of it is here; true when it was added. */
  private async takeSession(learner: LearnerDoc, session: SessionDoc): Promise<boolean> {
    const parts = await this.local.allDocs({ keys: eventsDocIds(session), include_docs: true });
    const docs = parts.rows.map((r) => ('doc' in r ? (asSchoolDoc(r.doc) as EventsDoc | null) : null));
    const text = sessionExportText(learner, session, docs);
    // Some of its documents are still on their way: it is taken in when they have come.
    if (text === null) return false;
    const parsed = parseExport(text);
    if (!parsed.ok) {
      this.status.setState({
        problem: `A session from the school server (${session.session.id}) could not be taken in: ${parsed.message}`,
      });
      return false;
    }
    const result = await importAndFigure(this.log, parsed.data);
    if (result.sessionsAdded === 0) return false;
    this.status.setState({ received: this.status.getState().received + result.sessionsAdded });
    return true;
  }

  private async takeRecords(erased: ReadonlySet<string>): Promise<void> {
    const db = this.log.db as unknown as AnyDb;
    for (const store of RECORD_STORES) {
      if (!db.objectStoreNames.contains(store)) continue;
      const here = new Set((await db.getAllKeys(store)).map(String));
      const prefix = `${RECORD_PREFIX}${store}:`;
      const wanted = [...(await this.idsUnder(prefix))].filter((id) => !here.has(id));
      if (wanted.length === 0) continue;
      const found = await this.local.allDocs({ keys: wanted.map((id) => prefix + id), include_docs: true });
      for (const row of found.rows) {
        const doc = 'doc' in row ? asSchoolDoc(row.doc) : null;
        if (doc?.type !== 'record' || !plainRecord(doc.record)) continue;
        if (typeof doc.record.learnerId === 'string' && erased.has(doc.record.learnerId)) continue;
        await db.put(store, doc.record);
      }
    }
  }

  private readonly onChanged = new Set<() => void>();

  /** Calls `fn` whenever sessions or learners from other PCs were added to the log. */
  whenChanged(fn: () => void): () => void {
    this.onChanged.add(fn);
    return () => this.onChanged.delete(fn);
  }
}

/** An edit record as the stores keep them: a plain object with its own short id. */
function plainRecord(v: unknown): v is Record<string, unknown> & { id: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const id = (v as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 100;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const e = error as { message?: unknown; reason?: unknown } | null;
  return String(e?.reason ?? e?.message ?? error);
}
