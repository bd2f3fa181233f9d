import type { StoredVoiceFeature } from './audio/whoseVoice.ts';
import type { SessionMs } from './clock.ts';
import type { Dbfs, Hz, Unit } from './units.ts';

/**
 * The log's event union, one shape from the core that detects an event to the log that keeps it. Each kind takes
 * its clock as a type parameter: sensing and the core analysers that run between sessions stamp events on the
 * performance clock (`LogEvent<PerfMs>`); the engine moves them onto the session clock once (`SessionClock.
 * toSession`), and everything logged, exported and reviewed is `LogEvent<SessionMs>`, the default. Bump
 * SCHEMA_VERSION whenever a stored shape changes, and add a migration to `migrateEvent`.
 */
export const SCHEMA_VERSION = 4;

/** Who did it. `system` is Attune's own response: logged, never counted as either person's turn. */
export type Party = 'learner' | 'practitioner' | 'system' | 'unknown';
export type Channel = 'voice' | 'movement' | 'touch';

export interface VocalEvent<T extends number = SessionMs> {
  kind: 'vocal';
  party: Party;
  startMs: T;
  endMs: T;
  peakDbfs: Dbfs;
  /** Median F0 over the voiced frames, null when no pitch was found (a breathy or noisy sound). */
  pitchHz: Hz | null;
  /** How sure the attribution of `party` is. */
  confidence: Unit;
  /**
   * Schema 3: the segment's compact voice feature (pitch quantiles and mean spectral envelope, a few dozen
   * numbers, never audio; see core/audio/whoseVoice.ts), so that a segment left `unknown` can be attributed again
   * once the voices are known. Absent on older events and on segments that came without audio. It stays on this
   * computer: exports leave it out (the features of many segments together describe a voice). The feature carries
   * its own version (`v`, whoseVoice.ts FEATURE_VERSION): one of an earlier version stays as it was logged and is
   * never compared with today's voices, so its version changing needs no step of this schema.
   */
  voice?: StoredVoiceFeature;
  /**
   * Schema 4: milliseconds of microphone audio that never reached Attune inside the vocalisation or at its edges
   * (the computer too busy to take it in time), so its start and end may be out by up to this much. Absent when
   * none was missing, and on older events.
   */
  missingAudioMs?: number;
}

export interface MovementEvent<T extends number = SessionMs> {
  kind: 'movement';
  party: Party;
  startMs: T;
  endMs: T;
  /** Peak motion energy over the burst, relative to the adaptive threshold (1 = just at threshold). */
  peakEnergy: number;
}

export interface TouchEvent<T extends number = SessionMs> {
  kind: 'touch';
  party: Party;
  startMs: T;
  endMs: T;
  /** Position on the stage, 0..1 of its width and height. */
  x: Unit;
  y: Unit;
}

export interface ResponseEvent<T extends number = SessionMs> {
  kind: 'response';
  party: 'system';
  startMs: T;
  endMs: T;
  output: 'sound';
  /** What it answered. */
  cause: Channel;
}

export interface TagEvent<T extends number = SessionMs> {
  kind: 'tag';
  atMs: T;
  tag: string;
  note?: string;
}

/** Face turned toward the screen (or camera) or toward the other person: "attending to a person". */
export interface AttentionEvent<T extends number = SessionMs> {
  kind: 'attention';
  party: Party;
  target: 'screen' | 'person';
  startMs: T;
  endMs: T;
}

/** A smile from landmark geometry: "enjoying being with another person", "facial expressions". */
export interface SmileEvent<T extends number = SessionMs> {
  kind: 'smile';
  party: Party;
  startMs: T;
  endMs: T;
  /** Highest smile score during the episode, 0..1 (see smileScore in core/motion/faceGeometry.ts). */
  peakScore: Unit;
}

/**
 * The two people close together ("sharing personal space"): the gap between their boxes under a threshold, in
 * body sizes (see distanceBetween in core/motion/personTracker.ts). Concerns both people, so it has no party.
 */
export interface ProximityEvent<T extends number = SessionMs> {
  kind: 'proximity';
  startMs: T;
  endMs: T;
  /** Smallest box-to-box gap during the episode, body sizes (0 = touching or overlapping in the picture). */
  minGap: number;
}

/**
 * The distance between the two people over a window while both are in view, for "personal space over the
 * session" without logging every frame.
 */
export interface DistanceSummaryEvent<T extends number = SessionMs> {
  kind: 'distance';
  startMs: T;
  endMs: T;
  /** Centre-to-centre distance in body sizes: mean and minimum over the window. */
  meanCentres: number;
  minCentres: number;
  /** Fraction of the window both were in view; the figures cover only that part. */
  coverage: Unit;
}

/** What the camera sees beyond movement (schema 2). */
export type SeenEvent<T extends number = SessionMs> =
  | AttentionEvent<T>
  | SmileEvent<T>
  | ProximityEvent<T>
  | DistanceSummaryEvent<T>;

export type LogEvent<T extends number = SessionMs> =
  | VocalEvent<T>
  | MovementEvent<T>
  | TouchEvent<T>
  | ResponseEvent<T>
  | TagEvent<T>
  | SeenEvent<T>;

/**
 * The practitioner's manual "learner turn" / "practitioner turn" tags. Turn-taking counts them as a moment of
 * that party's activity (see `manualTurnTagMs` in core/turns/params.ts), for turns the sensors missed.
 */
export const TURN_TAG = { learner: 'turn:learner', practitioner: 'turn:practitioner' } as const;

/** Start of an event on the session clock, whatever its kind. */
export function eventStartMs<T extends number>(e: LogEvent<T>): T {
  return e.kind === 'tag' ? e.atMs : e.startMs;
}

/**
 * One step per schema version: MIGRATIONS[n] turns an event of schema n into schema n + 1.
 * 1 -> 2 added the attention, smile, proximity and distance kinds; no existing kind changed, so a version 1
 * event is already a valid version 2 event.
 * 2 -> 3 gave vocal events an optional `voice` feature; a version 2 vocal event has none (it cannot be attributed
 * again), and is otherwise a valid version 3 event.
 * 3 -> 4 gave vocal events an optional `missingAudioMs`; a version 3 event has none (nothing was known missing).
 */
const MIGRATIONS: Readonly<Record<number, (event: unknown) => unknown>> = {
  1: (event) => event,
  2: (event) => event,
  3: (event) => event,
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
