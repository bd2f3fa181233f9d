import type { AttuneExport } from '../exportFormat.ts';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../exportFormat.ts';
import type { Learner, SessionMeta } from '../records.ts';

/**
 * The documents each PC replicates with the school's CouchDB. Every document is written once, by the PC that
 * made what it holds, under an id nobody else can make (random UUIDs), and never changed: so two PCs never edit
 * the same document and replication has nothing to merge. Staff's later edits (corrections, diary, goals) are
 * records of their own, one per edit, each a document of its own: both sides' edits arrive and the reader
 * decides what stands (the latest, an undo record), the same on every PC.
 *
 * - `learner:<learner id>`: the learner (pseudonym and id only; their stage profile stays on each PC).
 * - `events:<session id>:<00000>`: a session's events, `EVENTS_PER_DOC` to a document, in log order, as an
 *   export writes them (no voice features; digital silence as null).
 * - `session:<session id>`: the session's record, the number of event documents and of events. Written after
 *   its event documents, so a PC that has the session document is missing at most a few that are still on their
 *   way; a session is taken into a PC's log only once all of them are there.
 * - `record:<store>:<record id>`: one staff edit of a session (a correction, a diary save, a goal): the record
 *   as the PC's own store keeps it.
 *
 * Content is a function of the data alone (no clock, no PC), so two PCs that write the same thing (a session
 * exported on one and imported on the other before either reached the server) write the same document and
 * revision, and CouchDB sees one document.
 */

/** A long session's events are cut into documents of this many: a six-hour session of 100 000 events is 200. */
export const EVENTS_PER_DOC = 500;

export interface LearnerDoc {
  _id: string;
  type: 'learner';
  learner: Learner;
}

export interface SessionDoc {
  _id: string;
  type: 'session';
  learnerId: string;
  session: SessionMeta;
  /** How many `events:` documents hold its events. */
  parts: number;
  /** How many events in all. */
  events: number;
}

export interface EventsDoc {
  _id: string;
  type: 'events';
  sessionId: string;
  part: number;
  /** Events as an export carries them: plain JSON, checked again (parseExport) when a PC takes them in. */
  events: unknown[];
}

export interface RecordDoc {
  _id: string;
  type: 'record';
  store: string;
  record: unknown;
}

export type SchoolDoc = LearnerDoc | SessionDoc | EventsDoc | RecordDoc;

export const LEARNER_PREFIX = 'learner:';
export const SESSION_PREFIX = 'session:';
export const EVENTS_PREFIX = 'events:';
export const RECORD_PREFIX = 'record:';

export const learnerDocId = (learnerId: string): string => `${LEARNER_PREFIX}${learnerId}`;
export const sessionDocId = (sessionId: string): string => `${SESSION_PREFIX}${sessionId}`;
export const eventsDocId = (sessionId: string, part: number): string =>
  `${EVENTS_PREFIX}${sessionId}:${String(part).padStart(5, '0')}`;
export const recordDocId = (store: string, id: string): string => `${RECORD_PREFIX}${store}:${id}`;

/** The id after a prefix: what `allDocs` over a prefix gives back as keys. */
export function idAfter(prefix: string, docId: string): string | null {
  return docId.startsWith(prefix) ? docId.slice(prefix.length) : null;
}

/** `allDocs` bounds that take every document whose id starts with `prefix`. */
export function prefixRange(prefix: string): { startkey: string; endkey: string } {
  return { startkey: prefix, endkey: `${prefix}\ufff0` };
}

export function learnerDoc(learner: Learner): LearnerDoc {
  const { id, pseudonym, createdAt } = learner;
  return { _id: learnerDocId(id), type: 'learner', learner: { id, pseudonym, createdAt } };
}

/**
 * One exported session as its documents: the event documents first, then the session document (the order they
 * are to be written in). `exported` is one learner's export of that one session (store/learnerData's
 * exportSession); it goes through JSON here, as it would to a file, so what is replicated is exactly what an
 * export file would hold.
 */
export function sessionDocs(exported: AttuneExport): { parts: EventsDoc[]; session: SessionDoc } {
  const plain = JSON.parse(JSON.stringify(exported)) as AttuneExport;
  const only = plain.sessions[0];
  if (plain.sessions.length !== 1 || !only) throw new Error('A session document holds exactly one session.');
  const { meta, events } = only;
  const parts: EventsDoc[] = [];
  for (let part = 0; part * EVENTS_PER_DOC < events.length; part++) {
    parts.push({
      _id: eventsDocId(meta.id, part),
      type: 'events',
      sessionId: meta.id,
      part,
      events: events.slice(part * EVENTS_PER_DOC, (part + 1) * EVENTS_PER_DOC),
    });
  }
  const session: SessionDoc = {
    _id: sessionDocId(meta.id),
    type: 'session',
    learnerId: meta.learnerId,
    session: meta,
    parts: parts.length,
    events: events.length,
  };
  return { parts, session };
}

/** The ids of a session's event documents. */
export function eventsDocIds(doc: Pick<SessionDoc, 'session' | 'parts'>): string[] {
  return Array.from({ length: doc.parts }, (_, part) => eventsDocId(doc.session.id, part));
}

/**
 * A replicated session put back together as the text of an export file (for parseExport, which checks every
 * field and migrates older events); null while any of its event documents is still missing or they do not add
 * up to the count the session document gives (a document cut short is never taken for the whole).
 */
export function sessionExportText(
  learner: LearnerDoc,
  session: SessionDoc,
  parts: readonly (EventsDoc | null | undefined)[],
): string | null {
  if (parts.length !== session.parts) return null;
  const events: unknown[] = [];
  for (let i = 0; i < parts.length; i++) {
    const doc = parts[i];
    if (!doc || doc.part !== i || doc.sessionId !== session.session.id || !Array.isArray(doc.events))
      return null;
    events.push(...doc.events);
  }
  if (events.length !== session.events) return null;
  return JSON.stringify({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: 0,
    learner: learner.learner,
    sessions: [{ meta: session.session, events }],
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A replicated document's shape, read strictly enough to be used; null for anything else. */
export function asSchoolDoc(value: unknown): SchoolDoc | null {
  if (!isObject(value) || typeof value._id !== 'string') return null;
  switch (value.type) {
    case 'learner':
      return isObject(value.learner) && typeof value.learner.id === 'string'
        ? (value as unknown as LearnerDoc)
        : null;
    case 'session':
      return isObject(value.session) &&
        typeof value.session.id === 'string' &&
        Number.isInteger(value.parts) &&
        Number.isInteger(value.events)
        ? (value as unknown as SessionDoc)
        : null;
    case 'events':
      return typeof value.sessionId === 'string' && Array.isArray(value.events)
        ? (value as unknown as EventsDoc)
        : null;
    case 'record':
      return typeof value.store === 'string' && isObject(value.record)
        ? (value as unknown as RecordDoc)
        : null;
    default:
      return null;
  }
}
