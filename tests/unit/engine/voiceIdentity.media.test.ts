/**
 * The whose-voice module behind the panel and the correction keys: a staff voice as the practitioner, the learner
 * by elimination, their voice learnt from confident segments and kept per learner, a reset, the corrections'
 * effect on what is learnt, and plain-English refusals.
 */
import { describe, expect, it } from 'vitest';
import { FEATURE_VERSION } from '../../../src/core/audio/whoseVoice.ts';
import {
  BY_ELIMINATION_TEXT,
  NO_PRACTITIONER_TEXT,
  profileFromRecording,
  type StaffVoiceModel,
  VoiceIdentity,
} from '../../../src/engine/voiceIdentity.ts';
import type { LearnerVoiceJson, LearnerVoiceStorage } from '../../../src/store/learnerVoices.ts';
import {
  ENROL_LEARNER,
  ENROL_PRACTITIONER,
  heldOut,
  inRoom,
  LEARNER_SOUNDS,
  PRACTITIONER_PHRASES,
  RATE,
  STRANGER,
  speak,
  WOMAN,
  YOUNG_GIRL,
} from '../support/voices.ts';

/** The log's voices store, in memory (JSON round trip, as IndexedDB's structured clone keeps plain data). */
function memoryStorage(): LearnerVoiceStorage & { saved: Map<string, LearnerVoiceJson>; old: Set<string> } {
  const saved = new Map<string, LearnerVoiceJson>();
  const old = new Set<string>();
  return {
    saved,
    old,
    async learnerVoice(id) {
      const v = saved.get(id);
      return {
        voice: v === undefined ? null : (JSON.parse(JSON.stringify(v)) as LearnerVoiceJson),
        outdated: old.has(id),
      };
    },
    async setLearnerVoice(id, voice) {
      saved.set(id, JSON.parse(JSON.stringify(voice)) as LearnerVoiceJson);
      old.delete(id);
    },
  };
}

function staffVoice(): StaffVoiceModel {
  const { outcome, profile } = profileFromRecording(
    'practitioner',
    inRoom(speak(WOMAN, ENROL_PRACTITIONER, 0), -20, -50, 2),
    RATE,
  );
  if (!outcome.ok || profile === null) throw new Error(outcome.message);
  return { name: 'Ann', profile };
}

