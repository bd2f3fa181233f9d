import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../src/core/events.ts';
import {
  applyCorrections,
  type Correction,
  type CorrectionChange,
  parseCorrection,
  refOf,
  type SegmentEvent,
  standing,
} from '../../../../src/core/review/corrections.ts';
import { DEFAULT_TURN_PARAMS } from '../../../../src/core/turns/params.ts';
import { summariseSession } from '../../../../src/core/turns/summary.ts';
import { analyseTurns } from '../../../../src/core/turns/tracker.ts';
import { interactionEvents } from '../../support/interaction.ts';
import { move, prng, tag, voice } from '../../support/timeline.ts';

let next = 0;
function made(event: SegmentEvent, change: CorrectionChange, at: number, id = `c${++next}`): Correction {
  return { id, sessionId: 's1', at, target: refOf(event), change };
}

describe('corrections kept beside the log', () => {
  // Learner, practitioner answer, learner again: two exchanges, one sequence of three turns.
  const a = voice('learner', 1, 2);
  const b = voice('unknown', 3, 4);
  const c = voice('learner', 5, 6);
  const events: LogEvent[] = [a, b, move('practitioner', 20, 21), c, tag(7, 'best-moment')];

  it('changes a segment’s party, and the turn analysis on the corrected events follows', () => {
    const before = summariseSession(events, DEFAULT_TURN_PARAMS);
    expect(before.exchanges.total).toBe(0);
    const fixed = applyCorrections(events, [made(b, { kind: 'party', to: 'practitioner' }, 10)]);
    expect(fixed[1]).toEqual({ ...b, party: 'practitioner', confidence: 1 });
    expect(summariseSession(fixed, DEFAULT_TURN_PARAMS).exchanges.total).toBe(2);
    // The events as logged are never changed.
    expect(events[1]).toBe(b);
    expect(b.party).toBe('unknown');
  });

  it('removes a segment, and says "nobody" with party unknown', () => {
    const removed = applyCorrections(events, [made(c, { kind: 'remove' }, 10)]);
    expect(removed).toHaveLength(events.length - 1);
    expect(removed).not.toContain(c);
    const nobody = applyCorrections(events, [made(a, { kind: 'party', to: 'nobody' }, 10)]);
    expect(nobody[0]).toMatchObject({ party: 'unknown' });
    expect(analyseTurns(nobody, DEFAULT_TURN_PARAMS).turns.map((t) => t.startMs)).not.toContain(a.startMs);
  });

  it('undoes by a record of its own; the latest standing correction of an event wins', () => {
    const first = made(b, { kind: 'party', to: 'practitioner' }, 10);
    const second = made(b, { kind: 'party', to: 'learner' }, 20);
    const undo = made(b, { kind: 'undo', undoes: second.id }, 30);
    expect(applyCorrections(events, [first, second])[1]).toMatchObject({ party: 'learner' });
    expect(applyCorrections(events, [first, second, undo])[1]).toMatchObject({ party: 'practitioner' });
    expect(standing([first, second, undo])).toEqual([first]);
    const all = [first, made(b, { kind: 'undo', undoes: first.id }, 40)];
    expect(applyCorrections(events, all)).toEqual(events);
  });

  it('merges two computers’ edits by taking both, the same in any order', () => {
    const rand = prng(7);
    const log = interactionEvents(rand, 4);
    const segments = log.filter((e): e is SegmentEvent => e.kind === 'vocal' || e.kind === 'movement');
    const pcA = segments.slice(0, 6).map((e, i) => made(e, { kind: 'party', to: 'learner' }, 1000 + i));
    const pcB = segments.slice(3, 9).map((e, i) => made(e, { kind: 'remove' }, 1003 + i));
    pcB.push(made(segments[0] as SegmentEvent, { kind: 'undo', undoes: pcA[0]?.id ?? '' }, 2000));
    const one = applyCorrections(log, [...pcA, ...pcB]);
    const other = applyCorrections(log, [...pcB].reverse().concat([...pcA].reverse()));
    expect(other).toEqual(one);
    // Every edit of both counts: A's first was undone by B; B removed 3..8, after A relabelled 3..5.
    expect(one.length).toBe(log.length - 6);
    expect(one).toContain(segments[0]);
    expect(one).toContainEqual({
      ...segments[1],
      party: 'learner',
      ...(segments[1]?.kind === 'vocal' ? { confidence: 1 } : {}),
    });
  });

  it('reads a correction from a file strictly', () => {
    const good = made(a, { kind: 'party', to: 'practitioner' }, 10);
    expect(parseCorrection(JSON.parse(JSON.stringify(good)), 's1')).toEqual(good);
    expect(parseCorrection(good, 'another session')).toBeNull();
    expect(parseCorrection({ ...good, change: { kind: 'party', to: 'system' } }, 's1')).toBeNull();
    expect(parseCorrection({ ...good, target: { ...good.target, startMs: 'soon' } }, 's1')).toBeNull();
    expect(parseCorrection({ ...good, id: '' }, 's1')).toBeNull();
    expect(parseCorrection(null, 's1')).toBeNull();
  });
});
