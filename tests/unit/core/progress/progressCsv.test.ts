import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../src/core/events.ts';
import { PROGRESS_COLUMNS, progressCsv, progressRowOf } from '../../../../src/core/progress/progressCsv.ts';
import type { SessionMeta } from '../../../../src/core/records.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../../../src/core/turns/params.ts';
import { csvRecords, parseCsv } from '../../support/csv.ts';
import { move, s, tag, voice } from '../../support/timeline.ts';

const START = Date.UTC(2026, 2, 4, 10, 30); // Wednesday 4 March 2026, 10:30 UTC

function meta(id: string, over: Partial<SessionMeta> = {}): SessionMeta {
  return {
    id,
    learnerId: 'L1',
    startedAt: START,
    endedAt: START + s(600),
    status: 'ended',
    schemaVersion: 2,
    turnParams: { ...DEFAULT_TURN_PARAMS },
    ...over,
  };
}

// Learner starts (an initiation), the practitioner answers after 1 s, the learner after 0.5 s, then a
// practitioner answer 4 s later: one sequence of four turns, three exchanges.
const EVENTS: LogEvent[] = [
  voice('learner', 1, 2),
  move('practitioner', 3, 4),
  voice('learner', 4.5, 5.5),
  voice('practitioner', 9.5, 10),
  tag(12, 'best-moment'),
];

describe('the progress CSV', () => {
  it('starts with the agreed columns, in order, by name', () => {
    const [header] = parseCsv(progressCsv([]));
    expect(header?.slice(0, 8)).toEqual([
      'session_id',
      'started_at',
      'duration_min',
      'exchanges',
      'sequences',
      'longest_sequence_turns',
      'learner_initiations',
      'corrected',
    ]);
    expect(header).toEqual([...PROGRESS_COLUMNS]);
  });

  it('is RFC 4180 with the UTF-8 mark: CRLF line ends, the mark optional', () => {
    const text = progressCsv([progressRowOf(meta('a'), EVENTS)]);
    expect(text.startsWith('\uFEFFsession_id,started_at,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(3);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/\n/);
    expect(progressCsv([], { bom: false }).startsWith('session_id,')).toBe(true);
  });

  it('writes one row per session, oldest first, whatever order they come in', () => {
    const rows = [
      progressRowOf(
        meta('c', { startedAt: START + 2 * 86_400_000, endedAt: null, status: 'interrupted' }),
        EVENTS,
      ),
      progressRowOf(meta('a'), EVENTS),
      progressRowOf(meta('b', { startedAt: START + 86_400_000, endedAt: START + 86_400_000 + s(90) }), []),
    ];
    const { records } = csvRecords(progressCsv(rows));
    expect(records.map((r) => r.session_id)).toEqual(['a', 'b', 'c']);
    expect(records.map((r) => r.started_at)).toEqual([
      '2026-03-04T10:30:00.000Z',
      '2026-03-05T10:30:00.000Z',
      '2026-03-06T10:30:00.000Z',
    ]);
    // Start to end; an interrupted session runs to its last event (12 s, the tag).
    expect(records.map((r) => r.duration_min)).toEqual(['10.0', '1.5', '0.2']);
    expect(records.map((r) => r.status)).toEqual(['ended', 'ended', 'interrupted']);
  });

  it('gives the session’s turn-taking figures', () => {
    const [r] = csvRecords(progressCsv([progressRowOf(meta('a'), EVENTS)])).records;
    expect(r).toMatchObject({
      exchanges: '3',
      sequences: '1',
      longest_sequence_turns: '4',
      learner_initiations: '1',
      exchanges_per_min: '0.30',
      longest_sequence_s: '9.000',
      mean_sequence_turns: '4.00',
      learner_turns: '2',
      practitioner_turns: '2',
      learner_answers: '1',
      practitioner_answers: '2',
      learner_median_answer_s: '0.500',
      practitioner_median_answer_s: '2.500',
      learner_vocal_s: '2.000',
      practitioner_vocal_s: '0.500',
      overlaps: '0',
      tags: '1',
    });
  });

  it('leaves a cell empty when there is nothing to measure', () => {
    const [r] = csvRecords(progressCsv([progressRowOf(meta('quiet'), [voice('learner', 1, 2)])])).records;
    expect(r?.learner_median_answer_s).toBe('');
    expect(r?.practitioner_median_answer_s).toBe('');
    expect(r?.mean_sequence_turns).toBe('');
    expect(r?.longest_sequence_turns).toBe('0');
  });

  it('uses each session’s own stored parameters', () => {
    // With a 3 s exchange gap the practitioner's answer 4 s later is not an exchange, and ends the sequence.
    const strict = meta('strict', { turnParams: turnParams({ exchangeGapMs: 3000, sequenceGapMs: 3000 }) });
    const { records } = csvRecords(
      progressCsv([progressRowOf(meta('a'), EVENTS), progressRowOf(strict, EVENTS)]),
    );
    expect(records.map((r) => [r.session_id, r.exchanges, r.longest_sequence_turns])).toEqual([
      ['a', '3', '4'],
      ['strict', '2', '3'],
    ]);
  });

  it('says corrected is false, even for a vocalisation at full confidence (what the whose-voice key leaves)', () => {
    const corrected: LogEvent[] = [{ ...voice('practitioner', 3, 4), confidence: 1 }, ...EVENTS];
    const { records } = csvRecords(
      progressCsv([progressRowOf(meta('v'), corrected), progressRowOf(meta('w'), [])]),
    );
    expect(records.map((r) => r.corrected)).toEqual(['false', 'false']);
  });

  it('quotes and guards a session id as free text', () => {
    const { records } = csvRecords(progressCsv([progressRowOf(meta('=1+2, "x"'), [])]));
    expect(records[0]?.session_id).toBe(`'=1+2, "x"`);
  });
});
