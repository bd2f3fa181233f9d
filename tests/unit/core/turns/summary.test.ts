import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../src/core/events.ts';
import type { SessionMeta } from '../../../../src/core/records.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../../../src/core/turns/params.ts';
import {
  median,
  progressSeries,
  sessionDurationMs,
  summariseSession,
} from '../../../../src/core/turns/summary.ts';
import { move, response, s, tag, touch, voice } from '../../support/timeline.ts';

const P = DEFAULT_TURN_PARAMS;

// A one-minute session: learner starts (an initiation), three quick exchanges, a practitioner answer that
// overlaps, a long pause, then a second short sequence.
const SESSION: LogEvent[] = [
  voice('learner', 1, 2), // turn 0, initiation
  response(2, 3),
  move('practitioner', 3, 4), // turn 1, answers after 1 s
  voice('learner', 4.5, 5.5), // turn 2, after 0.5 s
  touch('learner', 5, 6), // same turn, other channel
  voice('practitioner', 5.8, 7), // turn 3, overlaps by 0.2 s
  voice('unknown', 8, 9),
  voice('learner', 30, 31), // turn 4, initiation after a 23 s pause
  voice('practitioner', 33, 34), // turn 5, after 2 s
  tag(40, 'eye-contact'),
];

describe('session summary', () => {
  const sum = summariseSession(SESSION, P, s(60));

  it('counts segments per party and channel, responses and tags', () => {
    expect(sum.segments.learner).toEqual({ voice: 3, movement: 0, touch: 1 });
    expect(sum.segments.practitioner).toEqual({ voice: 2, movement: 1, touch: 0 });
    expect(sum.segments.unknown).toEqual({ voice: 1, movement: 0, touch: 0 });
    expect(sum.responses).toBe(1);
    expect(sum.tags).toBe(1);
  });

  it('adds up vocal time per person, counting simultaneous segments once', () => {
    expect(sum.vocalTimeMs).toEqual({ learner: s(3), practitioner: s(2.2) });
    const doubled = summariseSession([voice('learner', 0, 2), voice('learner', 1, 3)], P, s(10));
    expect(doubled.vocalTimeMs.learner).toBe(s(3));
  });

  it('counts turns, exchanges each way and exchanges per minute', () => {
    expect(sum.turns).toEqual({ learner: 3, practitioner: 3, total: 6 });
    expect(sum.exchanges).toEqual({ total: 4, answeredBy: { learner: 1, practitioner: 3 }, perMinute: 4 });
  });

  it('reports sequences: count, longest in turns and in seconds, and means', () => {
    expect(sum.sequences).toEqual({ count: 2, longestTurns: 4, longestMs: s(6), meanTurns: 3, meanMs: s(5) });
  });

  it('gives the median latency of each person’s answers', () => {
    // practitioner answered after 1 s, -0.2 s and 2 s; the learner after 0.5 s.
    expect(sum.medianLatencyMs).toEqual({ practitioner: s(1), learner: s(0.5) });
  });

  it('counts initiations and overlaps', () => {
    expect(sum.initiations).toBe(2);
    expect(sum.overlaps).toEqual({ total: 1, byParty: { learner: 0, practitioner: 1 }, totalMs: s(0.2) });
  });

  it('reports an empty session without dividing by zero', () => {
    const empty = summariseSession([], P);
    expect(empty.durationMs).toBe(0);
    expect(empty.exchanges.perMinute).toBe(0);
    expect(empty.sequences).toEqual({
      count: 0,
      longestTurns: 0,
      longestMs: 0,
      meanTurns: null,
      meanMs: null,
    });
    expect(empty.medianLatencyMs).toEqual({ learner: null, practitioner: null });
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('progress across sessions', () => {
  const meta = (id: string, startedAt: number, endedAt: number | null, over = {}): SessionMeta => ({
    id,
    learnerId: 'L1',
    startedAt,
    endedAt,
    status: endedAt === null ? 'interrupted' : 'ended',
    schemaVersion: 1,
    turnParams: { ...P, ...over },
  });
  const day = Date.UTC(2026, 0, 12, 9, 30);

  it('lists sessions oldest first with date, duration, exchanges per minute, longest sequence and initiations', () => {
    const series = progressSeries([
      { meta: meta('b', day + 7 * 86_400_000, day + 7 * 86_400_000 + s(120)), events: SESSION },
      { meta: meta('a', day, day + s(60)), events: SESSION.slice(0, 3) },
    ]);
    expect(series).toEqual([
      {
        sessionId: 'a',
        status: 'ended',
        startedAt: day,
        date: '2026-01-12',
        durationMs: s(60),
        exchangesPerMinute: 1,
        longestSequenceTurns: 2,
        longestSequenceMs: s(3),
        initiations: 1,
      },
      {
        sessionId: 'b',
        status: 'ended',
        startedAt: day + 7 * 86_400_000,
        date: '2026-01-19',
        durationMs: s(120),
        exchangesPerMinute: 2,
        longestSequenceTurns: 4,
        longestSequenceMs: s(6),
        initiations: 2,
      },
    ]);
  });

  it('measures an interrupted session up to its last event', () => {
    const m = meta('x', day, null);
    expect(sessionDurationMs(m, SESSION)).toBe(s(40));
    expect(progressSeries([{ meta: m, events: SESSION }])[0]?.durationMs).toBe(s(40));
  });

  it('analyses each session with the parameters stored with it', () => {
    const strict = meta('s', day, day + s(60), turnParams({ exchangeGapMs: 800, sequenceGapMs: 800 }));
    const [point] = progressSeries([{ meta: strict, events: SESSION }]);
    // Only the overlapping answer (-0.2 s) and the 0.5 s answer are quick enough.
    expect(point?.exchangesPerMinute).toBe(2);
  });
});
