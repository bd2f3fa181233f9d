import {
  isVoiceFeature,
  isVoiceProfile,
  type VoiceFeature,
  type VoiceProfile,
} from '../core/audio/whoseVoice.ts';
import type { LogStore } from './logStore.ts';

/**
 * A learner's own voice, in the log's `voices` store (keyed by learner, erased with them, never in an export): the
 * profile from a recording, if staff made one, and the features of the learner's confident vocalisations across
 * sessions, from which their voice is learnt (core/audio/whoseVoice.ts learnLearnerVoice). Features only, never
 * audio. An older Attune kept a frame-level model there (`model`); it cannot be used now, and is reported as
 * "record again" until a new voice replaces the record.
 */
export interface LearnerVoiceJson {
  kind: 'attune-learner-voice';
  v: 1;
  /** From "Record learner's voice"; null when none was recorded. */
  enrolled: VoiceProfile | null;
  /** The learner's confident segments, newest last (capped: see LEARNT_CAP). */
  learnt: VoiceFeature[];
}

/** How many segments a learnt voice keeps: the newest, so that a voice that changes over the years follows. */
export const LEARNT_CAP = 200;

export function emptyLearnerVoice(): LearnerVoiceJson {
  return { kind: 'attune-learner-voice', v: 1, enrolled: null, learnt: [] };
}

/** Reads a stored learner voice, keeping only what this version can use. */
export function readLearnerVoiceJson(x: unknown): LearnerVoiceJson | null {
  if (typeof x !== 'object' || x === null) return null;
  const j = x as Partial<LearnerVoiceJson>;
  if (j.kind !== 'attune-learner-voice' || j.v !== 1) return null;
  return {
    kind: 'attune-learner-voice',
    v: 1,
    enrolled: isVoiceProfile(j.enrolled) ? j.enrolled : null,
    learnt: Array.isArray(j.learnt) ? j.learnt.filter(isVoiceFeature).slice(-LEARNT_CAP) : [],
  };
}

export interface StoredLearnerVoice {
  voice: LearnerVoiceJson | null;
  /** The record holds a voice an older version made, which this one cannot use. */
  outdated: boolean;
}

/** Where learner voices are kept: the log (LogStore), or memory in the unit tests. */
export interface LearnerVoiceStorage {
  learnerVoice(learnerId: string): Promise<StoredLearnerVoice>;
  setLearnerVoice(learnerId: string, voice: LearnerVoiceJson): Promise<void>;
}

/** The log's `voices` store as learner voice storage. */
export function learnerVoicesIn(store: LogStore): LearnerVoiceStorage {
  return {
    async learnerVoice(learnerId) {
      const record = await store.db.get('voices', learnerId);
      if (record === undefined) return { voice: null, outdated: false };
      const voice = readLearnerVoiceJson(record.learner);
      return { voice, outdated: voice === null && record.model !== undefined };
    },
    async setLearnerVoice(learnerId, voice) {
      await store.db.put('voices', { learnerId, learner: voice, updatedAt: Date.now() });
    },
  };
}
