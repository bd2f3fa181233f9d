import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../src/core/events.ts';
import { makeExport, parseExport, toJson } from '../../../../src/core/exportFormat.ts';
import { progressCells, progressRowOf } from '../../../../src/core/progress/progressCsv.ts';
import {
  applyCorrections,
  type Correction,
  refOf,
  type SegmentEvent,
} from '../../../../src/core/review/corrections.ts';
import type { DiaryEdit } from '../../../../src/core/review/diary.ts';
import { DEFAULT_TURN_PARAMS } from '../../../../src/core/turns/params.ts';
import { summariseSession } from '../../../../src/core/turns/summary.ts';
import { voice } from '../../support/timeline.ts';

const learner = { id: 'l1', pseudonym: 'Rowan', createdAt: 0 };
const meta = {
  id: 's1',
  learnerId: 'l1',
  startedAt: 1_700_000_000_000,
  endedAt: 1_700_000_060_000,
  status: 'ended' as const,
  schemaVersion: SCHEMA_VERSION,
  turnParams: { ...DEFAULT_TURN_PARAMS },
};
const events = [voice('learner', 1, 2), voice('unknown', 3, 4), voice('learner', 5, 6)];
const fix: Correction = {
  id: 'c1',
  sessionId: 's1',
  at: 1_700_000_100_000,
  target: refOf(events[1] as SegmentEvent),
  change: { kind: 'party', to: 'practitioner' },
};
const diary: DiaryEdit[] = [
  { id: 'd1', sessionId: 's1', at: 1_700_000_200_000, field: 'best', text: 'The “ba”.' },
];

describe('corrections and the diary in exports and the progress sheet', () => {
  it('travel with the session in an export and come back as they were', () => {
    const file = toJson(makeExport(learner, [{ meta, events, corrections: [fix], diary }], 1));
    const back = parseExport(file);
    expect(back.ok && back.data.sessions[0]).toMatchObject({ corrections: [fix], diary });
    // A session with none carries neither list.
    const plain = makeExport(learner, [{ meta, events, corrections: [], diary: [] }], 1);
    expect(Object.keys(plain.sessions[0] ?? {})).toEqual(['meta', 'events']);
  });

  it('refuses a damaged correction in words, naming the session', () => {
    const data = makeExport(learner, [{ meta, events, corrections: [fix] }], 1);
    const bad = JSON.parse(toJson(data));
    bad.sessions[0].corrections[0].change = { kind: 'party', to: 'the cat' };
    const back = parseExport(JSON.stringify(bad));
    expect(back.ok).toBe(false);
    expect(!back.ok && back.message).toMatch(/session 1 \("s1"\) has a damaged correction \(number 1\)/);
  });

  it('figures the progress row on the corrected events and marks it corrected while a correction stands', () => {
    const row = progressRowOf(meta, events, [fix]);
    const expected = summariseSession(applyCorrections(events, [fix]), DEFAULT_TURN_PARAMS, 60_000);
    expect(row.summary).toEqual(expected);
    expect(progressCells(row)).toMatchObject({ exchanges: '2', corrected: 'true' });
    const undone: Correction = { ...fix, id: 'c2', at: fix.at + 1, change: { kind: 'undo', undoes: 'c1' } };
    expect(progressCells(progressRowOf(meta, events, [fix, undone]))).toMatchObject({
      exchanges: '0',
      corrected: 'false',
    });
  });
});
