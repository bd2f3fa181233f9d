import { migrateEvent, SCHEMA_VERSION } from './events.ts';
import { validateEvent } from './exportFormat.ts';
import { SESSION_STATUSES } from './records.ts';
import { parseTurnParams } from './turns/params.ts';

/**
 * Attune's backup file, version 1: everything in this computer's log, store by store, as JSON (UTF-8), so
 * that another computer (or this one, after its browser profile was wiped) can have it all back.
 *
 * ```
 * {
 *   "format": "attune-backup",     // marks the file; anything else is refused as foreign
 *   "version": 1,                  // this layout; a newer one is refused with "please update Attune"
 *   "createdAt": 1767225600000,    // epoch ms
 *   "logVersion": 4,               // the log database's version it was read from
 *   "excluded": ["voices"],        // stores of the log that a backup never carries
 *   "stores": [
 *     { "name": "learners", "keyPath": "id", "autoIncrement": false, "records": [
 *         { "value": { ... } },                 // a store whose records carry their key (keyPath)
 *     ] },
 *     { "name": "events", "keyPath": null, "autoIncrement": true, "records": [
 *         { "key": 1, "value": { ... } },       // a store whose keys are kept beside the records
 *     ] }
 *   ]
 * }
 * ```
 * Every store of the log is carried except the excluded ones, so a store added later is backed up without a
 * change here. Values JSON cannot hold are written as `{"$attune": type, "v": ...}`: a number that is not
 * finite (-Infinity, digital silence), a Date, a typed array or an ArrayBuffer. The learners, sessions and
 * events stores are checked field by field (events as an export's are, migrated to the current schema); every
 * other record must be plain data, and any record's `learnerId` or `sessionId` must name a learner or session
 * in the same file. A session that was running when the backup was made comes back interrupted, ending at its
 * last event, as a session found unfinished at start-up does.
 */
export const BACKUP_FORMAT = 'attune-backup';
export const BACKUP_VERSION = 1;

export const BACKUP_LIMITS = Object.freeze({
  /**
   * The whole file, in bytes, checked on its size before it is read. A whole school's log of many years is far
   * below it; a browser cannot hold a much larger text in memory at once.
   */
  maxBytes: 400 * 1024 * 1024,
  /** Records in all stores together. */
  records: 20_000_000,
  /** Any one text in a record. */
  textChars: 100_000,
  /** How deeply a record may nest objects and lists. */
  depth: 32,
});

export interface BackupRecord {
  /** Only for a store whose keys are kept beside its records (no keyPath). */
  key?: unknown;
  value: unknown;
}

export interface BackupStore {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  records: BackupRecord[];
}

export interface AttuneBackup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** Epoch ms. */
  createdAt: number;
  logVersion: number;
  excluded: string[];
  stores: BackupStore[];
}

export interface BackupTally {
  learners: number;
  sessions: number;
  events: number;
}

export type BackupParse =
  | { ok: true; backup: AttuneBackup; tally: BackupTally }
  | { ok: false; message: string };

const TAG = '$attune';
type Tagged = { [TAG]: string; v: unknown };

/** JSON for a value JSON itself cannot hold; the key's own value is read, before any toJSON (a Date's). */
function encode(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (typeof raw === 'number' && !Number.isFinite(raw)) return { [TAG]: 'number', v: String(raw) };
  if (raw instanceof Date) return { [TAG]: 'Date', v: raw.getTime() };
  if (raw instanceof ArrayBuffer) return { [TAG]: 'ArrayBuffer', v: Array.from(new Uint8Array(raw)) };
  if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
    return { [TAG]: raw.constructor.name, v: Array.from(raw as unknown as ArrayLike<number>) };
  }
  if (
    raw instanceof Map ||
    raw instanceof Set ||
    (typeof raw === 'object' && raw !== null && isBlobLike(raw))
  ) {
    throw new Error(`a value of type ${raw.constructor.name} cannot be written to a backup`);
  }
  return value;
}

function isBlobLike(v: object): boolean {
  return typeof (v as { arrayBuffer?: unknown }).arrayBuffer === 'function';
}

