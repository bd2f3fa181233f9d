import type { Party } from '../events.ts';
import type { Ms, Unit } from '../units.ts';

/**
 * Proposed additions to the log's event union (src/core/events.ts) for what the camera sees beyond movement.
 * Additive: the integrator merges them into `LogEvent` and bumps SCHEMA_VERSION (old logs simply have none).
 * All are spans with `startMs`/`endMs`, so `eventStartMs` needs no new case.
 */

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
  /** Highest smile score during the episode, 0..1 (see smileScore in faceGeometry.ts). */
  peakScore: Unit;
}

/**
 * The two people close together ("sharing personal space"): the gap between their boxes under a threshold, in
 * body sizes (see distanceBetween in personTracker.ts). Concerns both parties, so it has none.
 */
export interface ProximityEvent {
  kind: 'proximity';
  startMs: Ms;
  endMs: Ms;
  /** Smallest box-to-box gap during the episode, body sizes (0 = touching or overlapping in the picture). */
  minGap: number;
}

/**
 * A summary of the distance between learner and practitioner over a window (e.g. every 10 s while both are in
 * view), for the review's "personal space over the session" chart without logging every frame.
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

export type MotionLogEvent = AttentionEvent | SmileEvent | ProximityEvent | DistanceSummaryEvent;
