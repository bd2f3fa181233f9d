import { type Channel, type LogEvent, migrateEvent, type Party, SCHEMA_VERSION } from './events.ts';
import { type Learner, SESSION_STATUSES, type SessionMeta, type SessionStatus } from './records.ts';
import { type Correction, parseCorrection } from './review/corrections.ts';
import { type DiaryEdit, parseDiaryEdit } from './review/diary.ts';
import { type EngagementNote, parseEngagementNote } from './review/engagement.ts';
import { type GoalEdit, parseGoalEdit } from './review/goals.ts';
import { parseTurnParams } from './turns/params.ts';
import { analyseTurns } from './turns/tracker.ts';
import type { Ms } from './units.ts';

/**
 * Attune's export file, version 1: one learner and some or all of their sessions, as JSON (UTF-8).
 *
 * ```
 * {
 *   "format": "attune-export",      // marks the file as Attune's; anything else is refused as foreign
 *   "version": 1,                   // this file layout; a newer version is refused with "please update Attune"
 *   "exportedAt": 1767225600000,    // epoch ms
 *   "learner": { "id", "pseudonym", "createdAt" },            // see core/records.ts
 *   "goals": [ GoalEdit, ... ],                                // optional: every save of the learner's goals, core/review/goals.ts
 *   "engagement": [ EngagementNote, ... ],                     // optional: Engagement Model judgements, core/review/engagement.ts
 *   "sessions": [
 *     { "meta":   { "id", "learnerId", "startedAt", "endedAt", "status", "schemaVersion", "turnParams" },
 *       "events": [ LogEvent, ... ],                           // see core/events.ts, on the session clock
 *       "corrections": [ Correction, ... ],                    // optional: staff's corrections, core/review/corrections.ts
 *       "diary": [ DiaryEdit, ... ] }                          // optional: the diary's saves, core/review/diary.ts
 *   ]
 * }
 * ```
 * Each session's turn-taking parameters travel in `meta.turnParams` (one place, so they cannot disagree), and
 * its events in the event schema named by `meta.schemaVersion`; older event schemas are migrated on import.
 * A peak level of digital silence (-Infinity dBFS) has no JSON form: it is written as null and read back as
 * -Infinity. Unknown fields are dropped on import, so nothing unexpected reaches the log. Corrections and diary
 * saves are records with ids of their own, never changed once made: an import adds those not yet here, so the
 * same file imported twice, or two computers' files of one session, lose and double nothing. An Attune from
 * before they existed reads such a file and drops them.
 */
export const EXPORT_FORMAT = 'attune-export';
export const EXPORT_VERSION = 1;

export interface ExportedSession {
  meta: SessionMeta;
  events: LogEvent[];
  /** Staff's corrections of the events (kept beside them, undos included); left out when there are none. */
  corrections?: Correction[];
  /** The practitioner's diary, every save; left out when there is none. */
  diary?: DiaryEdit[];
}

export interface AttuneExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** Epoch ms. */
  exportedAt: number;
  learner: Learner;
  /** Every save of the learner's goals; left out when there is none. */
  goals?: GoalEdit[];
  /** The learner's Engagement Model judgements; left out when there is none. */
  engagement?: EngagementNote[];
  sessions: ExportedSession[];
}

/** What an export carries of the learner beyond their sessions: records of staff's own, merged by id on import. */
export type LearnerNotes = Pick<AttuneExport, 'goals' | 'engagement'>;

export type ParseResult = { ok: true; data: AttuneExport } | { ok: false; message: string };

export function makeExport(
  learner: Learner,
  sessions: ExportedSession[],
  exportedAt: number,
  notes: LearnerNotes = {},
): AttuneExport {
  // The learner as the format documents it: a stage profile is this computer's setting, not part of the record.
  const { id, pseudonym, createdAt } = learner;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt,
    learner: { id, pseudonym, createdAt },
    ...(notes.goals?.length ? { goals: notes.goals } : {}),
    ...(notes.engagement?.length ? { engagement: notes.engagement } : {}),
    sessions: sessions.map((s) => ({
      meta: s.meta,
      events: s.events.map(withoutVoice),
      ...(s.corrections?.length ? { corrections: s.corrections } : {}),
      ...(s.diary?.length ? { diary: s.diary } : {}),
    })),
  };
}

