import type { Channel, LogEvent } from '../events.ts';
import type { Ms } from '../units.ts';
import type { TurnParams } from './params.ts';
import { compareSegments, type Person, type Segment, segmentOf } from './segments.ts';

/**
 * Turn-taking, live and in batch, per the turn-taking definitions (docs/ARCHITECTURE.md).
 *
 * Turns are built from the counted segments (see `segmentOf`) taken in start order (`compareSegments`):
 * - a segment of the party holding the turn continues it (any channel) unless that party has been silent for
 *   longer than `turnPauseMs`; a turn's end is the latest end of its segments;
 * - a segment of the other party starts a new turn, even when it falls inside a long segment of the holder
 *   (a short "mm" during the practitioner's long movement is a turn, and an overlap).
 * Each turn's latency is its start minus the end of the other party's activity so far (their previous turn,
 * stretched by any of their segments still running); negative means it started in overlap. Every other figure
 * follows from the turns and their latencies:
 * - exchange: a turn whose previous turn was the other party's, with latency <= `exchangeGapMs`;
 * - sequence: a maximal run of alternating turns, each latency <= `sequenceGapMs`, of >= `minSequenceTurns`;
 * - initiation: a learner turn with no practitioner activity before it, or latency > `initiationWindowMs`;
 * - overlap: a turn with negative latency.
 *
 * Out-of-order arrival: a voice segment is final only after it ends, so it may arrive after later movement.
 * The tracker keeps segments sorted and a checkpoint of its small state before each recent one; a late segment
 * rewinds to its place and replays the few after it (one later than `rewindHorizonMs` replays from the start). The result therefore never depends on arrival order, however late,
 * and `analyseTurns` (batch) is the same tracker fed everything at once.
 */

/** A turn as reported. Indices refer to `TurnAnalysis.turns`. */
export interface Turn {
  index: number;
  party: Person;
  startMs: Ms;
  endMs: Ms;
  /** Sensed channels that contributed, in a fixed order (voice, movement, touch). */
  channels: Channel[];
  /** True when a manual turn tag contributed. */
  manual: boolean;
  segments: number;
  /** Start minus the end of the other party's activity so far; null when they had not acted yet. */
  latencyMs: Ms | null;
  /** True when this turn answers the previous turn (an exchange ends with it). */
  exchange: boolean;
  initiation: boolean;
  /** Index into `TurnAnalysis.sequences`, or null when the turn is in no sequence. */
  sequence: number | null;
}

export interface Exchange {
  /** The turn answered. */
  fromTurn: number;
  /** The answering turn. */
  toTurn: number;
  from: Person;
  to: Person;
  latencyMs: Ms;
}

export interface Sequence {
  firstTurn: number;
  lastTurn: number;
  turns: number;
  startMs: Ms;
  /** Latest end of any of its turns. */
  endMs: Ms;
  durationMs: Ms;
}

export interface Overlap {
  /** The turn that started while the other party was still active. */
  turn: number;
  /** Who started over whom. */
  party: Person;
  startMs: Ms;
  endMs: Ms;
  durationMs: Ms;
}

export interface TurnAnalysis {
  params: TurnParams;
  turns: Turn[];
  exchanges: Exchange[];
  sequences: Sequence[];
  overlaps: Overlap[];
  /** Indices of learner turns that were initiations. */
  initiations: number[];
}

/** What the practitioner's live view shows. */
export interface TurnSnapshot {
  /** Session time the snapshot describes. */
  nowMs: Ms;
  /** Who holds the turn now: the latest turn's party, unless they have been silent for over `turnPauseMs`. */
  holder: Person | null;
  /** The latest turn (possibly still growing), or null before anyone has acted. Its `sequence` is always null: sequences are numbered only by `result()`. */
  currentTurn: Turn | null;
  /** Turns in the run of alternating turns that ends with the latest turn (1 for a lone turn, 0 for none). */
  runningSequenceTurns: number;
  runningSequenceStartMs: Ms | null;
  /** False once the gap since the latest turn ended exceeds `sequenceGapMs`: the next turn starts afresh. */
  runningSequenceLive: boolean;
  /** Latency of the most recent turn that has one, and whose turn it was. */
  lastLatencyMs: Ms | null;
  lastLatencyParty: Person | null;
  turns: Record<Person, number>;
  exchanges: number;
  initiations: number;
  overlaps: number;
}

