import {
  isVoiceFeature,
  isVoiceProfile,
  storedFeatureVersion,
  storedProfileVersion,
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
  /**
   * What an earlier version of the voice feature made (whoseVoice.ts FEATURE_VERSION) and this one set aside
   * unused: a recorded voice (staff are asked to record it again) and how many learnt segments. Kept until staff
   * record or forget the voice, so that the panel goes on saying so after the record is next written.
   */
  older?: { recorded: boolean; learnt: number };
}

/** How many segments a learnt voice keeps: the newest, so that a voice that changes over the years follows. */
export const LEARNT_CAP = 200;

export function emptyLearnerVoice(): LearnerVoiceJson {
  return { kind: 'attune-learner-voice', v: 1, enrolled: null, learnt: [] };
}

/**
 * Reads a stored learner voice, keeping only what this version can use: a recorded voice or learnt segments of
 * an earlier feature version are set aside (never compared with today's features) and noted in `older`.
 */
export function readLearnerVoiceJson(x: unknown): LearnerVoiceJson | null {
  if (typeof x !== 'object' || x === null) return null;
  const j = x as Partial<LearnerVoiceJson>;
  if (j.kind !== 'attune-learner-voice' || j.v !== 1) return null;
  const learnt: unknown[] = Array.isArray(j.learnt) ? j.learnt : [];
  const olderRecorded = storedProfileVersion(j.enrolled) === 'older' || j.older?.recorded === true;
  const olderLearnt =
    learnt.filter((f) => storedFeatureVersion(f) === 'older').length + (j.older?.learnt ?? 0);
  return {
    kind: 'attune-learner-voice',
    v: 1,
    enrolled: isVoiceProfile(j.enrolled) ? j.enrolled : null,
    learnt: learnt.filter(isVoiceFeature).slice(-LEARNT_CAP),
    ...(olderRecorded || olderLearnt > 0 ? { older: { recorded: olderRecorded, learnt: olderLearnt } } : {}),
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
