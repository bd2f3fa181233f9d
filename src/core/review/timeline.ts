import type { LogEvent } from '../events.ts';
import type { Sequence } from '../turns/tracker.ts';
import { isSegmentEvent, refKey, refOf, type Verdict } from './corrections.ts';

/**
 * A session's timeline as lanes of items, for the session page to draw. Only what is in view is drawn, so a
 * six-hour session opens as fast as a short one: each lane's items are sorted by start, and `visible` finds the
 * first one in view by binary search.
 */

export const LANES = [
  { id: 'learner-voice', label: 'Learner voice' },
  { id: 'learner-movement', label: 'Learner movement' },
  { id: 'learner-touch', label: 'Learner touch' },
  { id: 'practitioner-voice', label: 'Practitioner voice' },
  { id: 'practitioner-movement', label: 'Practitioner movement' },
  { id: 'practitioner-touch', label: 'Practitioner touch' },
  { id: 'nobody', label: 'Not a person, or unknown' },
  { id: 'attune', label: 'Attune’s responses' },
  { id: 'attention', label: 'Attention' },
  { id: 'smiles', label: 'Smiles' },
  { id: 'closeness', label: 'Closeness' },
  { id: 'tags', label: 'Tags' },
] as const;

export type LaneId = (typeof LANES)[number]['id'];
const LANE_INDEX = new Map<LaneId, number>(LANES.map((l, i) => [l.id, i]));

export interface TimelineItem {
  lane: number;
  startMs: number;
  endMs: number;
  /** Index of the event in the session's events as logged. */
  event: number;
  /** A voice, movement or touch segment: staff can correct it. */
  segment: boolean;
  /** Staff changed its party. */
  corrected: boolean;
}

export interface Timeline {
  /** Per lane, sorted by start. */
  lanes: TimelineItem[][];
  /** Every correctable segment in time order (removed ones left out), for moving from one to the next. */
  segments: TimelineItem[];
  sequences: { startMs: number; endMs: number; turns: number }[];
  endMs: number;
  /** Per lane, the longest item: how far before the view an item may start and still reach into it. */
  longest: number[];
}

const CHANNEL_LANE = { vocal: 'voice', movement: 'movement', touch: 'touch' } as const;

function laneOf(e: LogEvent, party: string): LaneId | null {
  switch (e.kind) {
    case 'vocal':
    case 'movement':
    case 'touch':
      return party === 'learner' || party === 'practitioner'
        ? (`${party}-${CHANNEL_LANE[e.kind]}` as LaneId)
        : 'nobody';
    case 'response':
      return 'attune';
    case 'attention':
      return 'attention';
    case 'smile':
      return 'smiles';
    case 'proximity':
      return 'closeness';
    case 'tag':
      return 'tags';
    default:
      // Distance summaries are windows of figures, not episodes; the closeness lane shows the episodes.
      return null;
  }
}

/**
 * Builds the lanes from the events as logged and the standing corrections' verdicts (by `refKey`): a corrected
 * segment moves to its new person's lane, a removed one is left out.
 */
export function buildTimeline(
  events: readonly LogEvent[],
  verdicts: ReadonlyMap<string, Verdict>,
  sequences: readonly Sequence[],
  durationMs: number,
): Timeline {
  const lanes: TimelineItem[][] = LANES.map(() => []);
  let endMs = durationMs;
  events.forEach((e, i) => {
    const segment = isSegmentEvent(e);
    const verdict = segment ? verdicts.get(refKey(refOf(e))) : undefined;
    if (verdict?.removed) return;
    const party = verdict ? verdict.party : 'party' in e ? e.party : '';
    const lane = laneOf(e, party);
    if (lane === null) return;
    const startMs = e.kind === 'tag' ? e.atMs : e.startMs;
    const end = e.kind === 'tag' ? e.atMs : Math.max(e.startMs, e.endMs);
    if (!Number.isFinite(startMs) || !Number.isFinite(end)) return;
    endMs = Math.max(endMs, end);
    lanes[LANE_INDEX.get(lane) ?? 0]?.push({
      lane: LANE_INDEX.get(lane) ?? 0,
      startMs,
      endMs: end,
      event: i,
      segment,
      corrected: verdict !== undefined,
    });
  });
  for (const lane of lanes) lane.sort((a, b) => a.startMs - b.startMs || a.event - b.event);
  const segments = lanes
    .flat()
    .filter((it) => it.segment)
    .sort((a, b) => a.startMs - b.startMs || a.lane - b.lane);
  return {
    lanes,
    segments,
    sequences: sequences.map((s) => ({ startMs: s.startMs, endMs: s.endMs, turns: s.turns })),
    endMs,
    longest: lanes.map((l) => l.reduce((m, it) => Math.max(m, it.endMs - it.startMs), 0)),
  };
}

/** First index in `items` (sorted by start) whose start is at or after `t`. */
export function firstFrom<T extends { startMs: number }>(items: readonly T[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as T).startMs < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The items of one lane that reach into [fromMs, toMs]. */
export function visible(t: Timeline, lane: number, fromMs: number, toMs: number): TimelineItem[] {
  const items = t.lanes[lane] ?? [];
  const out: TimelineItem[] = [];
  for (let i = firstFrom(items, fromMs - (t.longest[lane] ?? 0)); i < items.length; i++) {
    const it = items[i] as TimelineItem;
    if (it.startMs > toMs) break;
    if (it.endMs >= fromMs) out.push(it);
  }
  return out;
}

/** The view, clamped to the session: at least `minSpanMs` wide, never past either end. */
export function clampView(fromMs: number, spanMs: number, endMs: number, minSpanMs = 2000): [number, number] {
  const span = Math.min(Math.max(spanMs, minSpanMs), Math.max(endMs, minSpanMs));
  const from = Math.min(Math.max(0, fromMs), Math.max(0, endMs - span));
  return [from, span];
}