/** A vocal event's voice feature stays on this computer (see VocalEvent.voice): the rest is exported. */
function withoutVoice(e: LogEvent): LogEvent {
  if (e.kind !== 'vocal' || e.voice === undefined) return e;
  const { voice: _kept, ...rest } = e;
  return rest;
}

/**
 * The file's text. One event per line: a day's log stays small enough (no deep indentation) and still readable
 * and diffable by a person.
 */
export function toJson(data: AttuneExport): string {
  const j = (v: unknown): string => JSON.stringify(v);
  const sessions = data.sessions.map((s) => {
    const events = s.events.map((e) => `        ${j(e)}`).join(',\n');
    // One record a line, as the events are, so a file diffs and reads well.
    const notes = (['corrections', 'diary'] as const)
      .filter((k) => s[k]?.length)
      .map((k) => `,\n      "${k}": [\n${(s[k] ?? []).map((r) => `        ${j(r)}`).join(',\n')}\n      ]`)
      .join('');
    return `    {\n      "meta": ${j(s.meta)},\n      "events": [${events === '' ? '' : `\n${events}\n      `}]${notes}\n    }`;
  });
  return [
    '{',
    `  "format": ${j(data.format)},`,
    `  "version": ${j(data.version)},`,
    `  "exportedAt": ${j(data.exportedAt)},`,
    `  "learner": ${j(data.learner)},`,
    ...(['goals', 'engagement'] as const)
      .filter((k) => data[k]?.length)
      .map((k) => `  "${k}": [\n${(data[k] ?? []).map((r) => `    ${j(r)}`).join(',\n')}\n  ],`),
    `  "sessions": [${sessions.length === 0 ? '' : `\n${sessions.join(',\n')}\n  `}]`,
    '}',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Parsing. Every check returns a plain-English reason; nothing throws out of parseExport.

class Invalid extends Error {}

const DAMAGED = 'This file looks like an Attune export but is damaged';

function fail(where: string, what: string): never {
  throw new Invalid(`${DAMAGED}: ${where} ${what}.`);
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, where: string): Obj {
  if (!isObj(v)) fail(where, 'is missing or not an object');
  return v;
}

function num(o: Obj, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, `has no valid "${key}" (a number is needed)`);
  return v;
}

function unit(o: Obj, key: string, where: string): number {
  const v = num(o, key, where);
  if (v < 0 || v > 1) fail(where, `has "${key}" outside 0 to 1`);
  return v;
}

function nonNegative(o: Obj, key: string, where: string): number {
  const v = num(o, key, where);
  if (v < 0) fail(where, `has a negative "${key}"`);
  return v;
}

/**
 * What an import accepts at the most. A real export is far inside every one of them (a learner with a hundred
 * hour-long sessions is about 30 MB); a file beyond them is refused before it is read or parsed, in words, so a
 * wrong or hostile file can neither freeze the page nor fill the disk.
 */
export const IMPORT_LIMITS = Object.freeze({
  /** The whole file, in bytes (checked on the file's size before it is read). */
  maxBytes: 100 * 1024 * 1024,
  sessions: 5000,
  eventsPerSession: 500_000,
  /** Any one text: an id, a pseudonym, a tag, a note. */
  textChars: 5000,
});

/** Words for a file too large to import, or null when its size is within the limit. */
export function importSizeProblem(bytes: number): string | null {
  if (bytes <= IMPORT_LIMITS.maxBytes) return null;
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return `This file is ${mb(bytes)}; Attune imports files up to ${mb(IMPORT_LIMITS.maxBytes)}. An Attune export of a learner is far smaller: check that this is the right file, or export fewer sessions at a time.`;
}

function str(o: Obj, key: string, where: string, nonEmpty = true): string {
  const v = o[key];
  if (typeof v !== 'string' || (nonEmpty && v === '')) fail(where, `has no valid "${key}" (text is needed)`);
  if (v.length > IMPORT_LIMITS.textChars)
    fail(where, `has a "${key}" of ${v.length} characters (at most ${IMPORT_LIMITS.textChars})`);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[], where: string): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(where, `has "${key}" that is not one of ${allowed.join(', ')}`);
  }
  return v as T;
}

