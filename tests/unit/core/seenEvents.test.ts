import { describe, expect, it } from 'vitest';
import { type LogEvent, migrateEvent, SCHEMA_VERSION } from '../../../src/core/events.ts';
import { eventsCsv, makeExport, parseExport, toJson } from '../../../src/core/exportFormat.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { analyseTurns } from '../../../src/core/turns/tracker.ts';

const seen: LogEvent[] = [
  { kind: 'attention', party: 'learner', target: 'person', startMs: 100, endMs: 2100 },
  { kind: 'smile', party: 'practitioner', startMs: 300, endMs: 900, peakScore: 0.8 },
  { kind: 'proximity', startMs: 0, endMs: 5000, minGap: 0 },
  { kind: 'distance', startMs: 0, endMs: 10_000, meanCentres: 1.4, minCentres: 0.9, coverage: 0.75 },
];

function exportOf(events: LogEvent[], schemaVersion = SCHEMA_VERSION) {
  return makeExport(
    { id: 'L', pseudonym: 'Kit', createdAt: 1 },
    [
      {
        meta: {
          id: 's',
          learnerId: 'L',
          startedAt: 1000,
          endedAt: 20_000,
          status: 'ended',
          schemaVersion,
          turnParams: { ...DEFAULT_TURN_PARAMS },
        },
        events,
      },
    ],
    2,
  );
}

describe('schema 2: what the camera sees, in the log', () => {
  it('round-trips attention, smile, proximity and distance through the export file', () => {
    const parsed = parseExport(toJson(exportOf(seen)));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.data.sessions[0]?.events).toEqual(seen);
  });

  it('refuses damaged values of the new kinds in plain words', () => {
    const bad = parseExport(
      toJson(exportOf([{ kind: 'smile', party: 'learner', startMs: 0, endMs: 1, peakScore: 3 }])),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/peakScore.*outside 0 to 1/);
    const wrongTarget = JSON.parse(toJson(exportOf([seen[0] as LogEvent])));
    wrongTarget.sessions[0].events[0].target = 'ceiling';
    const r = parseExport(JSON.stringify(wrongTarget));
    expect(r.ok).toBe(false);
  });

  it('reads a schema 1 file unchanged (the new kinds are additive)', () => {
    const v1: LogEvent = { kind: 'movement', party: 'learner', startMs: 0, endMs: 400, peakEnergy: 2 };
    expect(migrateEvent(v1, 1)).toEqual(v1);
    const parsed = parseExport(toJson(exportOf([v1], 1)));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.data.sessions[0]?.meta.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('never counts them as turns, and writes them to CSV with the party they have', () => {
    expect(analyseTurns(seen, DEFAULT_TURN_PARAMS).turns).toEqual([]);
    const rows = eventsCsv(exportOf(seen), { bom: false }).trim().split('\r\n');
    expect(rows[1]).toMatch(/^Kit,s,attention,learner,,100,2100,/);
    expect(rows[3]).toMatch(/^Kit,s,proximity,,,0,5000,/);
  });
});
