import type { LearnerProfile } from './profile.ts';
import type { TurnParams } from './turns/params.ts';

/**
 * The shapes the app, the log and review share for a learner and a session. Times here are wall-clock epoch
 * milliseconds (when it happened in the world); times inside a session's events are on the session clock.
 */

/** A learner is known to Attune only by a pseudonym chosen by staff; no real name is stored. */
export interface Learner {
  id: string;
  pseudonym: string;
  /** Epoch ms. */
  createdAt: number;
  /**
   * How the stage and sound are set for them on this computer (read through normaliseProfile); absent until
   * staff change something. Kept on the record so that a backup holds it and erasing the learner removes it;
   * an export of sessions leaves it out (see makeExport).
   */
  profile?: LearnerProfile;
}

/**
 * - live: running now (or the tab is still open);
 * - ended: stopped by the practitioner;
 * - interrupted: found unfinished at the next start (a crash or power cut); its events run up to the last write.
 */
export type SessionStatus = 'live' | 'ended' | 'interrupted';
export const SESSION_STATUSES: readonly SessionStatus[] = ['live', 'ended', 'interrupted'];

export interface SessionMeta {
  id: string;
  learnerId: string;
  /** Epoch ms; session time 0. */
  startedAt: number;
  /** Epoch ms, or null while live and for an interrupted session. */
  endedAt: number | null;
  status: SessionStatus;
  /** `SCHEMA_VERSION` of core/events.ts that the session's events were written under. */
  schemaVersion: number;
  /** The parameters its turn-taking figures were computed with, so they can be recomputed the same way. */
  turnParams: TurnParams;
}
