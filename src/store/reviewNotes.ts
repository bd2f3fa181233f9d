import type { IDBPDatabase } from 'idb';
import type { Correction, CorrectionChange, EventRef } from '../core/review/corrections.ts';
import type { DiaryEdit, DiaryField } from '../core/review/diary.ts';
import type { AttuneDb, StoredFeatures } from './logStore.ts';

/**
 * Staff's corrections and diary for a session, in their own stores beside the events. Every call adds a record;
 * nothing here changes or deletes one (an undo is a record too), so sync and import merge by id.
 */

export async function sessionCorrections(
  db: IDBPDatabase<AttuneDb>,
  sessionId: string,
): Promise<Correction[]> {
  return db.getAllFromIndex('corrections', 'by-session', sessionId);
}

export async function addCorrection(
  db: IDBPDatabase<AttuneDb>,
  sessionId: string,
  target: EventRef,
  change: CorrectionChange,
): Promise<Correction> {
  const record: Correction = { id: crypto.randomUUID(), sessionId, at: Date.now(), target, change };
  await db.add('corrections', record);
  return record;
}

export async function sessionDiary(db: IDBPDatabase<AttuneDb>, sessionId: string): Promise<DiaryEdit[]> {
  return db.getAllFromIndex('diary', 'by-session', sessionId);
}

export async function addDiaryEdit(
  db: IDBPDatabase<AttuneDb>,
  sessionId: string,
  field: DiaryField,
  text: string,
): Promise<DiaryEdit> {
  const record: DiaryEdit = { id: crypto.randomUUID(), sessionId, at: Date.now(), field, text };
  await db.add('diary', record);
  return record;
}

/**
 * A session's stored voice level and movement from `fromMs` to `toMs` (chunk starts; `fromMs` itself left out
 * when `afterFrom`), in time order: the session page reads what it first shows before the rest, and the rest a
 * slice at a time, since a six-hour session holds 21,600 of them.
 */
export async function featuresBetween(
  db: IDBPDatabase<AttuneDb>,
  sessionId: string,
  fromMs: number,
  toMs: number,
  afterFrom = false,
): Promise<StoredFeatures[]> {
  return db.getAll('features', IDBKeyRange.bound([sessionId, fromMs], [sessionId, toMs], afterFrom));
}

/** The start of a session's last stored feature chunk, or null when it has none: one step of a key cursor. */
export async function lastFeatureMs(db: IDBPDatabase<AttuneDb>, sessionId: string): Promise<number | null> {
  const range = IDBKeyRange.bound(
    [sessionId, Number.NEGATIVE_INFINITY],
    [sessionId, Number.POSITIVE_INFINITY],
  );
  const cursor = await db.transaction('features').store.openKeyCursor(range, 'prev');
  return cursor ? cursor.key[1] : null;
}
