import type { Dbfs, Hz, Ms, Unit } from './units.ts';

/**
 * The log's event union. Every event is on the session clock (ms since the session started). Bump
 * SCHEMA_VERSION whenever a stored shape changes, and add a migration to `migrateEvent`.
 */
export const SCHEMA_VERSION = 1;

/** Who did it. `system` is Attune's own response: logged, never counted as either person's turn. */
export type Party = 'learner' | 'practitioner' | 'system' | 'unknown';
export type Channel = 'voice' | 'movement' | 'touch';

export interface VocalEvent {
  kind: 'vocal';
  party: Party;
  startMs: Ms;
  endMs: Ms;
  peakDbfs: Dbfs;
  /** Median F0 over the voiced frames, null when no pitch was found (a breathy or noisy sound). */
  pitchHz: Hz | null;
  /** How sure the attribution of `party` is. */
  confidence: Unit;
}

export interface MovementEvent {
  kind: 'movement';
  party: Party;
  startMs: Ms;
  endMs: Ms;
  /** Peak motion energy over the burst, relative to the adaptive threshold (1 = just at threshold). */
  peakEnergy: number;
}

export interface TouchEvent {
  kind: 'touch';
  party: Party;
  startMs: Ms;
  endMs: Ms;
  /** Position on the stage, 0..1 of its width and height. */
  x: Unit;
  y: Unit;
}

export interface ResponseEvent {
  kind: 'response';
  party: 'system';
  startMs: Ms;
  endMs: Ms;
  output: 'sound' | 'visual';
  /** What it answered. */
  cause: Channel;
}

export interface TagEvent {
  kind: 'tag';
  atMs: Ms;
  tag: string;
  note?: string;
}

export type LogEvent = VocalEvent | MovementEvent | TouchEvent | ResponseEvent | TagEvent;

/**
 * The practitioner's manual "learner turn" / "practitioner turn" tags. Turn-taking counts them as a moment of
 * that party's activity (see `manualTurnTagMs` in core/turns/params.ts), for turns the sensors missed.
 */
export const TURN_TAG = { learner: 'turn:learner', practitioner: 'turn:practitioner' } as const;

/** Start of an event on the session clock, whatever its kind. */
export function eventStartMs(e: LogEvent): Ms {
  return e.kind === 'tag' ? e.atMs : e.startMs;
}

/** Brings an event stored under an older schema up to the current one. Version 1 is the first. */
export function migrateEvent(stored: unknown, fromVersion: number): LogEvent {
  if (fromVersion > SCHEMA_VERSION) {
    throw new Error(`This log was written by a newer Attune (schema ${fromVersion}); please update Attune.`);
  }
  return stored as LogEvent;
}
