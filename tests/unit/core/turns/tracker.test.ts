import { describe, expect, it } from 'vitest';
import { TURN_TAG } from '../../../../src/core/events.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../../../src/core/turns/params.ts';
import { analyseTurns, TurnTracker } from '../../../../src/core/turns/tracker.ts';
import { move, response, s, tag, touch, voice } from '../../support/timeline.ts';

const P = DEFAULT_TURN_PARAMS;

describe('turns', () => {
  it('finds no turns in an empty log', () => {
    const a = analyseTurns([], P);
    expect(a.turns).toEqual([]);
    expect(new TurnTracker(P).snapshot().holder).toBeNull();
  });

  it('continues one turn across voice, movement and touch of the same party', () => {
    const a = analyseTurns([voice('learner', 0, 1), move('learner', 1.5, 2.5), touch('learner', 2, 3)], P);
    expect(a.turns).toHaveLength(1);
    expect(a.turns[0]).toMatchObject({
      party: 'learner',
      startMs: 0,
      endMs: s(3),
      channels: ['voice', 'movement', 'touch'],
      segments: 3,
    });
  });

  it('ends a turn when the other party acts, whatever the channel', () => {
    const a = analyseTurns([voice('learner', 0, 1), move('practitioner', 2, 3), voice('learner', 3.5, 4)], P);
    expect(a.turns.map((t) => t.party)).toEqual(['learner', 'practitioner', 'learner']);
  });

  it('ends a turn after a silence longer than turnPauseMs even if nobody else acts', () => {
    const events = [voice('learner', 0, 1), voice('learner', 7, 8)];
    expect(analyseTurns(events, P).turns).toHaveLength(2);
    expect(analyseTurns(events, turnParams({ turnPauseMs: Number.MAX_SAFE_INTEGER })).turns).toHaveLength(1);
  });

  it('a turn ends at the latest end of its segments, not the last one to start', () => {
    const a = analyseTurns([voice('practitioner', 0, 6), move('practitioner', 1, 2)], P);
    expect(a.turns[0]?.endMs).toBe(s(6));
  });

  it('never counts Attune’s own responses as a turn, nor lets them interrupt one', () => {
    const a = analyseTurns(
      [voice('learner', 0, 1), response(1.1, 2), voice('system', 1.2, 1.8), voice('learner', 2.5, 3)],
      P,
    );
    expect(a.turns).toHaveLength(1);
    expect(a.turns[0]).toMatchObject({ party: 'learner', segments: 2 });
  });

  it('never counts activity of an unknown party as a turn', () => {
    const a = analyseTurns([voice('learner', 0, 1), voice('unknown', 1.5, 2), move('unknown', 2, 3)], P);
    expect(a.turns).toHaveLength(1);
    expect(a.exchanges).toHaveLength(0);
  });

  it('counts the practitioner’s manual turn tags as a moment of that party’s turn', () => {
    const a = analyseTurns(
      [voice('learner', 0, 1), tag(2, TURN_TAG.practitioner), tag(3, TURN_TAG.learner), tag(3.5, 'smile')],
      P,
    );
    expect(a.turns.map((t) => [t.party, t.startMs, t.endMs, t.manual])).toEqual([
      ['learner', 0, s(1), false],
      ['practitioner', s(2), s(2), true],
      ['learner', s(3), s(3), true],
    ]);
    expect(a.exchanges).toHaveLength(2);
  });

  it('gives a manual tag the length set by manualTurnTagMs', () => {
    const a = analyseTurns([tag(2, TURN_TAG.learner)], turnParams({ manualTurnTagMs: 500 }));
    expect(a.turns[0]).toMatchObject({ startMs: s(2), endMs: s(2.5), channels: [] });
  });
});

