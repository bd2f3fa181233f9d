import type { LogEvent } from '../events.ts';
import type { SessionMeta } from '../records.ts';
import { type SessionSummary, sessionDurationMs, summariseSession } from '../turns/summary.ts';
import { analyseTurns, type TurnAnalysis } from '../turns/tracker.ts';
import { applyCorrections, type Correction } from './corrections.ts';
import { type FundamentalRow, fundamentalsOf } from './fundamentalsSensed.ts';
import { type SeenFigures, seenFigures } from './sessionFigures.ts';

/** Everything review shows of one session, worked out once on the events as staff corrected them. */
export interface SessionReview {
  corrected: LogEvent[];
  analysis: TurnAnalysis;
  durationMs: number;
  summary: SessionSummary;
  seen: SeenFigures;
  fundamentals: FundamentalRow[];
}

/**
 * A session's figures with its own stored turn parameters, or with `params` when staff re-score with others.
 * The turn analysis runs once, for the summary, the sequences and the Fundamentals alike.
 */
export function reviewSession(
  meta: SessionMeta,
  events: readonly LogEvent[],
  corrections: readonly Correction[],
  params = meta.turnParams,
): SessionReview {
  const corrected = applyCorrections(events, corrections);
  const analysis = analyseTurns(corrected, params);
  const durationMs = sessionDurationMs(meta, corrected);
  const summary = summariseSession(corrected, params, durationMs, analysis);
  const seen = seenFigures(corrected, analysis);
  return {
    corrected,
    analysis,
    durationMs,
    summary,
    seen,
    fundamentals: fundamentalsOf(corrected, summary, seen),
  };
}