// Bit per segment source, so that copying a turn for a checkpoint copies numbers only.
const VOICE = 1;
const MOVEMENT = 2;
const TOUCH = 4;
const TAG = 8;
const SOURCE_BIT = { voice: VOICE, movement: MOVEMENT, touch: TOUCH, tag: TAG } as const;

interface TurnRecord {
  party: Person;
  startMs: Ms;
  endMs: Ms;
  sources: number;
  segments: number;
  latencyMs: Ms | null;
  exchange: boolean;
  /** Alternates with the previous turn within `sequenceGapMs`. */
  continuesRun: boolean;
  initiation: boolean;
}

/** Everything the fold needs besides the closed turns: small, so it can be checkpointed per segment. */
interface FoldState {
  closedTurns: number;
  open: TurnRecord | null;
  lastEnd: Record<Person, Ms | null>;
  runStart: number;
  turns: Record<Person, number>;
  exchanges: number;
  initiations: number;
  overlaps: number;
  lastLatencyMs: Ms | null;
  lastLatencyParty: Person | null;
}

function emptyState(): FoldState {
  return {
    closedTurns: 0,
    open: null,
    lastEnd: { learner: null, practitioner: null },
    runStart: 0,
    turns: { learner: 0, practitioner: 0 },
    exchanges: 0,
    initiations: 0,
    overlaps: 0,
    lastLatencyMs: null,
    lastLatencyParty: null,
  };
}

function copyState(s: FoldState): FoldState {
  return {
    ...s,
    open: s.open === null ? null : { ...s.open },
    lastEnd: { ...s.lastEnd },
    turns: { ...s.turns },
  };
}

function other(p: Person): Person {
  return p === 'learner' ? 'practitioner' : 'learner';
}

export interface TurnTrackerOptions {
  /**
   * How far back (by segment start, behind the latest start seen) the tracker keeps checkpoints for a cheap
   * rewind. A segment arriving later than this still gets the exact result, by a replay from the session
   * start; the horizon only bounds memory. Voice segments arrive about 1 s late; the default leaves a wide
   * margin for long segments, which arrive when they end.
   */
  rewindHorizonMs?: Ms;
}

export class TurnTracker {
  readonly params: TurnParams;
  private readonly rewindHorizonMs: Ms;
  /** Counted segments in `compareSegments` order. */
  private readonly segments: Segment[] = [];
  /**
   * checkpoints[i] is the state before segments[i] was folded in; entries below `kept` are released (a
   * checkpoint is a dozen numbers, but one per segment of a 6-hour day adds up).
   */
  private readonly checkpoints: (FoldState | undefined)[] = [];
  private kept = 0;
  private readonly closed: TurnRecord[] = [];
  private state: FoldState = emptyState();
  private latestMs: Ms = 0;
  private latestStartMs: Ms = Number.NEGATIVE_INFINITY;

  constructor(params: TurnParams, options: TurnTrackerOptions = {}) {
    this.params = { ...params };
    this.rewindHorizonMs = options.rewindHorizonMs ?? 60_000;
  }

