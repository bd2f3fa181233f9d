import type { Channel, LogEvent, Party } from '../events.ts';
import type { SessionMeta, SessionStatus } from '../records.ts';
import type { Ms } from '../units.ts';
import type { TurnParams } from './params.ts';
import type { Person } from './segments.ts';
import { analyseTurns, type TurnAnalysis } from './tracker.ts';

/** Per-session figures for review, the printable report and the offline analyser. */
export interface SessionSummary {
  /** Session length used for rates. */
  durationMs: Ms;
  /** Sensed segments per party and channel, `system` and `unknown` included (they are logged, not counted as turns). */
  segments: Record<Party, Record<Channel, number>>;
  /** Attune's own responses. */
  responses: number;
  tags: number;
  /** Time each person was vocalising; overlapping segments of one person count once. */
  vocalTimeMs: Record<Person, Ms>;
  turns: Record<Person, number> & { total: number };
  exchanges: {
    total: number;
    /** Exchanges completed by this person answering the other. */
    answeredBy: Record<Person, number>;
    perMinute: number;
  };
  sequences: {
    count: number;
    /** Most turns in one sequence (0 when there is none). */
    longestTurns: number;
    /** Longest sequence by duration (0 when there is none); it need not be the one with the most turns. */
    longestMs: Ms;
    meanTurns: number | null;
    meanMs: Ms | null;
  };
  /**
   * Median latency of each person's answers, over their exchanges only: a turn taken a minute after the
   * other stopped is not an answer, and would drown the figure staff look for.
   */
  medianLatencyMs: Record<Person, Ms | null>;
  initiations: number;
  overlaps: { total: number; byParty: Record<Person, number>; totalMs: Ms };
}

