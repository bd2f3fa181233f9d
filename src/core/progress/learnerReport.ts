import type { DiaryField } from '../review/diary.ts';
import { firsts } from '../review/fundamentalsSensed.ts';
import {
  CHARTED,
  type ChartedId,
  COMPARE_SESSIONS,
  type Comparison,
  comparison,
  type ProgressSession,
  type ProgressWeek,
  progressWeeks,
} from './learnerProgress.ts';

/**
 * A learner's printable report for a period: the sessions and minutes in it, each charted figure over the
 * period against the learner's baseline (their first sessions), the Fundamentals week by week, the Fundamentals
 * seen for the first time in the period, and the best moments and diary highlights staff wrote. The figures are
 * the progress page's own (a `ProgressSession` per session, figured on the events as corrected), so the report,
 * the progress page and the progress CSV agree. Nothing here is a grade: it says what was seen, and how it
 * compares with the learner's own first sessions.
 */

/** One session as the report reads it: its figures, its diary as it stands, and its best-moment tags. */
export interface ReportSession extends ProgressSession {
  diary: Record<DiaryField, string>;
  /** Session times (ms) at which the practitioner pressed "Best moment". */
  bestMomentsMs: number[];
}

/** From `from` (inclusive) to `to` (exclusive), epoch ms. */
export interface ReportPeriod {
  from: number;
  to: number;
}

export interface ReportTrend {
  id: ChartedId;
  label: string;
  /** The figure in each of the period's sessions, oldest first. */
  values: number[];
  /**
   * The learner's first sessions (baseline) against the period's latest, over the same number of sessions
   * each; null with fewer than two sessions up to the period's end or none in it.
   */
  comparison: Comparison | null;
}

export interface ReportFirst {
  /** The Fundamental's id and name. */
  id: string;
  label: string;
  sessionId: string;
  startedAt: number;
}

export interface ReportHighlight {
  sessionId: string;
  startedAt: number;
  best: string;
  moments: string;
  bestMomentsMs: number[];
}

export interface LearnerReport {
  period: ReportPeriod;
  /** The period's sessions, oldest first. */
  sessions: ReportSession[];
  /** Sessions before the period. */
  earlier: number;
  /** The period's sessions' minutes, start to end, added up. */
  minutes: number;
  trends: ReportTrend[];
  weeks: ProgressWeek[];
  firsts: ReportFirst[];
  highlights: ReportHighlight[];
}

/**
 * The trend of one figure: the mean of the learner's first sessions against the mean of the period's latest,
 * over `COMPARE_SESSIONS` each, fewer when there are fewer (never so many that the two overlap).
 */
export function againstBaseline(history: readonly number[], inPeriod: readonly number[]): Comparison | null {
  const k = Math.min(COMPARE_SESSIONS, Math.floor(history.length / 2), inPeriod.length);
  if (k < 1) return null;
  return comparison(history.slice(0, k), inPeriod.slice(-k));
}

/** The report from every session of the learner, oldest first (sessions after the period are left out). */
export function learnerReport(all: readonly ReportSession[], period: ReportPeriod): LearnerReport {
  const history = all.filter((s) => s.meta.startedAt < period.to);
  const sessions = history.filter((s) => s.meta.startedAt >= period.from);
  const trends = CHARTED.map((c) => {
    const values = sessions.map((s) => c.of(s.summary));
    return {
      id: c.id,
      label: c.label,
      values,
      comparison: againstBaseline(
        history.map((s) => c.of(s.summary)),
        values,
      ),
    };
  });
  const inPeriod = new Map(sessions.map((s) => [s.meta.id, s]));
  const first = firsts(history.map((s) => ({ sessionId: s.meta.id, rows: s.fundamentals })));
  const fundamentalFirsts: ReportFirst[] = [];
  for (const [id, sessionId] of first) {
    const s = inPeriod.get(sessionId);
    const label = s?.fundamentals.find((r) => r.id === id)?.label;
    if (s && label) fundamentalFirsts.push({ id, label, sessionId, startedAt: s.meta.startedAt });
  }
  return {
    period,
    sessions,
    earlier: history.length - sessions.length,
    minutes: sessions.reduce((sum, s) => sum + s.summary.durationMs, 0) / 60_000,
    trends,
    weeks: progressWeeks(sessions),
    firsts: fundamentalFirsts.sort((a, b) => a.startedAt - b.startedAt),
    highlights: sessions
      .map((s) => ({
        sessionId: s.meta.id,
        startedAt: s.meta.startedAt,
        best: s.diary.best.trim(),
        moments: s.diary.moments.trim(),
        bestMomentsMs: s.bestMomentsMs,
      }))
      .filter((x) => x.best || x.moments || x.bestMomentsMs.length > 0),
  };
}