const TYPED: Record<string, (v: number[]) => unknown> = {
  Int8Array: (v) => Int8Array.from(v),
  Uint8Array: (v) => Uint8Array.from(v),
  Uint8ClampedArray: (v) => Uint8ClampedArray.from(v),
  Int16Array: (v) => Int16Array.from(v),
  Uint16Array: (v) => Uint16Array.from(v),
  Int32Array: (v) => Int32Array.from(v),
  Uint32Array: (v) => Uint32Array.from(v),
  Float32Array: (v) => Float32Array.from(v),
  Float64Array: (v) => Float64Array.from(v),
  ArrayBuffer: (v) => Uint8Array.from(v).buffer,
};

class Invalid extends Error {}
const DAMAGED = 'This file looks like an Attune backup but is damaged';

function fail(where: string, what: string): never {
  throw new Invalid(`${DAMAGED}: ${where} ${what}.`);
}

function decode(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !(TAG in value)) return value;
  const { [TAG]: type, v } = value as Tagged;
  if (type === 'number' && (v === 'Infinity' || v === '-Infinity' || v === 'NaN')) return Number(v);
  if (type === 'Date' && typeof v === 'number') return new Date(v);
  const make = TYPED[type];
  if (make && Array.isArray(v) && v.every((n) => typeof n === 'number')) return make(v);
  return fail('a value', `is marked as "${String(type)}", which Attune does not know`);
}

/**
 * The file's text, in parts to be joined by the browser (a Blob), never as one string: a school's log can be
 * hundreds of megabytes. One record per line, so it stays readable and diffable by a person.
 */
export function backupParts(backup: AttuneBackup): string[] {
  const j = (v: unknown): string => JSON.stringify(v, encode);
  const parts = [
    '{\n',
    `  "format": ${j(backup.format)},\n  "version": ${j(backup.version)},\n`,
    `  "createdAt": ${j(backup.createdAt)},\n  "logVersion": ${j(backup.logVersion)},\n`,
    `  "excluded": ${j(backup.excluded)},\n  "stores": [`,
  ];
  backup.stores.forEach((s, i) => {
    const head = { name: s.name, keyPath: s.keyPath, autoIncrement: s.autoIncrement };
    parts.push(`${i === 0 ? '' : ','}\n    ${j(head).slice(0, -1)}, "records": [`);
    s.records.forEach((r, k) => {
      parts.push(`${k === 0 ? '' : ','}\n      ${j(r.key === undefined ? { value: r.value } : r)}`);
    });
    parts.push(s.records.length === 0 ? ']}' : '\n    ]}');
  });
  parts.push(backup.stores.length === 0 ? ']\n}\n' : '\n  ]\n}\n');
  return parts;
}

/** Words for a file too large to restore, or null when its size is within the limit. */
export function backupSizeProblem(bytes: number): string | null {
  if (bytes <= BACKUP_LIMITS.maxBytes) return null;
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return `This file is ${mb(bytes)}; Attune restores backups up to ${mb(BACKUP_LIMITS.maxBytes)}. Check that this is the right file.`;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function num(o: Obj, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, `has no valid "${key}" (a number is needed)`);
  return v;
}

function text(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') fail(where, `has no valid "${key}" (text is needed)`);
  return v;
}

/** Plain data only, of bounded size: what any store's record may hold. */
function checkPlain(v: unknown, where: string, depth = 0): void {
  if (depth > BACKUP_LIMITS.depth) fail(where, `nests deeper than ${BACKUP_LIMITS.depth} levels`);
  if (typeof v === 'string') {
    if (v.length > BACKUP_LIMITS.textChars) fail(where, `holds a text of ${v.length} characters`);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) checkPlain(x, where, depth + 1);
    return;
  }
  if (isObj(v)) for (const x of Object.values(v)) checkPlain(x, where, depth + 1);
}

function checkHeader(root: unknown): Obj {
  const foreign = 'This is not an Attune backup. Choose a file that "Back up everything" saved.';
  if (isObj(root) && root.format === 'attune-export') {
    throw new Invalid(
      'This is an export of one learner, not a backup. Use Import (beside the learner) to add it.',
    );
  }
  if (!isObj(root) || root.format !== BACKUP_FORMAT) throw new Invalid(foreign);
  const version = root.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    fail('its version number', 'is missing or invalid');
  if (version > BACKUP_VERSION) {
    throw new Invalid(
      `This backup was made by a newer version of Attune (backup version ${version}; this Attune reads up to ${BACKUP_VERSION}). Please update Attune, then restore it again.`,
    );
  }
  return root;
}