  /** Takes one logged event, in any order. Events that do not count for turn-taking are ignored. */
  add(event: LogEvent): void {
    const seg = segmentOf(event, this.params);
    if (seg === null) return;
    this.latestMs = Math.max(this.latestMs, seg.endMs);
    this.latestStartMs = Math.max(this.latestStartMs, seg.startMs);
    const at = this.insertionIndex(seg);
    this.segments.splice(at, 0, seg);
    if (at === this.segments.length - 1) {
      this.checkpoints.push(copyState(this.state));
      this.fold(seg);
    } else {
      // A late segment: go back to the state before its place (or, beyond the horizon, to the start) and replay.
      const restored = this.checkpoints[at];
      const from = restored === undefined ? 0 : at;
      this.checkpoints.length = from;
      this.state = restored === undefined ? emptyState() : copyState(restored);
      this.closed.length = this.state.closedTurns;
      if (from < this.kept) this.kept = from;
      for (let i = from; i < this.segments.length; i++) {
        this.checkpoints.push(copyState(this.state));
        this.fold(this.segments[i] as Segment);
      }
    }
    this.releaseOldCheckpoints();
  }

  private releaseOldCheckpoints(): void {
    const cutoff = this.latestStartMs - this.rewindHorizonMs;
    const last = this.segments.length - 1;
    while (this.kept < last && (this.segments[this.kept] as Segment).startMs < cutoff) {
      this.checkpoints[this.kept] = undefined;
      this.kept += 1;
    }
  }

  addAll(events: Iterable<LogEvent>): void {
    for (const e of events) this.add(e);
  }

  /** The live state at `nowMs` (default: the latest end seen). Cheap: safe to call every frame. */
  snapshot(nowMs: Ms = this.latestMs): TurnSnapshot {
    const s = this.state;
    const open = s.open;
    const p = this.params;
    const currentIndex = s.closedTurns;
    const silentFor = open === null ? Number.POSITIVE_INFINITY : nowMs - open.endMs;
    const runStartRecord = open === null ? undefined : (this.closed[s.runStart] ?? open);
    return {
      nowMs,
      holder: open !== null && silentFor <= p.turnPauseMs ? open.party : null,
      currentTurn: open === null ? null : publicTurn(open, currentIndex, null),
      runningSequenceTurns: open === null ? 0 : currentIndex - s.runStart + 1,
      runningSequenceStartMs: runStartRecord === undefined ? null : runStartRecord.startMs,
      runningSequenceLive: silentFor <= p.sequenceGapMs,
      lastLatencyMs: s.lastLatencyMs,
      lastLatencyParty: s.lastLatencyParty,
      turns: { ...s.turns },
      exchanges: s.exchanges,
      initiations: s.initiations,
      overlaps: s.overlaps,
    };
  }

  /** The full analysis of everything added so far, as if the session ended now. */
  result(): TurnAnalysis {
    const records = this.state.open === null ? this.closed : [...this.closed, this.state.open];
    return analyseRecords(records, this.params);
  }

