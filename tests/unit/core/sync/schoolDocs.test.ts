import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../src/core/events.ts';
import { makeExport, parseExport } from '../../../../src/core/exportFormat.ts';
import { DEFAULT_PROFILE } from '../../../../src/core/profile.ts';
import {
  asSchoolDoc,
  EVENTS_PER_DOC,
  eventsDocIds,
  learnerDoc,
  sessionDocs,
  sessionExportText,
} from '../../../../src/core/sync/schoolDocs.ts';
import { DEFAULT_TURN_PARAMS } from '../../../../src/core/turns/params.ts';
import { interactionEvents } from '../../support/interaction.ts';
import { prng } from '../../support/timeline.ts';

const learner = { id: 'learner-1', pseudonym: 'Robin', createdAt: 1_700_000_000_000 };

function exportOf(minutes: number, seed = 7) {
  const events = interactionEvents(prng(seed), minutes);
  const meta = {
    id: `session-${seed}`,
    learnerId: learner.id,
    startedAt: 1_700_000_100_000,
    endedAt: 1_700_000_100_000 + minutes * 60_000,
    status: 'ended' as const,
    schemaVersion: SCHEMA_VERSION,
    turnParams: { ...DEFAULT_TURN_PARAMS },
  };
  return makeExport(learner, [{ meta, events }], 1_700_000_200_000);
}

describe('the school server’s documents', () => {
  it('cuts a long session’s events into documents of at most EVENTS_PER_DOC, in order', () => {
    const exported = exportOf(600);
    const events = exported.sessions[0]?.events ?? [];
    expect(events.length).toBeGreaterThan(3 * EVENTS_PER_DOC);
    const { parts, session } = sessionDocs(exported);
    expect(parts).toHaveLength(Math.ceil(events.length / EVENTS_PER_DOC));
    expect(parts.every((p) => p.events.length <= EVENTS_PER_DOC)).toBe(true);
    expect(session.parts).toBe(parts.length);
    expect(session.events).toBe(events.length);
    expect(parts.map((p) => p._id)).toEqual(eventsDocIds(session));
    // Ids sort in part order, as CouchDB lists them.
    expect([...parts.map((p) => p._id)].sort()).toEqual(parts.map((p) => p._id));
  });

  it('puts a session back together as an export that reads back with the same events', () => {
    const exported = exportOf(90);
    const { parts, session } = sessionDocs(exported);
    const text = sessionExportText(learnerDoc(learner), session, parts);
    expect(text).not.toBeNull();
    const parsed = parseExport(text ?? '');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.learner).toEqual(learner);
    expect(parsed.data.sessions[0]?.meta).toEqual(exported.sessions[0]?.meta);
    expect(parsed.data.sessions[0]?.events).toEqual(exported.sessions[0]?.events);
  });

  it('waits while any part is missing, out of place or short', () => {
    const { parts, session } = sessionDocs(exportOf(300));
    const l = learnerDoc(learner);
    expect(parts.length).toBeGreaterThan(2);
    expect(sessionExportText(l, session, parts.slice(0, -1))).toBeNull();
    expect(sessionExportText(l, session, [...parts.slice(0, -1), null])).toBeNull();
    expect(sessionExportText(l, session, [parts[1], parts[0], ...parts.slice(2)])).toBeNull();
    const short = parts.map((p, i) => (i === 1 ? { ...p, events: p.events.slice(1) } : p));
    expect(sessionExportText(l, session, short)).toBeNull();
  });

  it('writes the same documents for the same data, so two PCs that write one session make one document', () => {
    const a = sessionDocs(exportOf(120));
    const b = sessionDocs(exportOf(120));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(learnerDoc({ ...learner })).toEqual(learnerDoc(learner));
  });

  it('keeps only the learner’s id, pseudonym and creation in their document', () => {
    const withProfile = { ...learner, profile: { ...DEFAULT_PROFILE } };
    expect(learnerDoc(withProfile).learner).toEqual(learner);
  });

  it('reads replicated documents strictly', () => {
    const { parts, session } = sessionDocs(exportOf(30));
    expect(asSchoolDoc(session)?.type).toBe('session');
    expect(asSchoolDoc(parts[0])?.type).toBe('events');
    expect(asSchoolDoc(learnerDoc(learner))?.type).toBe('learner');
    expect(asSchoolDoc({ _id: 'x', type: 'session', session: {} })).toBeNull();
    expect(asSchoolDoc({ _id: 'x', type: 'events', sessionId: 's' })).toBeNull();
    expect(asSchoolDoc({ _id: 'x', type: 'nonsense' })).toBeNull();
    expect(asSchoolDoc(null)).toBeNull();
  });
});