function checkStoreHead(raw: unknown, n: number, seen: Set<string>): BackupStore {
  const where = `store ${n}`;
  const s = isObj(raw) ? raw : fail(where, 'is not an object');
  const name = text(s, 'name', where);
  if (seen.has(name)) fail(`the store "${name}"`, 'appears twice');
  seen.add(name);
  const kp = s.keyPath;
  const keyPath =
    kp === null || typeof kp === 'string'
      ? kp
      : Array.isArray(kp) && kp.every((k) => typeof k === 'string')
        ? (kp as string[])
        : fail(`the store "${name}"`, 'has an invalid "keyPath"');
  if (typeof s.autoIncrement !== 'boolean') fail(`the store "${name}"`, 'has no valid "autoIncrement"');
  if (!Array.isArray(s.records)) fail(`the store "${name}"`, 'has no list of records');
  const records = s.records.map((r: unknown, i: number) => {
    const at = `record ${i + 1} of "${name}"`;
    if (!isObj(r) || !('value' in r)) return fail(at, 'is not a record');
    if (keyPath === null && !('key' in r)) fail(at, 'has no key');
    return keyPath === null ? { key: r.key, value: r.value } : { value: r.value };
  });
  return { name, keyPath, autoIncrement: s.autoIncrement, records };
}

function checkLearner(value: unknown, where: string): Obj {
  const o = isObj(value) ? value : fail(where, 'is not a learner');
  text(o, 'id', where);
  text(o, 'pseudonym', where);
  num(o, 'createdAt', where);
  return o;
}

function checkSession(value: unknown, where: string, learners: Set<string>): Obj {
  const o = isObj(value) ? value : fail(where, 'is not a session');
  const named = `${where} ("${text(o, 'id', where)}")`;
  if (!learners.has(text(o, 'learnerId', named))) fail(named, 'belongs to a learner who is not in the file');
  const startedAt = num(o, 'startedAt', named);
  if (o.endedAt !== null && num(o, 'endedAt', named) < startedAt) fail(named, 'ends before it starts');
  if (!SESSION_STATUSES.includes(o.status as never)) fail(named, 'has an unknown "status"');
  const schema = num(o, 'schemaVersion', named);
  if (!Number.isInteger(schema) || schema < 1) fail(named, 'has an invalid "schemaVersion"');
  if (schema > SCHEMA_VERSION) {
    throw new Invalid(
      `This backup was made by a newer version of Attune (${named} uses event schema ${schema}; this Attune reads up to ${SCHEMA_VERSION}). Please update Attune, then restore it again.`,
    );
  }
  const params = parseTurnParams(o.turnParams);
  if (!params.ok) fail(named, `has a problem: ${params.message}`);
  const counts = isObj(o.counts) ? o.counts : fail(named, 'has no "counts"');
  for (const k of Object.keys(counts))
    if (num(counts, k, named) < 0) fail(named, `has a negative count of ${k}`);
  const lastEventMs = num(o, 'lastEventMs', named);
  if (o.status !== 'live') return { ...o, turnParams: params.params };
  // Running when the backup was made: it is not running here.
  return { ...o, turnParams: params.params, status: 'interrupted', endedAt: startedAt + lastEventMs };
}

function checkEvent(value: unknown, where: string, schemaOf: Map<string, number>): Obj {
  const o = isObj(value) ? value : fail(where, 'is not an event');
  const sessionId = text(o, 'sessionId', where);
  const schema = schemaOf.get(sessionId);
  if (schema === undefined) fail(where, 'belongs to a session that is not in the file');
  let event: unknown = o.event;
  if (schema < SCHEMA_VERSION) {
    try {
      event = migrateEvent(event, schema);
    } catch {
      fail(where, 'could not be brought up to date');
    }
  }
  // The export's check takes digital silence as JSON writes it (null); the backup carries it as it is.
  const checked =
    isObj(event) && event.peakDbfs === Number.NEGATIVE_INFINITY ? { ...event, peakDbfs: null } : event;
  try {
    return { ...o, sessionId, event: validateEvent(checked, where) };
  } catch (e) {
    const said = e instanceof Error ? e.message : String(e);
    throw new Invalid(said.replace('an Attune export', 'an Attune backup'));
  }
}

