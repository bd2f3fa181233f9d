/**
 * The whose-voice module behind the panel and the correction keys: enrolment with plain-English results,
 * storage per learner, attribution of live segments, and the keys clear of every other key.
 */
import { describe, expect, it } from 'vitest';
import type { VoiceModelJson } from '../../../src/core/audio/attribution.ts';
import { OUTDATED_TEXT, VoiceIdentity, type VoiceModelStorage } from '../../../src/engine/voiceIdentity.ts';
import {
  ENROL_LEARNER,
  ENROL_PRACTITIONER,
  inRoom,
  RATE,
  speak,
  WOMAN,
  YOUNG_GIRL,
} from '../support/voices.ts';

/** The log's voices store, in memory (JSON round trip, as IndexedDB's structured clone keeps plain data). */
function memoryStorage(): VoiceModelStorage & { saved: Map<string, VoiceModelJson> } {
  const saved = new Map<string, VoiceModelJson>();
  return {
    saved,
    async voiceModel(id) {
      const m = saved.get(id);
      return m === undefined ? null : (JSON.parse(JSON.stringify(m)) as VoiceModelJson);
    },
    async setVoiceModel(id, model) {
      saved.set(id, JSON.parse(JSON.stringify(model)) as VoiceModelJson);
    },
  };
}

describe('voice identity', () => {
  it('says unknown with no confidence while nothing is enrolled', async () => {
    const v = await VoiceIdentity.load(memoryStorage(), 'L1');
    const voice = inRoom(speak(YOUNG_GIRL, 'aah', 0), -20, -50, 1);
    expect(v.attribute({ samples: voice, sampleRate: RATE })).toEqual({ party: 'unknown', confidence: 0 });
    expect(v.status()).toEqual({ learner: 'Not enrolled yet.', practitioner: 'Not enrolled yet.' });
  });

  it('refuses silence and a too-short recording in plain words, and keeps nothing', async () => {
    const storage = memoryStorage();
    const v = await VoiceIdentity.load(storage, 'L1');
    const quiet = inRoom(new Float32Array(RATE * 5), -20, -60, 3);
    const none = await v.enrol('learner', quiet, RATE);
    expect(none.ok).toBe(false);
    expect(none.message).toMatch(/^No voice was heard/);
    const short = await v.enrol('learner', inRoom(speak(YOUNG_GIRL, 'ba', 0), -20, -50, 4), RATE);
    expect(short.ok).toBe(false);
    expect(short.message).toMatch(
      /^Too short: only \d\.\d s of voice was heard, and at least 1\.0 s is needed/,
    );
    const missing = await v.enrol('learner', null, RATE);
    expect(missing.message).toMatch(/^No answer from the microphone/);
    expect(storage.saved.size).toBe(0);
    expect(v.isEnrolled('learner')).toBe(false);
  });

  it('enrols both voices, stores the model per learner, and a reload attributes as before', async () => {
    const storage = memoryStorage();
    const v = await VoiceIdentity.load(storage, 'L1');
    const l = await v.enrol('learner', inRoom(speak(YOUNG_GIRL, ENROL_LEARNER, 0), -20, -50, 1), RATE);
    const p = await v.enrol('practitioner', inRoom(speak(WOMAN, ENROL_PRACTITIONER, 0), -20, -50, 2), RATE);
    expect(l.ok && p.ok).toBe(true);
    expect(l.message).toMatch(/^Enrolled: \d+\.\d s of voice, median pitch \d+ Hz\.$/);
    expect(storage.saved.get('L1')?.parties.learner).toBeDefined();
    expect(storage.saved.get('L1')?.parties.practitioner).toBeDefined();

    const girl = inRoom(speak(YOUNG_GIRL, 'ba ba ba', 0.4), -24, -50, 7);
    const woman = inRoom(speak(WOMAN, 'well done', 0.4), -24, -50, 8);
    const g = v.attribute({ samples: girl, sampleRate: RATE });
    const w = v.attribute({ samples: woman, sampleRate: RATE });
    expect(g.party).toBe('learner');
    expect(w.party).toBe('practitioner');

    const again = await VoiceIdentity.load(storage, 'L1');
    expect(again.status()).toEqual(v.status());
    expect(again.status().learner).toBe(l.message);
    expect(again.attribute({ samples: girl, sampleRate: RATE })).toEqual(g);
    // Another learner has voices of their own.
    expect((await VoiceIdentity.load(storage, 'L2')).isEnrolled('learner')).toBe(false);
    // A segment without audio (an older worklet) is unknown.
    expect(again.attribute({ sampleRate: RATE })).toEqual({ party: 'unknown', confidence: 0 });
    expect(again.correct('practitioner')).toEqual({ party: 'practitioner', confidence: 1 });
  });

  it('a stored model of an earlier version counts as not enrolled and asks for a new recording', async () => {
    const storage = memoryStorage();
    const v = await VoiceIdentity.load(storage, 'L1');
    await v.enrol('learner', inRoom(speak(YOUNG_GIRL, ENROL_LEARNER, 0), -20, -50, 1), RATE);
    const saved = storage.saved.get('L1');
    if (saved === undefined) throw new Error('nothing saved');
    // Version 1: features taken at the device's rate, with no record of which.
    const { analysisRateHz: _dropped, ...features } = saved.features;
    storage.saved.set('L1', { ...saved, version: 1, features } as unknown as VoiceModelJson);
    const old = await VoiceIdentity.load(storage, 'L1');
    expect(old.isEnrolled('learner')).toBe(false);
    expect(old.status()).toEqual({ learner: OUTDATED_TEXT, practitioner: 'Not enrolled yet.' });
    const girl = inRoom(speak(YOUNG_GIRL, 'ba ba ba', 0.4), -24, -50, 7);
    expect(old.attribute({ samples: girl, sampleRate: 48_000 })).toEqual({ party: 'unknown', confidence: 0 });
    const again = await old.enrol('learner', inRoom(speak(YOUNG_GIRL, ENROL_LEARNER, 0), -20, -50, 1), RATE);
    expect(again.ok).toBe(true);
    expect(old.status().learner).toBe(again.message);
  });

  it('a failed save leaves the stored voices as they were', async () => {
    const storage = memoryStorage();
    storage.setVoiceModel = async () => {
      throw new Error('disk full');
    };
    const v = await VoiceIdentity.load(storage, 'L1');
    const r = await v.enrol('learner', inRoom(speak(YOUNG_GIRL, ENROL_LEARNER, 0), -20, -50, 1), RATE);
    expect(r).toMatchObject({ ok: false, message: 'The voice could not be saved (disk full).' });
    expect(v.isEnrolled('learner')).toBe(false);
  });
});