function zeroChannels(): Record<Channel, number> {
  return { voice: 0, movement: 0, touch: 0 };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Total length of the union of intervals, so simultaneous or merged-late segments are not counted twice. */
function unionLengthMs(intervals: [Ms, Ms][]): Ms {
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const [s, e] of intervals) {
    if (Number.isNaN(curEnd) || s > curEnd) {
      if (!Number.isNaN(curEnd)) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else {
      curEnd = Math.max(curEnd, e);
    }
  }
  if (!Number.isNaN(curEnd)) total += curEnd - curStart;
  return total;
}

/** The latest moment on the session clock that any event reaches; 0 for an empty log. */
export function lastEventMs(events: Iterable<LogEvent>): Ms {
  let last = 0;
  for (const e of events) {
    const t = e.kind === 'tag' ? e.atMs : e.endMs;
    if (Number.isFinite(t)) last = Math.max(last, t);
  }
  return last;
}

/**
 * Summarises one session. `durationMs` defaults to the last event's end (right for an interrupted session,
 * whose end time is unknown); pass `sessionDurationMs(meta, events)` when the session was ended properly.
 * `analysis` may be passed when the caller already has it, to avoid computing the turns twice.
 */
export function summariseSession(
  events: readonly LogEvent[],
  params: TurnParams,
  durationMs: Ms = lastEventMs(events),
  analysis: TurnAnalysis = analyseTurns(events, params),
): SessionSummary {
  const segments: Record<Party, Record<Channel, number>> = {
    learner: zeroChannels(),
    practitioner: zeroChannels(),
    system: zeroChannels(),
    unknown: zeroChannels(),
  };
  const vocal: Record<Person, [Ms, Ms][]> = { learner: [], practitioner: [] };
  let responses = 0;
  let tags = 0;
  for (const e of events) {
    switch (e.kind) {
      case 'tag':
        tags += 1;
        break;
      case 'response':
        responses += 1;
        break;
      case 'vocal':
        segments[e.party].voice += 1;
        if ((e.party === 'learner' || e.party === 'practitioner') && e.endMs > e.startMs) {
          vocal[e.party].push([e.startMs, e.endMs]);
        }
        break;
      case 'movement':
        segments[e.party].movement += 1;
        break;
      case 'touch':
        segments[e.party].touch += 1;
        break;
    }
  }

  const { turns, exchanges, sequences, overlaps } = analysis;
  const turnCount = { learner: 0, practitioner: 0 };
  for (const t of turns) turnCount[t.party] += 1;
  const answeredBy = { learner: 0, practitioner: 0 };
  const latencies: Record<Person, number[]> = { learner: [], practitioner: [] };
  for (const x of exchanges) {
    answeredBy[x.to] += 1;
    latencies[x.to].push(x.latencyMs);
  }
  const overlapBy = { learner: 0, practitioner: 0 };
  let overlapMs = 0;
  for (const o of overlaps) {
    overlapBy[o.party] += 1;
    overlapMs += o.durationMs;
  }
  const minutes = durationMs / 60_000;
  return {
    durationMs,
    segments,
    responses,
    tags,
    vocalTimeMs: { learner: unionLengthMs(vocal.learner), practitioner: unionLengthMs(vocal.practitioner) },
    turns: { ...turnCount, total: turns.length },
    exchanges: {
      total: exchanges.length,
      answeredBy,
      perMinute: minutes > 0 ? exchanges.length / minutes : 0,
    },
    sequences: {
      count: sequences.length,
      longestTurns: sequences.reduce((m, s) => Math.max(m, s.turns), 0),
      longestMs: sequences.reduce((m, s) => Math.max(m, s.durationMs), 0),
      meanTurns:
        sequences.length === 0 ? null : sequences.reduce((a, s) => a + s.turns, 0) / sequences.length,
      meanMs:
        sequences.length === 0 ? null : sequences.reduce((a, s) => a + s.durationMs, 0) / sequences.length,
    },
    medianLatencyMs: { learner: median(latencies.learner), practitioner: median(latencies.practitioner) },
    initiations: analysis.initiations.length,
    overlaps: { total: overlaps.length, byParty: overlapBy, totalMs: overlapMs },
  };
}

/** Length of a session: wall-clock start to end when it ended properly, else up to its last event. */
export function sessionDurationMs(meta: SessionMeta, events: Iterable<LogEvent>): Ms {
  if (meta.endedAt !== null && meta.endedAt >= meta.startedAt) return meta.endedAt - meta.startedAt;
  return lastEventMs(events);
}

export interface SessionRecord {
  meta: SessionMeta;
  events: readonly LogEvent[];
}

/** One point of a learner's progress chart. */
export interface ProgressPoint {
  sessionId: string;
  status: SessionStatus;
  /** Epoch ms, for the chart's axis and for local formatting by the UI. */
  startedAt: number;
  /** ISO calendar date (YYYY-MM-DD) in UTC: stable in tests and on any machine; school hours never straddle UTC midnight in the UK. */
  date: string;
  durationMs: Ms;
  exchangesPerMinute: number;
  longestSequenceTurns: number;
  longestSequenceMs: Ms;
  initiations: number;
}

function isoDate(epochMs: number): string {
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/**
 * Progress across sessions, oldest first. Each session is analysed with the parameters stored with it, so an
 * old session keeps the figures it was reviewed with even after the defaults change.
 */
export function progressSeries(sessions: readonly SessionRecord[]): ProgressPoint[] {
  return [...sessions]
    .sort((a, b) => a.meta.startedAt - b.meta.startedAt || (a.meta.id < b.meta.id ? -1 : 1))
    .map(({ meta, events }) => {
      const durationMs = sessionDurationMs(meta, events);
      const s = summariseSession(events, meta.turnParams, durationMs);
      return {
        sessionId: meta.id,
        status: meta.status,
        startedAt: meta.startedAt,
        date: isoDate(meta.startedAt),
        durationMs,
        exchangesPerMinute: s.exchanges.perMinute,
        longestSequenceTurns: s.sequences.longestTurns,
        longestSequenceMs: s.sequences.longestMs,
        initiations: s.initiations,
      };
    });
}
