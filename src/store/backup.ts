import { type IDBPDatabase, unwrap } from 'idb';
import {
  type AttuneBackup,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupRecord,
  type BackupStore,
} from '../core/backupFormat.ts';
import type { AttuneDb } from './logStore.ts';

/**
 * "Back up everything" and "Restore", over the log's database. The backup takes every object store the log has,
 * whatever later versions add, except those named in BACKUP_EXCLUDES; a restore is one transaction, so a
 * refused or failed restore leaves the log exactly as it was.
 */

/**
 * Stores a backup never carries: `voices` holds voiceprints (the learner's and the practitioner's, features of
 * a person's voice), which stay on the computer they were recorded on; `figures` holds review's figures, worked
 * out again from the sessions wherever they are. The staff PIN and staff voices are in
 * databases of their own (store/pin.ts, store/staffVoices.ts), which a backup does not read at all.
 */
export const BACKUP_EXCLUDES: readonly string[] = ['voices', 'figures'];

/** The log as the browser gives it: a backup reads and writes stores by name, whatever the log's schema says. */
type AnyDb = IDBDatabase | IDBPDatabase<AttuneDb>;

function raw(db: AnyDb): IDBDatabase {
  // unwrap knows only the databases idb opened; a plain one is itself.
  return (unwrap(db as IDBPDatabase<AttuneDb>) as IDBDatabase | undefined) ?? (db as IDBDatabase);
}

/** Everything in the log except the excluded stores, read in one transaction (one consistent moment). */
export async function readBackup(
  log: AnyDb,
  now = Date.now(),
  excludes: readonly string[] = BACKUP_EXCLUDES,
): Promise<AttuneBackup> {
  const db = raw(log);
  const names = Array.from(db.objectStoreNames).filter((n) => !excludes.includes(n));
  const stores: BackupStore[] = [];
  if (names.length > 0) {
    const tx = db.transaction(names, 'readonly');
    const reads = names.map(async (name) => {
      const store = tx.objectStore(name);
      const keyPath = store.keyPath;
      const values = await request(store.getAll());
      const keys = keyPath === null ? await request(store.getAllKeys()) : null;
      const records: BackupRecord[] = values.map((value, i) =>
        keys === null ? { value } : { key: keys[i], value },
      );
      return { name, keyPath, autoIncrement: store.autoIncrement, records };
    });
    stores.push(...(await Promise.all(reads)));
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now,
    logVersion: db.version,
    excluded: [...excludes],
    stores,
  };
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export interface RestoreCount {
  store: string;
  added: number;
  /** Records already here (the same key), left as they are. */
  kept: number;
}

export type RestoreResult = { ok: true; counts: RestoreCount[] } | { ok: false; message: string };

const NEWER =
  'This backup was made by a newer version of Attune, with data this Attune cannot keep. Please update Attune, then restore it again. Nothing was changed.';

/** Why this log cannot take the backup as it is (a store it lacks or keys differently), or null. */
function shapeProblem(db: IDBDatabase, backup: AttuneBackup, excludes: readonly string[]): string | null {
  if (backup.logVersion > db.version) return NEWER;
  const stores = backup.stores.filter((s) => !excludes.includes(s.name));
  if (stores.length === 0) return null;
  const missing = stores.find((s) => !db.objectStoreNames.contains(s.name));
  if (missing) return NEWER;
  const tx = db.transaction(
    stores.map((s) => s.name),
    'readonly',
  );
  for (const s of stores) {
    const here = tx.objectStore(s.name);
    if (
      JSON.stringify(here.keyPath) !== JSON.stringify(s.keyPath) ||
      here.autoIncrement !== s.autoIncrement
    ) {
      return `This file's "${s.name}" is kept differently from this Attune's: it is not a backup this Attune can restore. Nothing was changed.`;
    }
  }
  return null;
}

/** A key as text, to find it among a store's keys (keys may be numbers, strings, dates or lists). */
const keyText = (k: IDBValidKey): string =>
  JSON.stringify(k, (_k, v) => (v instanceof Date ? `D${v.getTime()}` : v));

/**
 * Puts a checked backup (see parseBackup) into the log, in one transaction: what is already here is never
 * changed or removed, so a restore onto a computer in use adds what it lacks. A record whose key is here already
 * is left as it is; a store numbered by the log itself (events) takes the records of sessions that were not here,
 * under new numbers, so restoring the same backup twice adds nothing the second time.
 */
export async function restoreBackup(
  log: AnyDb,
  backup: AttuneBackup,
  excludes: readonly string[] = BACKUP_EXCLUDES,
): Promise<RestoreResult> {
  const db = raw(log);
  const problem = shapeProblem(db, backup, excludes);
  if (problem) return { ok: false, message: problem };
  const stores = backup.stores.filter((s) => !excludes.includes(s.name));
  if (stores.length === 0) return { ok: true, counts: [] };
  const tx = db.transaction(
    stores.map((s) => s.name),
    'readwrite',
  );
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The restore was abandoned.', 'AbortError'));
  });
  try {
    const sessionsHere = db.objectStoreNames.contains('sessions')
      ? new Set((await request(tx.objectStore('sessions').getAllKeys())).map(keyText))
      : new Set<string>();
    const counts: RestoreCount[] = [];
    for (const s of stores) counts.push(await restoreStore(tx.objectStore(s.name), s, sessionsHere));
    await done;
    return { ok: true, counts };
  } catch (error) {
    done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing of it was kept.
    }
    throw error;
  }
}

async function restoreStore(
  store: IDBObjectStore,
  s: BackupStore,
  sessionsHere: Set<string>,
): Promise<RestoreCount> {
  const here = new Set((await request(store.getAllKeys())).map(keyText));
  let added = 0;
  let kept = 0;
  for (const r of s.records) {
    const owner = (r.value as { sessionId?: unknown } | null)?.sessionId;
    if (s.keyPath === null && s.autoIncrement && typeof owner === 'string') {
      // Numbered by the log: a number here means nothing about the record, its session does.
      if (sessionsHere.has(keyText(owner))) kept++;
      else {
        store.add(r.value);
        added++;
      }
      continue;
    }
    const key = s.keyPath === null ? (r.key as IDBValidKey) : keyOf(r.value, s.keyPath);
    if (key !== undefined && here.has(keyText(key))) {
      kept++;
      continue;
    }
    if (s.keyPath === null) store.add(r.value, key);
    else store.add(r.value);
    added++;
  }
  return { store: s.name, added, kept };
}

function keyOf(value: unknown, keyPath: string | string[]): IDBValidKey | undefined {
  const one = (path: string): unknown =>
    path.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown> | undefined)?.[p], value);
  const key = Array.isArray(keyPath) ? keyPath.map(one) : one(keyPath);
  return key as IDBValidKey | undefined;
}