  private insertionIndex(seg: Segment): number {
    // Upper bound, and the common case (in order) is answered without a search.
    const segs = this.segments;
    const last = segs[segs.length - 1];
    if (last === undefined || compareSegments(last, seg) <= 0) return segs.length;
    let lo = 0;
    let hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareSegments(segs[mid] as Segment, seg) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private fold(seg: Segment): void {
    const s = this.state;
    const p = this.params;
    const open = s.open;
    if (open !== null && open.party === seg.party && seg.startMs - open.endMs <= p.turnPauseMs) {
      open.endMs = Math.max(open.endMs, seg.endMs);
      open.sources |= SOURCE_BIT[seg.source];
      open.segments += 1;
    } else {
      if (open !== null) {
        this.closed.push(open);
        s.closedTurns += 1;
      }
      const otherEnd = s.lastEnd[other(seg.party)];
      const latencyMs = otherEnd === null ? null : seg.startMs - otherEnd;
      const alternates = open !== null && open.party !== seg.party && latencyMs !== null;
      const exchange = alternates && (latencyMs as Ms) <= p.exchangeGapMs;
      const continuesRun = alternates && (latencyMs as Ms) <= p.sequenceGapMs;
      const initiation = seg.party === 'learner' && (latencyMs === null || latencyMs > p.initiationWindowMs);
      s.open = {
        party: seg.party,
        startMs: seg.startMs,
        endMs: seg.endMs,
        sources: SOURCE_BIT[seg.source],
        segments: 1,
        latencyMs,
        exchange,
        continuesRun,
        initiation,
      };
      if (!continuesRun) s.runStart = s.closedTurns;
      s.turns[seg.party] += 1;
      if (exchange) s.exchanges += 1;
      if (initiation) s.initiations += 1;
      if (latencyMs !== null) {
        if (latencyMs < 0) s.overlaps += 1;
        s.lastLatencyMs = latencyMs;
        s.lastLatencyParty = seg.party;
      }
    }
    const prevEnd = s.lastEnd[seg.party];
    s.lastEnd[seg.party] = prevEnd === null ? seg.endMs : Math.max(prevEnd, seg.endMs);
  }
}

/** Batch analysis of a whole session: the live tracker fed every event, so the two cannot disagree. */
export function analyseTurns(events: Iterable<LogEvent>, params: TurnParams): TurnAnalysis {
  const tracker = new TurnTracker(params);
  tracker.addAll(events);
  return tracker.result();
}

function publicTurn(r: TurnRecord, index: number, sequence: number | null): Turn {
  const channels: Channel[] = [];
  if (r.sources & VOICE) channels.push('voice');
  if (r.sources & MOVEMENT) channels.push('movement');
  if (r.sources & TOUCH) channels.push('touch');
  return {
    index,
    party: r.party,
    startMs: r.startMs,
    endMs: r.endMs,
    channels,
    manual: (r.sources & TAG) !== 0,
    segments: r.segments,
    latencyMs: r.latencyMs,
    exchange: r.exchange,
    initiation: r.initiation,
    sequence,
  };
}

function analyseRecords(records: readonly TurnRecord[], params: TurnParams): TurnAnalysis {
  const sequences: Sequence[] = [];
  const sequenceOf: (number | null)[] = new Array<number | null>(records.length).fill(null);
  let runStart = 0;
  for (let i = 1; i <= records.length; i++) {
    if (records[i]?.continuesRun) continue;
    // records[runStart .. i-1] is a maximal run.
    const count = i - runStart;
    if (count >= params.minSequenceTurns) {
      let endMs = Number.NEGATIVE_INFINITY;
      for (let j = runStart; j < i; j++) {
        endMs = Math.max(endMs, (records[j] as TurnRecord).endMs);
        sequenceOf[j] = sequences.length;
      }
      const startMs = (records[runStart] as TurnRecord).startMs;
      sequences.push({
        firstTurn: runStart,
        lastTurn: i - 1,
        turns: count,
        startMs,
        endMs,
        durationMs: endMs - startMs,
      });
    }
    runStart = i;
  }

  const turns: Turn[] = [];
  const exchanges: Exchange[] = [];
  const overlaps: Overlap[] = [];
  const initiations: number[] = [];
  const lastEnd: Record<Person, Ms | null> = { learner: null, practitioner: null };
  records.forEach((r, i) => {
    turns.push(publicTurn(r, i, sequenceOf[i] ?? null));
    const prev = records[i - 1];
    if (r.exchange && prev !== undefined) {
      exchanges.push({
        fromTurn: i - 1,
        toTurn: i,
        from: prev.party,
        to: r.party,
        latencyMs: r.latencyMs as Ms,
      });
    }
    const otherEnd = lastEnd[other(r.party)];
    if (r.latencyMs !== null && r.latencyMs < 0 && otherEnd !== null) {
      // Overlap lasts until the first of the two stops.
      const endMs = Math.min(otherEnd, r.endMs);
      overlaps.push({ turn: i, party: r.party, startMs: r.startMs, endMs, durationMs: endMs - r.startMs });
    }
    if (r.initiation) initiations.push(i);
    const own = lastEnd[r.party];
    lastEnd[r.party] = own === null ? r.endMs : Math.max(own, r.endMs);
  });
  return { params: { ...params }, turns, exchanges, sequences, overlaps, initiations };
}