describe('exchanges and latencies', () => {
  it('counts an exchange when the practitioner answers within 5 s', () => {
    const a = analyseTurns([voice('learner', 0, 1), voice('practitioner', 4, 5)], P);
    expect(a.exchanges).toEqual([
      { fromTurn: 0, toTurn: 1, from: 'learner', to: 'practitioner', latencyMs: s(3) },
    ]);
    expect(a.turns[1]?.exchange).toBe(true);
  });

  it('counts an answer exactly 5 s later as an exchange, and one a millisecond later as none', () => {
    expect(analyseTurns([voice('learner', 0, 1), voice('practitioner', 6, 7)], P).exchanges).toHaveLength(1);
    const late = analyseTurns([voice('learner', 0, 1), { ...voice('practitioner', 6, 7), startMs: 6001 }], P);
    expect(late.exchanges).toHaveLength(0);
    expect(late.turns[1]?.latencyMs).toBe(5001);
  });

  it('measures the latency each way as start of a turn minus end of the other party’s previous turn', () => {
    const a = analyseTurns(
      [move('practitioner', 0, 2), voice('learner', 3.2, 4), touch('practitioner', 4.5, 5)],
      P,
    );
    expect(a.turns.map((t) => t.latencyMs)).toEqual([null, s(1.2), s(0.5)]);
    expect(a.exchanges.map((x) => x.to)).toEqual(['learner', 'practitioner']);
  });

  it('gives a negative latency and records an overlap when a turn starts before the other ends', () => {
    const a = analyseTurns([voice('learner', 0, 3), voice('practitioner', 2, 4)], P);
    expect(a.turns[1]?.latencyMs).toBe(-s(1));
    expect(a.overlaps).toEqual([
      { turn: 1, party: 'practitioner', startMs: s(2), endMs: s(3), durationMs: s(1) },
    ]);
    // Talking over someone still answers them.
    expect(a.exchanges).toHaveLength(1);
  });

  it('counts a short sound inside the other party’s long movement as a turn and an overlap', () => {
    const a = analyseTurns(
      [move('practitioner', 0, 10), voice('learner', 2, 2.5), move('practitioner', 4, 5)],
      P,
    );
    expect(a.turns.map((t) => t.party)).toEqual(['practitioner', 'learner', 'practitioner']);
    expect(a.overlaps.map((o) => [o.party, o.durationMs])).toEqual([['learner', s(0.5)]]);
  });

  it('does not count a turn after the same party’s own earlier turn as an exchange', () => {
    const a = analyseTurns([voice('practitioner', 0, 1), voice('learner', 2, 3), voice('learner', 9, 10)], P);
    expect(a.exchanges).toHaveLength(1);
    expect(a.turns[2]?.exchange).toBe(false);
  });
});

describe('sequences', () => {
  it('runs alternating turns with every gap at most 5 s into one sequence, with its length and duration', () => {
    const a = analyseTurns(
      [
        voice('learner', 0, 1),
        voice('practitioner', 2, 3),
        move('learner', 4, 5),
        voice('practitioner', 9, 10),
      ],
      P,
    );
    expect(a.sequences).toEqual([
      { firstTurn: 0, lastTurn: 3, turns: 4, startMs: 0, endMs: s(10), durationMs: s(10) },
    ]);
    expect(a.turns.map((t) => t.sequence)).toEqual([0, 0, 0, 0]);
  });

  it('breaks a sequence at a pause longer than 5 s', () => {
    const a = analyseTurns(
      [
        voice('learner', 0, 1),
        voice('practitioner', 2, 3),
        voice('learner', 4, 5),
        voice('practitioner', 13, 14),
        voice('learner', 15, 16),
      ],
      P,
    );
    expect(a.sequences.map((q) => [q.turns, q.durationMs])).toEqual([
      [3, s(5)],
      [2, s(3)],
    ]);
  });

  it('does not call a lone turn a sequence', () => {
    const a = analyseTurns([voice('learner', 0, 1), voice('practitioner', 20, 21)], P);
    expect(a.sequences).toEqual([]);
    expect(a.turns.map((t) => t.sequence)).toEqual([null, null]);
  });
});

