import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/core/events.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { batchesByEvents, figuredKey, unfiguredOf } from '../../../src/store/figuring.ts';
import { emptyCounts, type StoredSession } from '../../../src/store/logStore.ts';

const DAY = 86_400_000;

function session(
  id: string,
  learnerId: string,
  day: number,
  over: Partial<StoredSession> = {},
): StoredSession {
  return {
    id,
    learnerId,
    startedAt: day * DAY,
    endedAt: day * DAY + 600_000,
    status: 'ended',
    schemaVersion: SCHEMA_VERSION,
    turnParams: { ...DEFAULT_TURN_PARAMS },
    counts: emptyCounts(),
    lastEventMs: 590_000,
    ...over,
  };
}

const keyNow = (s: StoredSession, corrections = 0) => figuredKey(s, corrections, s.turnParams);

describe('the sessions whose figures the log does not keep current', () => {
  it('are those with no kept figures or a kept key other than the one they would have now', () => {
    const current = session('a1', 'A', 10);
    const none = session('a2', 'A', 11);
    const olderBuild = session('a3', 'A', 12);
    const corrected = session('a4', 'A', 13);
    const kept = new Map([
      [current.id, keyNow(current)],
      [olderBuild.id, JSON.stringify(['an older build', ...JSON.parse(keyNow(olderBuild)).slice(1)])],
      // Kept before its correction was made.
      [corrected.id, keyNow(corrected, 0)],
    ]);
    const out = unfiguredOf([current, none, olderBuild, corrected], new Map([[corrected.id, 1]]), kept);
    expect(out.map((s) => s.id).sort()).toEqual(['a2', 'a3', 'a4']);
  });

  it('leave out a session still running', () => {
    expect(unfiguredOf([session('a1', 'A', 1, { status: 'live' })], new Map(), new Map())).toEqual([]);
  });

  it('come learner by learner, the learner seen most lately first, each learner’s newest first', () => {
    const list = [
      session('a-old', 'A', 1),
      session('b-new', 'B', 30),
      session('a-new', 'A', 20),
      session('b-old', 'B', 2),
      session('c', 'C', 25),
    ];
    expect(unfiguredOf(list, new Map(), new Map()).map((s) => s.id)).toEqual([
      'b-new',
      'b-old',
      'c',
      'a-new',
      'a-old',
    ]);
  });
});

describe('sessions cut into batches by their events', () => {
  const withEvents = (id: string, n: number) => ({ id, counts: { ...emptyCounts(), vocal: n } });

  it('ends a batch once it holds the events asked for, or the most sessions, and keeps the order', () => {
    const list = [
      withEvents('a', 30),
      withEvents('b', 80),
      withEvents('c', 10),
      withEvents('d', 10),
      withEvents('e', 5),
    ];
    expect(batchesByEvents(list, 100, 10).map((b) => b.map((s) => s.id))).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    expect(batchesByEvents(list, 1000, 2).map((b) => b.map((s) => s.id))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
  });

  it('puts a session larger than a batch in a batch of its own', () => {
    const list = [withEvents('big', 5000), withEvents('small', 1)];
    expect(batchesByEvents(list, 100, 10).map((b) => b.map((s) => s.id))).toEqual([['big'], ['small']]);
  });
});
