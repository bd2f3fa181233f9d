import {
  type MovementEvent,
  type Party,
  type ResponseEvent,
  SCHEMA_VERSION,
  type TagEvent,
  type TouchEvent,
  type VocalEvent,
} from '../../../src/core/events.ts';
import type { SessionMeta } from '../../../src/core/records.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';

/** Hand-made timelines read best in seconds; the log is in ms. */
export const s = (seconds: number): number => Math.round(seconds * 1000);

/** An ended session of learner 'l' (the current schema, default turn settings): the record a hand-made timeline belongs to. */
export function sessionMeta(id: string, startedAt = 0, durationMs = 60_000): SessionMeta {
  return {
    id,
    learnerId: 'l',
    startedAt,
    endedAt: startedAt + durationMs,
    status: 'ended',
    schemaVersion: SCHEMA_VERSION,
    turnParams: { ...DEFAULT_TURN_PARAMS },
  };
}

export function voice(party: Party, from: number, to: number): VocalEvent {
  return {
    kind: 'vocal',
    party,
    startMs: s(from),
    endMs: s(to),
    peakDbfs: -20,
    pitchHz: 300,
    confidence: 0.9,
  };
}

export function move(party: Party, from: number, to: number): MovementEvent {
  return { kind: 'movement', party, startMs: s(from), endMs: s(to), peakEnergy: 2 };
}

export function touch(party: Party, from: number, to: number): TouchEvent {
  return { kind: 'touch', party, startMs: s(from), endMs: s(to), x: 0.5, y: 0.5 };
}

export function response(from: number, to: number): ResponseEvent {
  return {
    kind: 'response',
    party: 'system',
    startMs: s(from),
    endMs: s(to),
    output: 'sound',
    cause: 'voice',
  };
}

export function tag(at: number, name: string, note?: string): TagEvent {
  return note === undefined
    ? { kind: 'tag', atMs: s(at), tag: name }
    : { kind: 'tag', atMs: s(at), tag: name, note };
}

/** mulberry32: small, seedable, good enough to generate test timelines reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