const PARTIES: readonly Party[] = ['learner', 'practitioner', 'system', 'unknown'];
const CHANNELS: readonly Channel[] = ['voice', 'movement', 'touch'];

function span(o: Obj, where: string): { startMs: Ms; endMs: Ms } {
  const startMs = num(o, 'startMs', where);
  const endMs = num(o, 'endMs', where);
  if (endMs < startMs) fail(where, 'ends before it starts');
  return { startMs, endMs };
}

/** Validates one event of the current schema and copies only its known fields. */
export function validateEvent(value: unknown, where: string): LogEvent {
  const o = obj(value, where);
  switch (o.kind) {
    case 'vocal': {
      const pitch = o.pitchHz;
      if (pitch !== null && (typeof pitch !== 'number' || !Number.isFinite(pitch) || pitch <= 0)) {
        fail(where, 'has no valid "pitchHz" (a positive number or null is needed)');
      }
      // JSON writes -Infinity (digital silence) as null.
      const peakDbfs = o.peakDbfs === null ? Number.NEGATIVE_INFINITY : num(o, 'peakDbfs', where);
      const missing = o.missingAudioMs;
      if (
        missing !== undefined &&
        (typeof missing !== 'number' || !Number.isFinite(missing) || missing < 0)
      ) {
        fail(where, 'has no valid "missingAudioMs" (a number of milliseconds, at least 0, is needed)');
      }
      return {
        kind: 'vocal',
        party: oneOf(o, 'party', PARTIES, where),
        ...span(o, where),
        peakDbfs,
        pitchHz: pitch,
        confidence: unit(o, 'confidence', where),
        ...(missing === undefined ? {} : { missingAudioMs: missing }),
      };
    }
    case 'movement': {
      const peakEnergy = num(o, 'peakEnergy', where);
      if (peakEnergy < 0) fail(where, 'has a negative "peakEnergy"');
      return { kind: 'movement', party: oneOf(o, 'party', PARTIES, where), ...span(o, where), peakEnergy };
    }
    case 'touch':
      return {
        kind: 'touch',
        party: oneOf(o, 'party', PARTIES, where),
        ...span(o, where),
        x: unit(o, 'x', where),
        y: unit(o, 'y', where),
      };
    case 'response':
      return {
        kind: 'response',
        party: oneOf(o, 'party', ['system'] as const, where),
        ...span(o, where),
        output: oneOf(o, 'output', ['sound'] as const, where),
        cause: oneOf(o, 'cause', CHANNELS, where),
      };
    case 'attention':
      return {
        kind: 'attention',
        party: oneOf(o, 'party', PARTIES, where),
        target: oneOf(o, 'target', ['screen', 'person'] as const, where),
        ...span(o, where),
      };
    case 'smile':
      return {
        kind: 'smile',
        party: oneOf(o, 'party', PARTIES, where),
        ...span(o, where),
        peakScore: unit(o, 'peakScore', where),
      };
    case 'proximity':
      return { kind: 'proximity', ...span(o, where), minGap: nonNegative(o, 'minGap', where) };
    case 'distance':
      return {
        kind: 'distance',
        ...span(o, where),
        meanCentres: nonNegative(o, 'meanCentres', where),
        minCentres: nonNegative(o, 'minCentres', where),
        coverage: unit(o, 'coverage', where),
      };
    case 'tag': {
      const tag: LogEvent = { kind: 'tag', atMs: num(o, 'atMs', where), tag: str(o, 'tag', where) };
      if (o.note !== undefined) tag.note = str(o, 'note', where, false);
      return tag;
    }
    default:
      return fail(where, 'is of an unknown kind');
  }
}

function validateLearner(value: unknown): Learner {
  const where = 'the learner';
  const o = obj(value, where);
  return {
    id: str(o, 'id', where),
    pseudonym: str(o, 'pseudonym', where),
    createdAt: num(o, 'createdAt', where),
  };
}

