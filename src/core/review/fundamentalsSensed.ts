import type { LogEvent } from '../events.ts';
import { FUNDAMENTALS } from '../fundamentals.ts';
import type { SessionSummary } from '../turns/summary.ts';
import type { SeenFigures } from './sessionFigures.ts';

/**
 * The ten Fundamentals of Communication for one session: what Attune sensed for each, with its measure, beside
 * the tags the practitioner pressed for it. Attune measures and shows; it never scores a Fundamental or gives a
 * level. A Fundamental counts as "seen" in a session when its measure is above zero or staff tagged it, which is
 * what marks a first across the learner's history.
 */
export interface FundamentalRow {
  /** The tag's id (core/fundamentals.ts), e.g. 'fundamental:turn-taking'. */
  id: string;
  label: string;
  /** What Attune measured, in words ('' when it measures nothing of it). */
  sensed: string;
  /** The number behind `sensed`: 0 when nothing was sensed. */
  measure: number;
  tags: number;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Each Fundamental's measure and words, from the session's figures; the order is FUNDAMENTALS'. */
function measures(
  s: SessionSummary,
  seen: SeenFigures,
  learnerMovements: number,
  longestAttentionMs: number,
): Record<string, [number, string]> {
  const vocal = s.segments.learner.voice;
  return {
    'fundamental:enjoying': [seen.smiles, `${n(seen.smiles, 'smile')} (${secs(seen.smileMs)})`],
    'fundamental:attending': [seen.attendingMs, `attending ${secs(seen.attendingMs)}`],
    'fundamental:concentration': [longestAttentionMs, `longest attention ${secs(longestAttentionMs)}`],
    'fundamental:sequences': [
      s.sequences.count,
      `${n(s.sequences.count, 'sequence')}, longest ${n(s.sequences.longestTurns, 'turn')}`,
    ],
    'fundamental:turn-taking': [
      s.exchanges.total,
      `${n(s.exchanges.total, 'exchange')}, ${n(s.initiations, 'learner initiation')}`,
    ],
    'fundamental:personal-space': [
      seen.closeEpisodes,
      `close together ${n(seen.closeEpisodes, 'time')} (${secs(seen.closeMs)})`,
    ],
    'fundamental:arousal': [learnerMovements, `${n(learnerMovements, 'learner movement')}`],
    'fundamental:eye-contact': [
      seen.attendingPersonMs,
      `face to the practitioner ${secs(seen.attendingPersonMs)}`,
    ],
    'fundamental:facial-expressions': [seen.smiles, n(seen.smiles, 'smile')],
    'fundamental:vocalising': [vocal, `${n(vocal, 'vocalisation')} (${secs(s.vocalTimeMs.learner)})`],
  };
}

/** The ten rows for a session, from its (corrected) events and figures. */
export function fundamentalsOf(
  events: readonly LogEvent[],
  s: SessionSummary,
  seen: SeenFigures,
): FundamentalRow[] {
  const tags = new Map<string, number>();
  let longestAttentionMs = 0;
  for (const e of events) {
    if (e.kind === 'tag') tags.set(e.tag, (tags.get(e.tag) ?? 0) + 1);
    else if (e.kind === 'attention' && e.party === 'learner') {
      longestAttentionMs = Math.max(longestAttentionMs, e.endMs - e.startMs);
    }
  }
  const m = measures(s, seen, s.segments.learner.movement, longestAttentionMs);
  return FUNDAMENTALS.map((f) => {
    const [measure, sensed] = m[f.id] ?? [0, ''];
    return { id: f.id, label: f.label, sensed, measure, tags: tags.get(f.id) ?? 0 };
  });
}

/** Whether a Fundamental showed in a session: sensed, or tagged by staff. */
export function seenIn(row: FundamentalRow): boolean {
  return row.measure > 0 || row.tags > 0;
}

/**
 * The session in which each Fundamental first showed, over a learner's sessions oldest first (by id of the
 * Fundamental); a Fundamental that never showed has no entry.
 */
export function firsts(
  history: readonly { sessionId: string; rows: readonly FundamentalRow[] }[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const { sessionId, rows } of history) {
    for (const r of rows) if (!out.has(r.id) && seenIn(r)) out.set(r.id, sessionId);
  }
  return out;
}
