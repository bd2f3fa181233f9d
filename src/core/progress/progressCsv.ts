import type { LogEvent } from '../events.ts';
import { type CsvOptions, csv, csvNum, csvText } from '../exportFormat.ts';
import type { SessionMeta } from '../records.ts';
import { applyCorrections, type Correction, standing } from '../review/corrections.ts';
import { type SessionSummary, sessionDurationMs, summariseSession } from '../turns/summary.ts';

/**
 * A learner's progress as a spreadsheet: one row per session, oldest first. Every figure is review's own
 * (`summariseSession` with the session's stored turn parameters and `sessionDurationMs`), so the sheet, review's
 * table and the offline analyser agree on the same events, and an old session keeps the figures it was reviewed
 * with after the defaults change. The file is written by the export CSV writer (RFC 4180, CRLF, UTF-8 mark).
 *
 * Columns, in this order (times in seconds to the millisecond; an empty cell means "none", e.g. no answers):
 * - session_id; started_at: the session's start, ISO 8601 in UTC;
 * - duration_min: start to end, in minutes to one decimal (up to the last event when it never ended properly);
 * - exchanges: turns answered by the other person within the exchange gap; sequences: runs of such turns;
 * - longest_sequence_turns: most turns in one sequence (0 when none);
 * - learner_initiations: learner turns with no practitioner turn in the initiation window before them;
 * - corrected: whether staff corrected the session's log (see below);
 * - exchanges_per_min; longest_sequence_s (the longest by duration, not necessarily the one with most turns);
 * - mean_sequence_turns; learner_turns; practitioner_turns;
 * - learner_answers, practitioner_answers: exchanges completed by that person answering the other;
 * - learner_median_answer_s, practitioner_median_answer_s: median time from the end of the other's turn to the
 *   start of this person's answer, over their exchanges only;
 * - learner_vocal_s, practitioner_vocal_s: time vocalising, overlapping segments of one person counted once;
 * - overlaps: turns started while the other person was still active; tags: the practitioner's tags;
 * - status: ended, interrupted (recovered after a crash) or live.
 *
 * Every figure is worked out on the events as staff corrected them (core/review/corrections.ts), as review's
 * session page shows them; `corrected` is `true` when at least one correction of the session still stands (one
 * made and undone leaves the events, and the figures, as logged, so it is `false`).
 */

/** The sheet's header, in order. */
export const PROGRESS_COLUMNS = [
  'session_id',
  'started_at',
  'duration_min',
  'exchanges',
  'sequences',
  'longest_sequence_turns',
  'learner_initiations',
  'corrected',
  'exchanges_per_min',
  'longest_sequence_s',
  'mean_sequence_turns',
  'learner_turns',
  'practitioner_turns',
  'learner_answers',
  'practitioner_answers',
  'learner_median_answer_s',
  'practitioner_median_answer_s',
  'learner_vocal_s',
  'practitioner_vocal_s',
  'overlaps',
  'tags',
  'status',
] as const;

export type ProgressColumn = (typeof PROGRESS_COLUMNS)[number];

/** One session's line: what it was and its figures. The events are not kept, so a long list stays small. */
export interface ProgressRow {
  meta: SessionMeta;
  summary: SessionSummary;
  /** Whether a correction of this session's log by staff still stands. */
  corrected: boolean;
}

/** A session's row, figured exactly as review's sessions table and session page figure it. */
export function progressRowOf(
  meta: SessionMeta,
  events: readonly LogEvent[],
  corrections: readonly Correction[] = [],
): ProgressRow {
  const corrected = applyCorrections(events, corrections);
  const summary = summariseSession(corrected, meta.turnParams, sessionDurationMs(meta, corrected));
  return { meta, summary, corrected: standing(corrections).length > 0 };
}

const seconds = (ms: number | null): string => csvNum(ms === null ? null : ms / 1000, 3);

/** A row's cells, in the order of `PROGRESS_COLUMNS`. */
export function progressCells({ meta, summary: s, corrected }: ProgressRow): Record<ProgressColumn, string> {
  return {
    session_id: csvText(meta.id),
    started_at: Number.isFinite(meta.startedAt) ? new Date(meta.startedAt).toISOString() : '',
    duration_min: csvNum(s.durationMs / 60_000, 1),
    exchanges: String(s.exchanges.total),
    sequences: String(s.sequences.count),
    longest_sequence_turns: String(s.sequences.longestTurns),
    learner_initiations: String(s.initiations),
    corrected: corrected ? 'true' : 'false',
    exchanges_per_min: csvNum(s.exchanges.perMinute, 2),
    longest_sequence_s: seconds(s.sequences.longestMs),
    mean_sequence_turns: csvNum(s.sequences.meanTurns, 2),
    learner_turns: String(s.turns.learner),
    practitioner_turns: String(s.turns.practitioner),
    learner_answers: String(s.exchanges.answeredBy.learner),
    practitioner_answers: String(s.exchanges.answeredBy.practitioner),
    learner_median_answer_s: seconds(s.medianLatencyMs.learner),
    practitioner_median_answer_s: seconds(s.medianLatencyMs.practitioner),
    learner_vocal_s: seconds(s.vocalTimeMs.learner),
    practitioner_vocal_s: seconds(s.vocalTimeMs.practitioner),
    overlaps: String(s.overlaps.total),
    tags: String(s.tags),
    status: meta.status,
  };
}

/** Oldest first; sessions started in the same millisecond in id order, so the file is the same every time. */
function oldestFirst(a: ProgressRow, b: ProgressRow): number {
  return a.meta.startedAt - b.meta.startedAt || (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0);
}

/** The progress sheet of one learner's sessions (in any order: the sheet lists them oldest first). */
export function progressCsv(rows: readonly ProgressRow[], options: CsvOptions = {}): string {
  const cells = [...rows].sort(oldestFirst).map((r) => {
    const byColumn = progressCells(r);
    return PROGRESS_COLUMNS.map((c) => byColumn[c]);
  });
  return csv(PROGRESS_COLUMNS, cells, options);
}