function validateSession(value: unknown, n: number, learnerId: string): ExportedSession {
  const s = obj(value, `session ${n}`);
  const m = obj(s.meta, `session ${n}'s details`);
  const where = `session ${n}`;
  const id = str(m, 'id', where);
  const named = `session ${n} ("${id}")`;
  if (str(m, 'learnerId', named) !== learnerId) fail(named, 'belongs to a different learner than the file');
  const startedAt = num(m, 'startedAt', named);
  let endedAt: number | null = null;
  if (m.endedAt !== null) {
    endedAt = num(m, 'endedAt', named);
    if (endedAt < startedAt) fail(named, 'ends before it starts');
  }
  const status: SessionStatus = oneOf(m, 'status', SESSION_STATUSES, named);
  const schemaVersion = num(m, 'schemaVersion', named);
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) fail(named, 'has an invalid "schemaVersion"');
  if (schemaVersion > SCHEMA_VERSION) {
    throw new Invalid(
      `This file was made by a newer version of Attune (${named} uses event schema ${schemaVersion}; this Attune reads up to ${SCHEMA_VERSION}). Please update Attune, then import it again.`,
    );
  }
  const params = parseTurnParams(m.turnParams);
  if (!params.ok) fail(named, `has a problem: ${params.message}`);
  if (!Array.isArray(s.events)) fail(named, 'has no list of events');
  if (s.events.length > IMPORT_LIMITS.eventsPerSession)
    fail(named, `has ${s.events.length} events (at most ${IMPORT_LIMITS.eventsPerSession} in one session)`);
  const events = s.events.map((raw: unknown, i: number) => {
    const at = `${named}, event ${i + 1},`;
    let migrated: unknown = raw;
    if (schemaVersion < SCHEMA_VERSION) {
      try {
        migrated = migrateEvent(raw, schemaVersion);
      } catch {
        fail(at, 'could not be brought up to date');
      }
    }
    return validateEvent(migrated, at);
  });
  return {
    meta: {
      id,
      learnerId,
      startedAt,
      endedAt,
      status,
      schemaVersion: SCHEMA_VERSION,
      turnParams: params.params,
    },
    events,
    ...notesOf(s, id, named),
  };
}

