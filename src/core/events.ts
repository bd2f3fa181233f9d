import type { Dbfs, Hz, Ms, Unit } from './units.ts';

/**
 * The log's event union. Every event is on the session clock (ms since the session started). Bump
 * SCHEMA_VERSION whenever a stored shape changes, and add a migration to `migrateEvent`.
 */
export const SCHEMA_VERSION = 2;

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

/** Face turned toward the screen (or camera) or toward the other person: "attending to a person". */
export interface AttentionEvent {
  kind: 'attention';
  party: Party;
  target: 'screen' | 'person';
  startMs: Ms;
  endMs: Ms;
}

/** A smile from landmark geometry: "enjoying being with another person", "facial expressions". */
export interface SmileEvent {
  kind: 'smile';
  party: Party;
  startMs: Ms;
  endMs: Ms;
  /** Highest smile score during the episode, 0..1 (see smileScore in core/motion/faceGeometry.ts). */
  peakScore: Unit;
}

/**
 * The two people close together ("sharing personal space"): the gap between their boxes under a threshold, in
 * body sizes (see distanceBetween in core/motion/personTracker.ts). Concerns both people, so it has no party.
 */
export interface ProximityEvent {
  kind: 'proximity';
  startMs: Ms;
  endMs: Ms;
  /** Smallest box-to-box gap during the episode, body sizes (0 = touching or overlapping in the picture). */
  minGap: number;
}

/**
 * The distance between the two people over a window while both are in view, for "personal space over the
 * session" without logging every frame.
 */
export interface DistanceSummaryEvent {
  kind: 'distance';
  startMs: Ms;
  endMs: Ms;
  /** Centre-to-centre distance in body sizes: mean and minimum over the window. */
  meanCentres: number;
  minCentres: number;
  /** Fraction of the window both were in view; the figures cover only that part. */
  coverage: Unit;
}

/** What the camera sees beyond movement (schema 2). */
export type SeenEvent = AttentionEvent | SmileEvent | ProximityEvent | DistanceSummaryEvent;

export type LogEvent = VocalEvent | MovementEvent | TouchEvent | ResponseEvent | TagEvent | SeenEvent;

/**
 * The practitioner's manual "learner turn" / "practitioner turn" tags. Turn-taking counts them as a moment of
 * that party's activity (see `manualTurnTagMs` in core/turns/params.ts), for turns the sensors missed.
 */
export const TURN_TAG = { learner: 'turn:learner', practitioner: 'turn:practitioner' } as const;

/** Start of an event on the session clock, whatever its kind. */
export function eventStartMs(e: LogEvent): Ms {
  return e.kind === 'tag' ? e.atMs : e.startMs;
}

/**
 * One step per schema version: MIGRATIONS[n] turns an event of schema n into schema n + 1.
 * 1 -> 2 added the attention, smile, proximity and distance kinds; no existing kind changed, so a version 1
 * event is already a valid version 2 event.
 */
const MIGRATIONS: Readonly<Record<number, (event: unknown) => unknown>> = {
  1: (event) => event,
};

/** Brings an event stored under an older schema up to the current one. Version 1 is the first. */
export function migrateEvent(stored: unknown, fromVersion: number): LogEvent {
  if (fromVersion > SCHEMA_VERSION) {
    throw new Error(`This log was written by a newer Attune (schema ${fromVersion}); please update Attune.`);
  }
  let event = stored;
  for (let v = fromVersion; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`No migration from event schema ${v}.`);
    event = step(event);
  }
  return event as LogEvent;
}
