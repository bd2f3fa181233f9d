import type { Learner } from '../records.ts';

/**
 * The school overview: for every learner, how often they had a session lately. It needs only each session's
 * start (epoch ms), which the log keeps on the session record, so no event is read and sixty learners with a
 * hundred sessions each take one pass over six thousand numbers.
 *
 * Weeks are ISO weeks (Monday to Sunday) in UTC, like the progress series' dates: stable on any machine and in
 * tests, and a school day in the UK never straddles midnight UTC, so no session falls into the wrong week. The
 * last week is the one holding `now`, counted so far. Sessions starting after `now` (a clock set wrong on the
 * computer that recorded them) are in no week and no window, though one may still be the last session.
 */

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Weeks shown unless asked otherwise: two months, enough to see a habit form or lapse. */
export const OVERVIEW_WEEKS = 8;

/**
 * The trend compares the sessions in the 28 days up to `now` with the 28 days before them. Rolling windows
 * rather than calendar weeks: on a Monday the current week has hardly started, and a calendar comparison would
 * say "fewer" of everyone. It is up (or down) when the count changed by at least `minChange` sessions and by at
 * least `minFraction` of the earlier count; anything smaller is steady. One session more or less is noise (an
 * absence, a trip), and so is 12 against 11.
 */
export const TREND_RULE = Object.freeze({ windowDays: 28, minChange: 2, minFraction: 0.25 });

/** A learner is flagged when their latest session started this many days or more before `now`, or never. */
export const QUIET_DAYS = 14;

export type Trend = 'up' | 'down' | 'steady';

export interface OverviewWeek {
  /** "2026-W10": the ISO week-numbering year and week. */
  isoWeek: string;
  /** Monday 00:00 UTC, epoch ms. */
  startsAt: number;
  /** True for the week holding `now`: counted so far, not a whole week. */
  current: boolean;
}

export interface LearnerOverview {
  learner: Learner;
  /** Sessions started in each of `SchoolOverview.weeks`, in the same order (oldest first). */
  perWeek: number[];
  trend: Trend;
  /** Sessions in the trend's latest window, and in the window before it. */
  recent: number;
  earlier: number;
  /** Start of the latest session (epoch ms), or null when there is none. */
  lastSessionAt: number | null;
  /** No session started in the last `QUIET_DAYS` days (or ever). */
  quiet: boolean;
}

export interface SchoolOverview {
  now: number;
  weeks: OverviewWeek[];
  learners: LearnerOverview[];
}

/** Monday 00:00 UTC of the week holding `epochMs`. */
export function weekStart(epochMs: number): number {
  const d = new Date(epochMs);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - sinceMonday);
}

/** The ISO week of a Monday: the year is the one its Thursday falls in, and week 1 holds the year's first Thursday. */
export function isoWeekOf(mondayMs: number): string {
  const thursday = new Date(mondayMs + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The trend between two counts, by `TREND_RULE`. */
export function trendOf(recent: number, earlier: number): Trend {
  const needed = Math.max(TREND_RULE.minChange, TREND_RULE.minFraction * earlier);
  if (recent - earlier >= needed) return 'up';
  if (earlier - recent >= needed) return 'down';
  return 'steady';
}

/**
 * Every learner's recent sessions, in the order given. `starts` are the learner's sessions' start times, in
 * any order. `weeks` is how many weeks to count, ending with the week holding `now`.
 */
export function schoolOverview(
  learners: readonly { learner: Learner; starts: readonly number[] }[],
  now: number,
  weeks = OVERVIEW_WEEKS,
): SchoolOverview {
  const count = Math.max(1, Math.floor(weeks));
  const thisWeek = weekStart(now);
  const first = thisWeek - (count - 1) * WEEK_MS;
  const windowMs = TREND_RULE.windowDays * DAY_MS;
  const quietSince = now - QUIET_DAYS * DAY_MS;
  return {
    now,
    weeks: Array.from({ length: count }, (_, i) => {
      const startsAt = first + i * WEEK_MS;
      return { isoWeek: isoWeekOf(startsAt), startsAt, current: startsAt === thisWeek };
    }),
    learners: learners.map(({ learner, starts }) => {
      const perWeek = new Array<number>(count).fill(0);
      let recent = 0;
      let earlier = 0;
      let last = Number.NEGATIVE_INFINITY;
      for (const t of starts) {
        if (!Number.isFinite(t)) continue;
        if (t > last) last = t;
        if (t > now) continue;
        const week = Math.floor((t - first) / WEEK_MS);
        if (week >= 0) perWeek[week] = (perWeek[week] ?? 0) + 1;
        const ago = now - t;
        if (ago < windowMs) recent++;
        else if (ago < 2 * windowMs) earlier++;
      }
      const lastSessionAt = Number.isFinite(last) ? last : null;
      return {
        learner,
        perWeek,
        trend: trendOf(recent, earlier),
        recent,
        earlier,
        lastSessionAt,
        quiet: lastSessionAt === null || lastSessionAt <= quietSince,
      };
    }),
  };
}
