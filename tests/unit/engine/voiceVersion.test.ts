/**
 * Voices of an earlier feature version (whoseVoice.ts FEATURE_VERSION): a learner's recorded or learnt voice and a
 * member of staff's voice made before the pitch's octave check are never compared with today's features; the
 * panel's status says so in plain words and asks for a new recording. Profiles and features built by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  FEATURE_VERSION,
  profileFromFeatures,
  type VoiceFeature,
  type VoiceProfile,
} from '../../../src/core/audio/whoseVoice.ts';
import { VoiceDesk } from '../../../src/engine/voiceDesk.ts';
import {
  BY_ELIMINATION_TEXT,
  OLDER_LEARNT_TEXT,
  OUTDATED_TEXT,
  olderStaffText,
  VoiceIdentity,
} from '../../../src/engine/voiceIdentity.ts';
import type { SessionState } from '../../../src/state/stores.ts';
import {
  type LearnerVoiceJson,
  type LearnerVoiceStorage,
  readLearnerVoiceJson,
} from '../../../src/store/learnerVoices.ts';
import type { StaffVoice, StaffVoiceStore } from '../../../src/store/staffVoices.ts';
import { syntheticFeature } from '../support/voiceFeature.ts';

const feature = (hz: number): VoiceFeature =>
  syntheticFeature(
    hz,
    Array.from({ length: 12 }, (_, j) => 10 - j),
  );

const v1 = <T extends object>(x: T): T => JSON.parse(JSON.stringify({ ...x, v: 1 })) as T;
const profile = (hz: number): VoiceProfile =>
  profileFromFeatures([feature(hz), feature(hz * 1.05)]) as VoiceProfile;

/** The log's voices store in memory: what is written is read back as stored (JSON), with no version sorting. */
function memoryLearners(
  initial: Record<string, unknown> = {},
): LearnerVoiceStorage & { saved: Map<string, unknown> } {
  const saved = new Map<string, unknown>(Object.entries(initial));
  return {
    saved,
    async learnerVoice(id) {
      const v = saved.get(id);
      return {
        voice: v === undefined ? null : (JSON.parse(JSON.stringify(v)) as LearnerVoiceJson),
        outdated: false,
      };
    },
    async setLearnerVoice(id, v) {
      saved.set(id, JSON.parse(JSON.stringify(v)));
    },
  };
}

const stored = (over: Partial<LearnerVoiceJson>): LearnerVoiceJson => ({
  kind: 'attune-learner-voice',
  v: 1,
  enrolled: null,
  learnt: [],
  ...over,
});

describe('a learner voice of an earlier version', () => {
  it('recorded: set aside, never used, and staff are asked to record it again', async () => {
    const storage = memoryLearners({ L1: stored({ enrolled: v1(profile(450)) }) });
    const v = await VoiceIdentity.load(storage, 'L1');
    expect(v.known().learner).toBeNull();
    expect(v.isEnrolled('learner')).toBe(false);
    expect(v.status().learner).toBe(
      `${OUTDATED_TEXT} Meanwhile Attune knows the learner as the voice that is not the practitioner’s.`,
    );
    // Still said after the record is next written (as read, with what a session learnt), until staff record
    // or forget the voice.
    const read = readLearnerVoiceJson(storage.saved.get('L1'));
    const written: unknown = JSON.parse(JSON.stringify({ ...read, learnt: [feature(455)] }));
    expect(readLearnerVoiceJson(written)).toMatchObject({
      enrolled: null,
      older: { recorded: true, learnt: 0 },
    });
    expect(await v.resetLearner()).toBeNull();
    expect(v.status().learner).toBe(BY_ELIMINATION_TEXT);
    expect((await VoiceIdentity.load(storage, 'L1')).status().learner).toBe(BY_ELIMINATION_TEXT);
  });

  it('learnt: older segments left out of the learnt voice, and the status says it is learnt again', async () => {
    const old = [450, 460, 470, 480].map((hz) => v1(feature(hz)));
    const v = await VoiceIdentity.load(memoryLearners({ L1: stored({ learnt: old }) }), 'L1');
    expect(v.known().learner).toBeNull();
    expect(v.status().learner).toBe(OLDER_LEARNT_TEXT);
    const written: unknown = JSON.parse(JSON.stringify(readLearnerVoiceJson(stored({ learnt: old }))));
    expect(readLearnerVoiceJson(written)).toMatchObject({
      learnt: [],
      older: { recorded: false, learnt: 4 },
    });
    // Mixed: only today's segments make the voice.
    const now = [500, 510, 520].map(feature);
    const mixed = await VoiceIdentity.load(
      memoryLearners({ L1: stored({ learnt: [...old, ...now] }) }),
      'L1',
    );
    expect(mixed.known().learner).toEqual(profileFromFeatures(now));
    expect(mixed.status().learner).toBe('Learnt from 3 of their vocalisations in sessions.');
  });
});

function staffStore(voices: StaffVoice[]): StaffVoiceStore {
  const current = voices.filter((s) => s.profile.v === FEATURE_VERSION);
  return {
    list: async () => current,
    older: async () =>
      voices.filter((s) => s.profile.v !== FEATURE_VERSION).map(({ id, name }) => ({ id, name })),
    save: async () => {
      throw new Error('not in this test');
    },
    erase: async () => undefined,
    ranSession: async () => undefined,
    whoRan: async () => null,
    forgetSessionsExcept: async () => undefined,
  };
}

describe('a staff voice of an earlier version', () => {
  it('is listed to be recorded again, and when chosen no practitioner voice is compared', async () => {
    const staff = staffStore([
      { id: 's1', name: 'Ann', profile: v1(profile(200)), createdAt: 0, updatedAt: 0 },
      { id: 's2', name: 'Bob', profile: profile(110), createdAt: 0, updatedAt: 0 },
    ]);
    let state: Partial<SessionState> = {};
    let learnerId: string | null = null;
    const desk = await VoiceDesk.open(
      memoryLearners(),
      (patch) => {
        state = { ...state, ...patch };
      },
      () => learnerId,
      staff,
    );
    expect(state.staff).toEqual([
      { id: 's1', name: 'Ann', older: true },
      { id: 's2', name: 'Bob' },
    ]);
    await desk.chooseStaff('s1');
    expect(state.staffId).toBe('s1');
    learnerId = 'L1';
    await desk.loadLearner('L1');
    expect(desk.voices?.known().practitioner).toBeNull();
    expect(desk.voices?.isEnrolled('practitioner')).toBe(false);
    expect(state.voices?.practitioner).toBe(olderStaffText('Ann'));
    expect(state.turnsProblems?.map((p) => p.kind)).toContain('no-practitioner-voice');
    await desk.chooseStaff('s2');
    expect(desk.voices?.known().practitioner).toEqual(profile(110));
    expect(state.voices?.practitioner).toMatch(/^Bob’s voice\. Enrolled/);
  });
});
