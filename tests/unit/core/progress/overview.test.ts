import { describe, expect, it } from 'vitest';
import {
  isoWeekOf,
  QUIET_DAYS,
  schoolOverview,
  TREND_RULE,
  trendOf,
  weekStart,
} from '../../../../src/core/progress/overview.ts';
import type { Learner } from '../../../../src/core/records.ts';
import { prng } from '../../support/timeline.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Thursday 12 March 2026, 14:00 UTC: ISO week 2026-W11, whose Monday is 9 March.
const NOW = Date.UTC(2026, 2, 12, 14);
const learner = (id: string): Learner => ({ id, pseudonym: `P-${id}`, createdAt: 0 });

describe('ISO weeks, in UTC', () => {
  it('start on Monday at midnight', () => {
    expect(weekStart(NOW)).toBe(Date.UTC(2026, 2, 9));
    expect(weekStart(Date.UTC(2026, 2, 9))).toBe(Date.UTC(2026, 2, 9));
    expect(weekStart(Date.UTC(2026, 2, 8, 23, 59, 59, 999))).toBe(Date.UTC(2026, 2, 2));
    expect(weekStart(Date.UTC(2026, 2, 15, 23))).toBe(Date.UTC(2026, 2, 9));
  });

  it('are numbered by their Thursday', () => {
    expect(isoWeekOf(Date.UTC(2026, 2, 9))).toBe('2026-W11');
    expect(isoWeekOf(Date.UTC(2025, 11, 29))).toBe('2026-W01'); // 1 January 2026 is a Thursday
    expect(isoWeekOf(Date.UTC(2020, 11, 28))).toBe('2020-W53');
    expect(isoWeekOf(Date.UTC(2024, 11, 30))).toBe('2025-W01');
    expect(isoWeekOf(Date.UTC(2027, 0, 4))).toBe('2027-W01'); // 1-3 January 2027 are in 2026-W53
    expect(isoWeekOf(Date.UTC(2026, 11, 28))).toBe('2026-W53');
  });
});

describe('the trend', () => {
  it('needs a change of at least two sessions and a quarter of the four weeks before', () => {
    expect(TREND_RULE).toEqual({ windowDays: 28, minChange: 2, minFraction: 0.25 });
    expect(trendOf(2, 0)).toBe('up');
    expect(trendOf(1, 0)).toBe('steady');
    expect(trendOf(0, 1)).toBe('steady');
    expect(trendOf(0, 2)).toBe('down');
    expect(trendOf(10, 8)).toBe('up');
    expect(trendOf(12, 10)).toBe('steady'); // 2 is under a quarter of 10
    expect(trendOf(13, 10)).toBe('up');
    expect(trendOf(8, 10)).toBe('steady');
    expect(trendOf(7, 10)).toBe('down');
    expect(trendOf(0, 0)).toBe('steady');
  });
});

describe('the school overview', () => {
  it('counts each learner’s sessions in each of the last eight weeks, this week so far last', () => {
    const starts = [
      Date.UTC(2026, 2, 9), // Monday of this week, at midnight
      NOW - HOUR,
      NOW, // now itself counts
      NOW + HOUR, // later today: not yet
      Date.UTC(2026, 2, 8, 23, 59), // Sunday night: last week
      Date.UTC(2026, 0, 19, 10), // Monday of the first week shown (2026-W04)
      Date.UTC(2026, 0, 18, 10), // the Sunday before: outside
    ];
    const o = schoolOverview([{ learner: learner('a'), starts }], NOW);
    expect(o.weeks.map((w) => w.isoWeek)).toEqual([
      '2026-W04',
      '2026-W05',
      '2026-W06',
      '2026-W07',
      '2026-W08',
      '2026-W09',
      '2026-W10',
      '2026-W11',
    ]);
    expect(o.weeks.map((w) => w.current)).toEqual([false, false, false, false, false, false, false, true]);
    expect(o.weeks[0]?.startsAt).toBe(Date.UTC(2026, 0, 19));
    expect(o.learners[0]?.perWeek).toEqual([1, 0, 0, 0, 0, 0, 1, 3]);
    // A session later than now is still the latest one known.
    expect(o.learners[0]?.lastSessionAt).toBe(NOW + HOUR);
  });

  it('counts as many weeks as asked', () => {
    const o = schoolOverview([{ learner: learner('a'), starts: [NOW - 3 * 7 * DAY] }], NOW, 4);
    expect(o.weeks).toHaveLength(4);
    expect(o.learners[0]?.perWeek).toEqual([1, 0, 0, 0]);
  });

  it('compares the 28 days up to now with the 28 days before for the trend', () => {
    const at = (daysAgo: number[]) => daysAgo.map((d) => NOW - d * DAY);
    const o = schoolOverview(
      [
        { learner: learner('more'), starts: at([1, 2, 5, 9, 12, 20, 27.9, 30]) },
        { learner: learner('fewer'), starts: at([3, 28, 29, 35, 40, 50, 55.9, 56, 70]) },
        { learner: learner('same'), starts: at([1, 10, 30, 40]) },
      ],
      NOW,
    );
    expect(o.learners.map((l) => [l.learner.id, l.recent, l.earlier, l.trend])).toEqual([
      ['more', 7, 1, 'up'],
      ['fewer', 1, 6, 'down'],
      ['same', 2, 2, 'steady'],
    ]);
  });

  it('flags a learner with no session in the last 14 days, or none at all', () => {
    const o = schoolOverview(
      [
        { learner: learner('twenty'), starts: [NOW - 20 * DAY, NOW - 40 * DAY] },
        { learner: learner('thirteen'), starts: [NOW - 13 * DAY] },
        { learner: learner('fourteen'), starts: [NOW - QUIET_DAYS * DAY] },
        { learner: learner('none'), starts: [] },
      ],
      NOW,
    );
    expect(o.learners.map((l) => [l.learner.id, l.quiet, l.lastSessionAt])).toEqual([
      ['twenty', true, NOW - 20 * DAY],
      ['thirteen', false, NOW - 13 * DAY],
      ['fourteen', true, NOW - 14 * DAY],
      ['none', true, null],
    ]);
    expect(o.learners[3]?.perWeek).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(o.learners[3]?.trend).toBe('steady');
  });

  it('keeps the learners in the order given and ignores impossible times', () => {
    const o = schoolOverview(
      [
        { learner: learner('b'), starts: [Number.NaN, NOW - DAY] },
        { learner: learner('a'), starts: [Number.POSITIVE_INFINITY] },
      ],
      NOW,
    );
    expect(o.learners.map((l) => [l.learner.id, l.lastSessionAt])).toEqual([
      ['b', NOW - DAY],
      ['a', null],
    ]);
  });

  // Its speed is measured by `npm run bench -- review`, not here: a functional test asserts no wall-clock figure.
  it('handles a school of 60 learners with 100 sessions each', () => {
    const rand = prng(7);
    const school = Array.from({ length: 60 }, (_, i) => ({
      learner: learner(String(i)),
      starts: Array.from({ length: 100 }, () => NOW - rand() * 400 * DAY),
    }));
    const o = schoolOverview(school, NOW);
    expect(o.learners).toHaveLength(60);
    expect(o.learners.reduce((n, l) => n + l.perWeek.reduce((a, b) => a + b, 0), 0)).toBeGreaterThan(0);
  });
});