describe('voice identity', () => {
  it('says unknown with no confidence while no voice is known, and what to do', async () => {
    const v = await VoiceIdentity.load(memoryStorage(), 'L1');
    const voice = inRoom(speak(YOUNG_GIRL, 'aah', 0), -20, -50, 1);
    expect(v.attribute({ samples: voice, sampleRate: RATE })).toMatchObject({
      party: 'unknown',
      confidence: 0,
    });
    expect(v.status()).toEqual({ learner: BY_ELIMINATION_TEXT, practitioner: NO_PRACTITIONER_TEXT });
    expect(v.isEnrolled('practitioner')).toBe(false);
  });

  it('refuses silence, a too-short recording and no microphone in plain words, and keeps nothing', async () => {
    const storage = memoryStorage();
    const v = await VoiceIdentity.load(storage, 'L1');
    const quiet = inRoom(new Float32Array(RATE * 5), -20, -60, 3);
    const none = await v.enrol('learner', quiet, RATE);
    expect(none.ok).toBe(false);
    expect(none.message).toMatch(/^No voice was heard/);
    const short = await v.enrol('learner', inRoom(speak(YOUNG_GIRL, 'ba', 0), -20, -50, 4), RATE);
    expect(short.message).toMatch(
      /^Too short: only \d\.\d s of voice was heard, and at least 1\.0 s is needed/,
    );
    expect((await v.enrol('learner', null, RATE)).message).toMatch(/^No answer from the microphone/);
    expect(profileFromRecording('practitioner', quiet, RATE).profile).toBeNull();
    expect(storage.saved.size).toBe(0);
  });

  it('with only a staff voice, a child’s sounds are the learner’s and the staff member’s the practitioner’s', async () => {
    const v = await VoiceIdentity.load(memoryStorage(), 'L1', staffVoice());
    expect(v.status().practitioner).toMatch(
      /^Ann’s voice\. Enrolled: \d+\.\d s of voice, median pitch \d+ Hz\.$/,
    );
    const girl = heldOut(YOUNG_GIRL, 'learner', LEARNER_SOUNDS.slice(0, 6), 3);
    const woman = heldOut(WOMAN, 'practitioner', PRACTITIONER_PHRASES.slice(0, 6), 5);
    const labels = [...girl, ...woman].map((item) => ({
      truth: item.truth,
      label: v.attribute({ samples: item.samples, sampleRate: RATE }),
    }));
    const right = labels.filter((l) => l.label.party === l.truth).length;
    expect(right / labels.length).toBeGreaterThanOrEqual(0.8);
    // Every label carries the segment's voice feature, for the log.
    for (const l of labels) expect(l.label.voice?.v).toBe(FEATURE_VERSION);
  });

  it('learns the learner’s voice from confident segments, keeps it per learner, and then keeps a stranger out', async () => {
    const storage = memoryStorage();
    const staff = staffVoice();
    const v = await VoiceIdentity.load(storage, 'L1', staff);
    for (const item of heldOut(YOUNG_GIRL, 'learner', LEARNER_SOUNDS, 11))
      v.attribute({ samples: item.samples, sampleRate: RATE });
    expect(v.isEnrolled('learner')).toBe(true);
    expect(storage.saved.size).toBe(0);
    expect(await v.save()).toBeNull();
    const learnt = storage.saved.get('L1')?.learnt.length ?? 0;
    expect(learnt).toBeGreaterThanOrEqual(5);

    const again = await VoiceIdentity.load(storage, 'L1', staff);
    expect(again.status().learner).toBe(`Learnt from ${learnt} of their vocalisations in sessions.`);
    const strangers = heldOut(STRANGER, 'practitioner', PRACTITIONER_PHRASES, 7);
    const asLearner = strangers.filter(
      (s) => again.attribute({ samples: s.samples, sampleRate: RATE }).party === 'learner',
    );
    expect(asLearner.length).toBeLessThanOrEqual(strangers.length / 10);
    // Another learner has a voice of their own.
    expect((await VoiceIdentity.load(storage, 'L2', staff)).isEnrolled('learner')).toBe(false);

    // Staff reset it: by elimination again, and nothing learnt is kept.
    expect(await again.resetLearner()).toBeNull();
    expect(again.isEnrolled('learner')).toBe(false);
    expect(again.status().learner).toBe(BY_ELIMINATION_TEXT);
    expect(storage.saved.get('L1')?.learnt).toEqual([]);
  });

  it('a V correction teaches the learner’s voice and a W takes a learnt segment back out', async () => {
    const storage = memoryStorage();
    const v = await VoiceIdentity.load(storage, 'L1', staffVoice());
    const [first] = heldOut(YOUNG_GIRL, 'learner', LEARNER_SOUNDS.slice(0, 1), 3);
    if (first === undefined) throw new Error('no sound');
    const label = v.attribute({ samples: first.samples, sampleRate: RATE });
    await v.save();
    const before = storage.saved.get('L1')?.learnt.length ?? 0;
    // Said to be the practitioner's: if it had been learnt, it is no longer.
    v.correct('practitioner');
    await v.save();
    const afterW = storage.saved.get('L1')?.learnt.length ?? 0;
    expect(afterW).toBe(label.party === 'learner' && label.confidence >= 0.9 ? before - 1 : before);
    v.correct('learner');
    await v.save();
    expect(storage.saved.get('L1')?.learnt.length).toBe(afterW + 1);
  });

  it('a recorded learner voice is used as it is, and a voice of an older version asks to be recorded again', async () => {
    const storage = memoryStorage();
    storage.old.add('L1');
    const old = await VoiceIdentity.load(storage, 'L1');
    expect(old.status().learner).toMatch(/record this voice again/);
    const r = await old.enrol('learner', inRoom(speak(YOUNG_GIRL, ENROL_LEARNER, 0), -20, -50, 1), RATE);
    expect(r.ok).toBe(true);
    expect(old.status().learner).toBe(r.message);
    expect(storage.saved.get('L1')?.enrolled?.kind).toBe('attune-voice-profile');
    const refused = await old.enrol('practitioner', null, RATE);
    expect(refused.message).toMatch(/Staff voices/);
  });

  it('a failed save leaves the stored voice as it was, and says so', async () => {
    const storage = memoryStorage();
    storage.setLearnerVoice = async () => {
      throw new Error('disk full');
    };
    const v = await VoiceIdentity.load(storage, 'L1');
    const r = await v.enrol('learner', inRoom(speak(YOUNG_GIRL, ENROL_LEARNER, 0), -20, -50, 1), RATE);
    expect(r).toMatchObject({ ok: false, message: 'The voice could not be saved (disk full).' });
    expect(v.status().learner).toBe(BY_ELIMINATION_TEXT);
  });
});