/** A session's corrections and diary saves from a file, each read strictly; absent lists stay absent. */
function notesOf(s: Obj, sessionId: string, named: string): Pick<ExportedSession, 'corrections' | 'diary'> {
  const out: Pick<ExportedSession, 'corrections' | 'diary'> = {};
  const lists = [
    ['corrections', 'correction', parseCorrection],
    ['diary', 'diary entry', parseDiaryEdit],
  ] as const;
  for (const [key, one, parse] of lists) {
    const list = s[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(named, `has a damaged list of ${key}`);
    if (list.length > IMPORT_LIMITS.eventsPerSession) fail(named, `has too many ${key} (${list.length})`);
    const parsed = list.map((raw: unknown, i: number) => {
      const record = parse(raw, sessionId);
      if (record === null) fail(named, `has a damaged ${one} (number ${i + 1})`);
      return record;
    });
    if (key === 'corrections') out.corrections = parsed as Correction[];
    else out.diary = parsed as DiaryEdit[];
  }
  return out;
}

/** The learner's goals and Engagement Model judgements from a file, each read strictly; absent lists stay absent. */
function learnerNotesOf(root: Obj, learnerId: string): LearnerNotes {
  const out: LearnerNotes = {};
  const read = <T>(key: 'goals' | 'engagement', one: string, parse: (v: unknown, id: string) => T | null) => {
    const list = root[key];
    if (list === undefined) return undefined;
    if (!Array.isArray(list)) fail('the file', `has a damaged list of ${key}`);
    if (list.length > IMPORT_LIMITS.eventsPerSession)
      fail('the file', `has too many ${key} (${list.length})`);
    return list.map((raw: unknown, i: number) => {
      const record = parse(raw, learnerId);
      if (record === null) fail('the file', `has a damaged ${one} (number ${i + 1})`);
      return record;
    });
  };
  const goals = read('goals', 'goal', parseGoalEdit);
  const engagement = read('engagement', 'Engagement Model judgement', parseEngagementNote);
  if (goals) out.goals = goals;
  if (engagement) out.engagement = engagement;
  return out;
}

/**
 * Reads an export file strictly. Refuses, with a message a member of staff can act on, anything that is not
 * an Attune export, is damaged or cut short, or was written by a newer Attune. Never throws.
 */
export function parseExport(text: string): ParseResult {
  try {
    // A string's length counts UTF-16 units, never more than the UTF-8 bytes it came from.
    const tooLarge = importSizeProblem(text.length);
    if (tooLarge) return { ok: false, message: tooLarge };
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') return { ok: false, message: 'This file is empty: there is nothing to import.' };
    let root: unknown;
    try {
      root = JSON.parse(body);
    } catch {
      return {
        ok: false,
        message: body.trimStart().startsWith('{')
          ? `${DAMAGED}: it is not complete, valid JSON (it may have been cut short or edited).`
          : 'This is not an Attune export file. Choose a .json file that Attune exported.',
      };
    }
    if (!isObj(root) || root.format !== EXPORT_FORMAT) {
      return {
        ok: false,
        message: 'This is not an Attune export file. Choose a .json file that Attune exported.',
      };
    }
    const version = root.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      return { ok: false, message: `${DAMAGED}: its version number is missing or invalid.` };
    }
    if (version > EXPORT_VERSION) {
      return {
        ok: false,
        message: `This file was made by a newer version of Attune (export version ${version}; this Attune reads up to ${EXPORT_VERSION}). Please update Attune, then import it again.`,
      };
    }
    const exportedAt = num(root, 'exportedAt', 'the file');
    const learner = validateLearner(root.learner);
    if (!Array.isArray(root.sessions)) fail('the file', 'has no list of sessions');
    if (root.sessions.length > IMPORT_LIMITS.sessions)
      fail(
        'the file',
        `has ${root.sessions.length} sessions (at most ${IMPORT_LIMITS.sessions} in one file)`,
      );
    const sessions = root.sessions.map((s: unknown, i: number) => validateSession(s, i + 1, learner.id));
    const notes = learnerNotesOf(root, learner.id);
    const seen = new Set<string>();
    for (const s of sessions) {
      if (seen.has(s.meta.id)) fail(`session "${s.meta.id}"`, 'appears twice');
      seen.add(s.meta.id);
    }
    return { ok: true, data: makeExport(learner, sessions, exportedAt, notes) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message };
    // A bug of ours, not the user's file; still a message rather than a crash, and the file is not imported.
    return { ok: false, message: 'Attune could not read this file, so nothing was imported.' };
  }
}

// ---------------------------------------------------------------------------------------------------------
// CSV, for spreadsheets.
//
// RFC 4180: comma-separated, CRLF line ends, a header row, fields with a comma, quote or line break quoted and
// quotes doubled. A UTF-8 byte-order mark is written by default: without it Excel on Windows (the usual school
// PC) reads the file as the local ANSI code page and garbles any accented letter in a pseudonym or note;
// LibreOffice and Google Sheets accept the mark. Pass `{ bom: false }` for scripts that do not expect it.
// Numbers use a point as decimal separator (the en-GB default). Times are given in ms (exact, for analysis)
// and in seconds (for people). Free text (ids, pseudonyms, tags, notes) is guarded against formula injection:
// a cell starting with = + - @ tab or CR would be run as a formula by a spreadsheet, so it gets a leading
// apostrophe (OWASP's advice). Numeric cells are never prefixed, so a negative latency stays a number.

export interface CsvOptions {
  bom?: boolean;
}

const BOM = '\uFEFF';

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** A free-text cell: formula-guarded, then quoted as needed. */
export function csvText(value: string): string {
  return quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** A numeric cell: empty for a missing or non-finite value, else the number (to `decimals` places if given). */
export function csvNum(value: number | null | undefined, decimals?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return decimals === undefined ? String(value) : value.toFixed(decimals);
}

const secs = (ms: number | null | undefined): string =>
  csvNum(ms === null || ms === undefined ? ms : ms / 1000, 3);

/** A whole CSV file from cells already made with `csvText` and `csvNum`: header row, CRLF, the mark by default. */
export function csv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: CsvOptions,
): string {
  const lines = [header.join(','), ...rows.map((r) => r.join(','))];
  return `${options.bom === false ? '' : BOM}${lines.join('\r\n')}\r\n`;
}

