import type { LogEvent, MovementEvent, Party, TouchEvent, VocalEvent } from '../events.ts';

/**
 * Staff's corrections of a session's log. The events stay exactly as they were logged; each correction is a
 * record of its own beside them (who the segment was, or that it was no segment at all), and the figures are
 * worked out on the events as corrected. A correction is never changed once written: undoing one writes an undo
 * record. So two computers' corrections of the same session merge by taking every record from both, and the
 * result is the same whichever arrives first (corrections apply in the order they were made).
 */

/** The events a correction can be made to: what the sensors attributed to a party. */
export type SegmentEvent = VocalEvent | MovementEvent | TouchEvent;

/** Who staff say a segment was. "Nobody" (a chair, a door, the radiator) is logged as party `unknown`. */
export type CorrectedParty = 'learner' | 'practitioner' | 'nobody';

/** Which logged event a correction is about: its kind, times and party as logged, stable across export and sync. */
export interface EventRef {
  kind: SegmentEvent['kind'];
  startMs: number;
  endMs: number;
  /** The party as logged, before any correction. */
  party: Party;
}

export type CorrectionChange =
  | { kind: 'party'; to: CorrectedParty }
  | { kind: 'remove' }
  | { kind: 'undo'; undoes: string };

export interface Correction {
  /** Unique across computers (a random UUID): what sync and import match on. */
  id: string;
  sessionId: string;
  /** Epoch ms when it was made. */
  at: number;
  target: EventRef;
  change: CorrectionChange;
}

export function isSegmentEvent(e: LogEvent): e is SegmentEvent {
  return e.kind === 'vocal' || e.kind === 'movement' || e.kind === 'touch';
}

export function refOf(e: SegmentEvent): EventRef {
  return { kind: e.kind, startMs: e.startMs, endMs: e.endMs, party: e.party };
}

export function refKey(r: EventRef): string {
  return `${r.kind}|${r.startMs}|${r.endMs}|${r.party}`;
}

/** The party a correction gives an event. */
export function partyOf(to: CorrectedParty): Party {
  return to === 'nobody' ? 'unknown' : to;
}

/** Made first, applied first; the same millisecond in id order, so every computer gets the same result. */
export function byTimeMade(a: Correction, b: Correction): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The corrections still standing, in the order they were made: those no undo record names. */
export function standing(corrections: readonly Correction[]): Correction[] {
  const undone = new Set<string>();
  for (const c of corrections) if (c.change.kind === 'undo') undone.add(c.change.undoes);
  return corrections.filter((c) => c.change.kind !== 'undo' && !undone.has(c.id)).sort(byTimeMade);
}

/** What the standing corrections make of one logged event: removed, or its party now. */
export type Verdict = { removed: true } | { removed: false; party: Party };

/** The verdict on each corrected event, by `refKey` of the event as logged; the latest correction of it wins. */
export function verdicts(corrections: readonly Correction[]): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const c of standing(corrections)) {
    const key = refKey(c.target);
    if (c.change.kind === 'remove') out.set(key, { removed: true });
    else if (c.change.kind === 'party') out.set(key, { removed: false, party: partyOf(c.change.to) });
  }
  return out;
}

/**
 * The session's events as staff corrected them: removed segments left out, changed ones with their new party
 * (and a confidence of 1 for a voice, since a person said so). Events nobody corrected are the same objects.
 */
export function applyCorrections(
  events: readonly LogEvent[],
  corrections: readonly Correction[],
): LogEvent[] {
  const v = verdicts(corrections);
  if (v.size === 0) return [...events];
  const out: LogEvent[] = [];
  for (const e of events) {
    if (!isSegmentEvent(e)) {
      out.push(e);
      continue;
    }
    const verdict = v.get(refKey(refOf(e)));
    if (!verdict) out.push(e);
    else if (!verdict.removed) out.push(withParty(e, verdict.party));
  }
  return out;
}

function withParty(e: SegmentEvent, party: Party): SegmentEvent {
  return e.kind === 'vocal' ? { ...e, party, confidence: 1 } : { ...e, party };
}

const PARTIES: readonly Party[] = ['learner', 'practitioner', 'system', 'unknown'];
const TARGET_KINDS: readonly EventRef['kind'][] = ['vocal', 'movement', 'touch'];
const TO: readonly CorrectedParty[] = ['learner', 'practitioner', 'nobody'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** Reads a correction from an import strictly; null when it is not one (the caller says so in words). */
export function parseCorrection(value: unknown, sessionId: string): Correction | null {
  if (!isRecord(value) || !isRecord(value.target) || !isRecord(value.change)) return null;
  const { id, at, target, change } = value;
  if (!text(id, 100) || value.sessionId !== sessionId || !finite(at)) return null;
  const kind = target.kind as EventRef['kind'];
  const party = target.party as Party;
  if (!TARGET_KINDS.includes(kind) || !PARTIES.includes(party)) return null;
  if (!finite(target.startMs) || !finite(target.endMs)) return null;
  const ref: EventRef = { kind, startMs: target.startMs, endMs: target.endMs, party };
  let parsed: CorrectionChange;
  if (change.kind === 'remove') parsed = { kind: 'remove' };
  else if (change.kind === 'party' && TO.includes(change.to as CorrectedParty)) {
    parsed = { kind: 'party', to: change.to as CorrectedParty };
  } else if (change.kind === 'undo' && text(change.undoes, 100))
    parsed = { kind: 'undo', undoes: change.undoes };
  else return null;
  return { id, sessionId, at, target: ref, change: parsed };
}
