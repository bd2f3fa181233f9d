import { type Channel, type LogEvent, TURN_TAG } from '../events.ts';
import type { Ms } from '../units.ts';
import type { TurnParams } from './params.ts';

/** The two people whose turns are counted. `system` and `unknown` never take a turn. */
export type Person = 'learner' | 'practitioner';

/** Where a segment came from: a sensed channel, or the practitioner's manual turn tag. */
export type SegmentSource = Channel | 'tag';

/** One party's activity on one channel: what turns are built from. */
export interface Segment {
  party: Person;
  source: SegmentSource;
  startMs: Ms;
  endMs: Ms;
}

const KIND_TO_CHANNEL = { vocal: 'voice', movement: 'movement', touch: 'touch' } as const;

/**
 * The segment an event contributes to turn-taking, or null when it does not count: Attune's own responses,
 * activity of `system` or `unknown` party, tags other than the two manual turn tags, and events whose times
 * are not finite (which could not be placed on the clock). An end before the start is read as a moment at the
 * start, so a clock glitch cannot make a turn run backwards.
 */
export function segmentOf(event: LogEvent, params: TurnParams): Segment | null {
  if (event.kind === 'tag') {
    const party =
      event.tag === TURN_TAG.learner
        ? 'learner'
        : event.tag === TURN_TAG.practitioner
          ? 'practitioner'
          : null;
    if (party === null || !Number.isFinite(event.atMs)) return null;
    return { party, source: 'tag', startMs: event.atMs, endMs: event.atMs + params.manualTurnTagMs };
  }
  // Responses are Attune's own; attention, smiles and distance describe activity but are not turns.
  if (event.kind !== 'vocal' && event.kind !== 'movement' && event.kind !== 'touch') return null;
  const party = event.party;
  if (party !== 'learner' && party !== 'practitioner') return null;
  if (!Number.isFinite(event.startMs) || !Number.isFinite(event.endMs)) return null;
  return {
    party,
    source: KIND_TO_CHANNEL[event.kind],
    startMs: event.startMs,
    endMs: Math.max(event.startMs, event.endMs),
  };
}

const PARTY_ORDER: Record<Person, number> = { learner: 0, practitioner: 1 };
const SOURCE_ORDER: Record<SegmentSource, number> = { voice: 0, movement: 1, touch: 2, tag: 3 };

/**
 * A total order on segments: by start, then end, party and source. Turns are built in this order, so ties
 * (two parties starting in the same millisecond) resolve the same way whatever order the events arrived in;
 * that is what makes the live tracker and the batch analysis agree exactly. Segments equal under this order
 * are interchangeable.
 */
export function compareSegments(a: Segment, b: Segment): number {
  return (
    a.startMs - b.startMs ||
    a.endMs - b.endMs ||
    PARTY_ORDER[a.party] - PARTY_ORDER[b.party] ||
    SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]
  );
}