const CHANNEL_OF = { vocal: 'voice', movement: 'movement', touch: 'touch' } as const;

/** The party of an event, '' for kinds that have none (tags, and proximity and distance, which concern both). */
function partyOf(e: LogEvent): string {
  return 'party' in e ? e.party : '';
}

function channelOf(e: LogEvent): string {
  return e.kind === 'vocal' || e.kind === 'movement' || e.kind === 'touch' ? CHANNEL_OF[e.kind] : '';
}

/** Every event of every session, one row each, in the order logged. */
export function eventsCsv(data: AttuneExport, options: CsvOptions = {}): string {
  const header = [
    'learner',
    'session_id',
    'kind',
    'party',
    'channel',
    'start_ms',
    'end_ms',
    'start_s',
    'end_s',
    'duration_s',
    'peak_dbfs',
    'pitch_hz',
    'confidence',
    'peak_energy',
    'x',
    'y',
    'output',
    'cause',
    'tag',
    'note',
    // Last, so that the columns before it keep their places in sheets made from older exports.
    'missing_audio_ms',
  ];
  const rows: string[][] = [];
  for (const { meta, events } of data.sessions) {
    for (const e of events) {
      const start = e.kind === 'tag' ? e.atMs : e.startMs;
      const end = e.kind === 'tag' ? e.atMs : e.endMs;
      rows.push([
        csvText(data.learner.pseudonym),
        csvText(meta.id),
        e.kind,
        partyOf(e),
        channelOf(e),
        csvNum(start),
        csvNum(end),
        secs(start),
        secs(end),
        secs(end - start),
        e.kind === 'vocal' ? csvNum(e.peakDbfs, 1) : '',
        e.kind === 'vocal' ? csvNum(e.pitchHz, 1) : '',
        e.kind === 'vocal' ? csvNum(e.confidence, 3) : '',
        e.kind === 'movement' ? csvNum(e.peakEnergy, 3) : '',
        e.kind === 'touch' ? csvNum(e.x, 4) : '',
        e.kind === 'touch' ? csvNum(e.y, 4) : '',
        e.kind === 'response' ? e.output : '',
        e.kind === 'response' ? e.cause : '',
        e.kind === 'tag' ? csvText(e.tag) : '',
        e.kind === 'tag' && e.note !== undefined ? csvText(e.note) : '',
        e.kind === 'vocal' && e.missingAudioMs !== undefined ? csvNum(e.missingAudioMs, 1) : '',
      ]);
    }
  }
  return csv(header, rows, options);
}

/** Every turn of every session, computed with the session's own stored parameters. */
export function turnsCsv(data: AttuneExport, options: CsvOptions = {}): string {
  const header = [
    'learner',
    'session_id',
    'turn',
    'party',
    'start_ms',
    'end_ms',
    'start_s',
    'end_s',
    'duration_s',
    'channels',
    'manual_tag',
    'segments',
    'latency_ms',
    'latency_s',
    'exchange',
    'initiation',
    'overlap',
    'sequence',
  ];
  const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
  const rows: string[][] = [];
  for (const { meta, events } of data.sessions) {
    const analysis = analyseTurns(events, meta.turnParams);
    for (const t of analysis.turns) {
      rows.push([
        csvText(data.learner.pseudonym),
        csvText(meta.id),
        String(t.index + 1),
        t.party,
        csvNum(t.startMs),
        csvNum(t.endMs),
        secs(t.startMs),
        secs(t.endMs),
        secs(t.endMs - t.startMs),
        t.channels.join('+'),
        yesNo(t.manual),
        String(t.segments),
        csvNum(t.latencyMs),
        secs(t.latencyMs),
        yesNo(t.exchange),
        yesNo(t.initiation),
        yesNo(t.latencyMs !== null && t.latencyMs < 0),
        t.sequence === null ? '' : String(t.sequence + 1),
      ]);
    }
  }
  return csv(header, rows, options);
}