describe('initiations', () => {
  it('counts a learner turn with no practitioner turn in the 5 s before it as an initiation', () => {
    const a = analyseTurns([voice('practitioner', 0, 1), voice('learner', 8, 9)], P);
    expect(a.initiations).toEqual([1]);
  });

  it('counts the learner acting first in a session as an initiation', () => {
    expect(analyseTurns([voice('learner', 3, 4)], P).initiations).toEqual([0]);
  });

  it('does not count a learner answer within 5 s as an initiation', () => {
    const a = analyseTurns([voice('practitioner', 0, 1), voice('learner', 6, 7)], P);
    expect(a.initiations).toEqual([]);
  });

  it('does not count a learner turn while the practitioner is still active as an initiation', () => {
    const a = analyseTurns([move('practitioner', 0, 30), voice('learner', 20, 21)], P);
    expect(a.initiations).toEqual([]);
  });

  it('never counts practitioner turns as initiations', () => {
    const a = analyseTurns([voice('practitioner', 0, 1), voice('practitioner', 20, 21)], P);
    expect(a.initiations).toEqual([]);
  });

  it('counts a learner turn after a long learner-only pause as a fresh initiation', () => {
    const a = analyseTurns([voice('learner', 0, 1), voice('learner', 20, 21)], P);
    expect(a.initiations).toEqual([0, 1]);
  });
});

describe('live tracking', () => {
  it('shows who holds the turn, the running sequence and the last latency', () => {
    const t = new TurnTracker(P);
    t.add(voice('learner', 0, 1));
    expect(t.snapshot()).toMatchObject({ holder: 'learner', runningSequenceTurns: 1, lastLatencyMs: null });
    t.add(voice('practitioner', 1.8, 2.5));
    t.add(voice('learner', 3, 3.4));
    expect(t.snapshot()).toMatchObject({
      holder: 'learner',
      runningSequenceTurns: 3,
      runningSequenceStartMs: 0,
      runningSequenceLive: true,
      lastLatencyMs: s(0.5),
      lastLatencyParty: 'learner',
      exchanges: 2,
      turns: { learner: 2, practitioner: 1 },
    });
  });

  it('shows nobody holding the turn, and the sequence over, after a long silence', () => {
    const t = new TurnTracker(P);
    t.add(voice('learner', 0, 1));
    t.add(voice('practitioner', 2, 3));
    expect(t.snapshot(s(7))).toMatchObject({ holder: 'practitioner', runningSequenceLive: true });
    expect(t.snapshot(s(9))).toMatchObject({
      holder: null,
      runningSequenceTurns: 2,
      runningSequenceLive: false,
    });
  });

  it('places a voice segment that arrives after later movement where it belongs', () => {
    const t = new TurnTracker(P);
    // The practitioner's movement is reported at once; the learner's sound only once it has ended.
    t.add(move('practitioner', 0, 1));
    t.add(move('practitioner', 2.2, 3));
    t.add(voice('learner', 1.5, 2.1));
    const inOrder = analyseTurns(
      [move('practitioner', 0, 1), voice('learner', 1.5, 2.1), move('practitioner', 2.2, 3)],
      P,
    );
    expect(t.result()).toEqual(inOrder);
    expect(t.result().turns.map((x) => x.party)).toEqual(['practitioner', 'learner', 'practitioner']);
    expect(t.snapshot()).toMatchObject({ runningSequenceTurns: 3, exchanges: 2, lastLatencyMs: s(0.1) });
  });

  it('resolves two parties starting in the same millisecond the same way whatever the arrival order', () => {
    const a = [voice('learner', 1, 2), move('practitioner', 1, 2)];
    expect(analyseTurns(a, P)).toEqual(analyseTurns([...a].reverse(), P));
  });

  it('agrees with the snapshot: counts in the live view equal the final analysis', () => {
    const events = [
      voice('learner', 0, 1),
      voice('practitioner', 2, 3),
      voice('learner', 2.5, 4),
      voice('learner', 20, 21),
    ];
    const t = new TurnTracker(P);
    t.addAll(events);
    const a = t.result();
    expect(t.snapshot()).toMatchObject({
      exchanges: a.exchanges.length,
      initiations: a.initiations.length,
      overlaps: a.overlaps.length,
    });
  });
});