/** Every `learnerId` and `sessionId` in a record of any other store names one in the file. */
function checkLinks(value: unknown, where: string, learners: Set<string>, sessions: Set<string>): void {
  if (!isObj(value)) return;
  if (typeof value.learnerId === 'string' && !learners.has(value.learnerId))
    fail(where, 'belongs to a learner who is not in the file');
  if (typeof value.sessionId === 'string' && !sessions.has(value.sessionId))
    fail(where, 'belongs to a session that is not in the file');
}

function checkStores(stores: BackupStore[]): BackupTally {
  const byName = new Map(stores.map((s) => [s.name, s]));
  const learners = new Set<string>();
  const sessions = new Map<string, number>();
  for (const [i, r] of (byName.get('learners')?.records ?? []).entries()) {
    const o = checkLearner(r.value, `learner ${i + 1}`);
    if (learners.has(o.id as string)) fail(`the learner "${o.id}"`, 'appears twice');
    learners.add(o.id as string);
  }
  for (const [i, r] of (byName.get('sessions')?.records ?? []).entries()) {
    r.value = checkSession(r.value, `session ${i + 1}`, learners);
    const o = r.value as Obj;
    if (sessions.has(o.id as string)) fail(`the session "${o.id}"`, 'appears twice');
    sessions.set(o.id as string, o.schemaVersion as number);
  }
  for (const [i, r] of (byName.get('events')?.records ?? []).entries()) {
    r.value = checkEvent(r.value, `event ${i + 1}`, sessions);
  }
  for (const s of stores) {
    if (s.name === 'events') continue;
    s.records.forEach((r, i) => {
      const where = `record ${i + 1} of "${s.name}"`;
      checkPlain(r.value, where);
      checkPlain(r.key, where);
      checkLinks(r.value, where, learners, new Set(sessions.keys()));
    });
  }
  // Schemas are brought up to date as the events were.
  for (const r of byName.get('sessions')?.records ?? []) (r.value as Obj).schemaVersion = SCHEMA_VERSION;
  return {
    learners: learners.size,
    sessions: sessions.size,
    events: byName.get('events')?.records.length ?? 0,
  };
}

/**
 * Reads a backup strictly, all of it, before anything is written: refuses, with a message staff can act on,
 * anything that is not an Attune backup, is damaged or cut short, or was written by a newer Attune. Never
 * throws.
 */
export function parseBackup(textIn: string): BackupParse {
  try {
    const tooLarge = backupSizeProblem(textIn.length);
    if (tooLarge) return { ok: false, message: tooLarge };
    const body = textIn.charCodeAt(0) === 0xfeff ? textIn.slice(1) : textIn;
    if (body.trim() === '') return { ok: false, message: 'This file is empty: there is nothing to restore.' };
    let root: unknown;
    try {
      root = JSON.parse(body, decode);
    } catch (e) {
      if (e instanceof Invalid) throw e;
      if (body.trimStart().startsWith('{') && body.includes(`"${BACKUP_FORMAT}"`))
        fail('it', 'is not complete, valid JSON (it may have been cut short or edited)');
      return {
        ok: false,
        message: 'This is not an Attune backup. Choose a file that "Back up everything" saved.',
      };
    }
    const head = checkHeader(root);
    const createdAt = num(head, 'createdAt', 'the file');
    const logVersion = num(head, 'logVersion', 'the file');
    const excluded = head.excluded;
    if (!Array.isArray(excluded) || !excluded.every((x) => typeof x === 'string'))
      fail('the file', 'has no valid list of excluded stores');
    if (!Array.isArray(head.stores)) fail('the file', 'has no list of stores');
    const seen = new Set<string>();
    const stores = head.stores.map((s: unknown, i: number) => checkStoreHead(s, i + 1, seen));
    const total = stores.reduce((n, s) => n + s.records.length, 0);
    if (total > BACKUP_LIMITS.records)
      fail('the file', `has ${total} records (at most ${BACKUP_LIMITS.records})`);
    const tally = checkStores(stores);
    return {
      ok: true,
      backup: { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt, logVersion, excluded, stores },
      tally,
    };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message };
    return { ok: false, message: 'Attune could not read this file, so nothing was restored.' };
  }
}
