import { FUNDAMENTALS } from '../fundamentals.ts';
import type { SessionMeta } from '../records.ts';
import { type FundamentalRow, seenIn } from '../review/fundamentalsSensed.ts';
import type { SessionSummary } from '../turns/summary.ts';

/**
 * A learner's progress across sessions and weeks, for review's progress page: the figures of each session (on
 * its events as corrected), the first sessions against the latest, and the Fundamentals week by week. Falls
 * show as plainly as rises: the words say "lower" as readily as "higher".
 */

/** One session's part in the charts. */
export interface ProgressSession {
  meta: SessionMeta;
  summary: SessionSummary;
  fundamentals: FundamentalRow[];
  /** A correction by staff still stands. */
  corrected: boolean;
}

/** The figures charted, each with how it is read off a session's summary. */
export const CHARTED = [
  { id: 'exchangesPerMin', label: 'Exchanges per minute', of: (s: SessionSummary) => s.exchanges.perMinute },
  {
    id: 'longestTurns',
    label: 'Longest sequence (turns)',
    of: (s: SessionSummary) => s.sequences.longestTurns,
  },
  { id: 'initiations', label: 'Learner initiations', of: (s: SessionSummary) => s.initiations },
] as const;

export type ChartedId = (typeof CHARTED)[number]['id'];

/** How many of the first and of the latest sessions are compared. */
export const COMPARE_SESSIONS = 3;
/** A change smaller than this share of the baseline is "about the same". */
export const SAME_WITHIN = 0.1;

export interface Comparison {
  baseline: number;
  recent: number;
  /** How many sessions each mean is over. */
  sessions: number;
  direction: 'higher' | 'lower' | 'about the same';
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * The mean of the first sessions (the baseline) against the mean of the latest, over `COMPARE_SESSIONS` each,
 * or half the sessions each when there are fewer than twice that; null with fewer than two sessions.
 */
export function compare(values: readonly number[]): Comparison | null {
  if (values.length < 2) return null;
  const k = Math.min(COMPARE_SESSIONS, Math.floor(values.length / 2));
  return comparison(values.slice(0, k), values.slice(-k));
}

/** The mean of `first` (the baseline) against the mean of `latest`, each over `first.length` sessions. */
export function comparison(first: readonly number[], latest: readonly number[]): Comparison {
  const baseline = mean(first);
  const recent = mean(latest);
  const change = recent - baseline;
  const same = Math.abs(change) <= SAME_WITHIN * Math.abs(baseline) || Math.abs(change) < 1e-9;
  return {
    baseline,
    recent,
    sessions: first.length,
    direction: same ? 'about the same' : change > 0 ? 'higher' : 'lower',
  };
}

/** Monday 00:00 UTC of the week an epoch ms falls in: the weeks are counted as the school overview counts them. */
export function weekStart(epochMs: number): number {
  const d = new Date(epochMs);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
}

export interface ProgressWeek {
  startsAt: number;
  sessions: number;
  /** Per Fundamental id, in how many of the week's sessions it showed (sensed or tagged). */
  fundamentals: Record<string, number>;
  /** Per charted figure, its mean over the week's sessions. */
  means: Record<ChartedId, number>;
}

/** The weeks with at least one session, oldest first. */
export function progressWeeks(sessions: readonly ProgressSession[]): ProgressWeek[] {
  const byWeek = new Map<number, ProgressSession[]>();
  for (const s of sessions) {
    const w = weekStart(s.meta.startedAt);
    const list = byWeek.get(w);
    if (list) list.push(s);
    else byWeek.set(w, [s]);
  }
  return [...byWeek.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([startsAt, list]) => {
      const fundamentals: Record<string, number> = {};
      for (const f of FUNDAMENTALS) {
        fundamentals[f.id] = list.filter((s) =>
          s.fundamentals.some((r) => r.id === f.id && seenIn(r)),
        ).length;
      }
      const means = Object.fromEntries(
        CHARTED.map((c) => [c.id, mean(list.map((s) => c.of(s.summary)))]),
      ) as Record<ChartedId, number>;
      return { startsAt, sessions: list.length, fundamentals, means };
    });
}

/** Oldest first; the same millisecond in id order, as the progress CSV lists them. */
export function oldestFirst<T extends { meta: SessionMeta }>(list: readonly T[]): T[] {
  return [...list].sort(
    (a, b) =>
      a.meta.startedAt - b.meta.startedAt || (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0),
  );
}
