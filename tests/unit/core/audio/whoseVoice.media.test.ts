/**
 * Whose voice from compact features: the practitioner's enrolment alone labels a child's sounds `learner`; a
 * learner profile learnt from confident segments separates a stranger; stored features (through JSON) give the
 * same answers again. Voices as in attribution.media.test.ts (espeak-ng and sox, tests/unit/support/voices.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  attributeVoice,
  featureExtractor,
  featureOfSamples,
  isVoiceFeature,
  isVoiceProfile,
  learnLearnerVoice,
  profileFromSamples,
  type VoiceFeature,
} from '../../../../src/core/audio/whoseVoice.ts';
import {
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
} from '../../support/voices.ts';

const extractor = featureExtractor(RATE);
const enrolPractitioner = () =>
  profileFromSamples(extractor, inRoom(speak(WOMAN, ENROL_PRACTITIONER, 0), -20, -50, 2).slice(0, RATE * 3));

describe('whose voice from the practitioner alone', () => {
  it('labels a child learner and the practitioner, most of them confidently, and is right when confident', () => {
    const practitioner = enrolPractitioner();
    expect(practitioner).not.toBeNull();
    const items = [
      ...heldOut(YOUNG_GIRL, 'learner', LEARNER_SOUNDS, 3),
      ...heldOut(WOMAN, 'practitioner', PRACTITIONER_PHRASES, 5),
    ];
    let right = 0;
    let confident = 0;
    let confidentRight = 0;
    for (const item of items) {
      const v = attributeVoice(featureOfSamples(extractor, item.samples), { practitioner });
      if (v.party === item.truth) right++;
      if (v.confidence >= 0.9 && v.party !== 'unknown') {
        confident++;
        if (v.party === item.truth) confidentRight++;
      }
    }
    expect(right / items.length).toBeGreaterThanOrEqual(0.9);
    expect(confident).toBeGreaterThan(items.length / 2);
    expect(confidentRight / confident).toBeGreaterThanOrEqual(0.9);
  });

  it('attributes a stored feature (through JSON) exactly as the live one', () => {
    const practitioner = enrolPractitioner();
    for (const item of heldOut(YOUNG_GIRL, 'learner', LEARNER_SOUNDS.slice(0, 4), 3)) {
      const live = featureOfSamples(extractor, item.samples);
      const stored: unknown = JSON.parse(JSON.stringify(live));
      expect(isVoiceFeature(stored)).toBe(true);
      expect(attributeVoice(stored as VoiceFeature, { practitioner })).toEqual(
        attributeVoice(live, { practitioner }),
      );
      // Compact: a few hundred bytes per segment.
      expect(JSON.stringify(live).length).toBeLessThan(400);
    }
    expect(isVoiceProfile(JSON.parse(JSON.stringify(practitioner)))).toBe(true);
  });
});

describe('a learner voice learnt from confident segments', () => {
  it('then keeps a visiting man out of the learner', () => {
    const practitioner = enrolPractitioner();
    let learnt: VoiceFeature[] = [];
    let learner = null;
    for (const item of heldOut(YOUNG_GIRL, 'learner', LEARNER_SOUNDS, 11)) {
      const f = featureOfSamples(extractor, item.samples);
      const v = attributeVoice(f, { practitioner, learner });
      ({ learnt, profile: learner } = learnLearnerVoice(learnt, f, v));
    }
    expect(learner?.segments ?? 0).toBeGreaterThanOrEqual(5);
    const strangers = heldOut(STRANGER, 'practitioner', PRACTITIONER_PHRASES, 7);
    const asLearner = strangers.filter(
      (s) =>
        attributeVoice(featureOfSamples(extractor, s.samples), { practitioner, learner }).party === 'learner',
    );
    expect(asLearner.length).toBeLessThanOrEqual(strangers.length / 10);
    // And the learner's own new sounds still are the learner's.
    const own = heldOut(YOUNG_GIRL, 'learner', LEARNER_SOUNDS, 17);
    const ownRight = own.filter(
      (s) =>
        attributeVoice(featureOfSamples(extractor, s.samples), { practitioner, learner }).party === 'learner',
    );
    expect(ownRight.length / own.length).toBeGreaterThanOrEqual(0.9);
  });
});
