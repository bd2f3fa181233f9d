import { describe, expect, it } from 'vitest';
import { compare, progressWeeks, weekStart } from '../../../../src/core/progress/learnerProgress.ts';
import { reviewSession } from '../../../../src/core/review/sessionReview.ts';
import { sessionMeta, voice } from '../../support/timeline.ts';

describe('a learner’s progress across sessions and weeks', () => {
  it('compares the first sessions with the latest, saying lower as plainly as higher', () => {
    expect(compare([1])).toBeNull();
    expect(compare([1, 2])).toEqual({ baseline: 1, recent: 2, sessions: 1, direction: 'higher' });
    expect(compare([3, 3, 3, 2, 1, 1, 1])).toMatchObject({
      baseline: 3,
      recent: 1,
      sessions: 3,
      direction: 'lower',
    });
    expect(compare([2, 2, 2, 2.1, 2.1, 2.1])?.direction).toBe('about the same');
    expect(compare([0, 0, 0, 0])?.direction).toBe('about the same');
  });

  it('counts weeks from Monday in UTC and the Fundamentals shown in each week’s sessions', () => {
    const monday = Date.UTC(2026, 2, 2);
    expect(weekStart(monday + 3 * 86_400_000 + 5000)).toBe(monday);
    expect(weekStart(monday - 1)).toBe(monday - 7 * 86_400_000);
    const session = (id: string, startedAt: number, withAnswer: boolean) => {
      const meta = sessionMeta(id, startedAt);
      const events = withAnswer
        ? [voice('learner', 1, 2), voice('practitioner', 3, 4)]
        : [voice('learner', 1, 2)];
      const r = reviewSession(meta, events, []);
      return { meta, summary: r.summary, fundamentals: r.fundamentals, corrected: false };
    };
    const weeks = progressWeeks([
      session('a', monday + 1000, false),
      session('b', monday + 86_400_000, true),
      session('c', monday + 8 * 86_400_000, true),
    ]);
    expect(weeks.map((w) => [w.startsAt, w.sessions])).toEqual([
      [monday, 2],
      [monday + 7 * 86_400_000, 1],
    ]);
    expect(weeks[0]?.fundamentals['fundamental:turn-taking']).toBe(1);
    expect(weeks[0]?.fundamentals['fundamental:vocalising']).toBe(2);
    expect(weeks[0]?.means.exchangesPerMin).toBeCloseTo(0.5);
  });
});
