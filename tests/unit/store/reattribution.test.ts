/**
 * Relabelling past vocalisations across feature versions: a feature an earlier version recorded (its pitch read
 * without the octave check) is never compared with today's voices; the event stays unknown and the message says
 * why. Features here are built by hand (no audio), on either side of a practitioner's voice.
 */
import { describe, expect, it } from 'vitest';
import {
  attributeVoice,
  FEATURE_VERSION,
  isVoiceFeature,
  isVoiceProfile,
  profileFromFeatures,
  storedFeatureVersion,
  storedProfileVersion,
  type VoiceFeature,
  type VoiceProfile,
} from '../../../src/core/audio/whoseVoice.ts';
import type { VocalEvent } from '../../../src/core/events.ts';
import { reattributionText, relabelEvent } from '../../../src/store/reattribution.ts';
import { syntheticFeature } from '../support/voiceFeature.ts';

const cep = (shift: number): number[] =>
  Array.from({ length: 12 }, (_, j) => (j === 0 ? 10 + shift : 1 - j / 12));

const feature = (hz: number, shift = 0): VoiceFeature => syntheticFeature(hz, cep(shift));

/** The same numbers as an earlier version kept them (stored JSON, read back). */
const asVersion1 = <T extends object>(x: T): unknown => JSON.parse(JSON.stringify({ ...x, v: 1 }));

const practitioner = profileFromFeatures([
  feature(190),
  feature(200),
  feature(210),
  feature(205),
]) as VoiceProfile;
const learnerSound = feature(520, 6);

const vocal = (voice: unknown, party: VocalEvent['party'] = 'unknown'): VocalEvent =>
  ({
    kind: 'vocal',
    party,
    startMs: 1000,
    endMs: 1600,
    peakDbfs: -25,
    pitchHz: 520,
    confidence: 0.3,
    voice,
  }) as VocalEvent;

describe('a stored feature of an earlier version', () => {
  it('is told from a current one and from none', () => {
    expect(storedFeatureVersion(learnerSound)).toBe('current');
    expect(storedFeatureVersion(asVersion1(learnerSound))).toBe('older');
    expect(storedFeatureVersion(undefined)).toBe('none');
    expect(storedFeatureVersion({ v: 1, frames: 3 })).toBe('none');
    expect(storedFeatureVersion({ ...learnerSound, v: FEATURE_VERSION + 1 })).toBe('none');
    expect(isVoiceFeature(asVersion1(learnerSound))).toBe(false);
    expect(storedProfileVersion(practitioner)).toBe('current');
    expect(storedProfileVersion(asVersion1(practitioner))).toBe('older');
    expect(isVoiceProfile(asVersion1(practitioner))).toBe(false);
  });

  it('is never compared: attribution answers unknown for an older feature or an older profile', () => {
    // Today's feature with today's voice: decided (the sound is far from the practitioner's).
    expect(attributeVoice(learnerSound, { practitioner }).party).toBe('learner');
    const oldFeature = asVersion1(learnerSound) as VoiceFeature;
    const oldProfile = asVersion1(practitioner) as VoiceProfile;
    for (const v of [
      attributeVoice(oldFeature, { practitioner }),
      attributeVoice(learnerSound, { practitioner: oldProfile }),
    ]) {
      expect(v.party).toBe('unknown');
      expect(v.reason).toBe('older version');
      expect(v.confidence).toBe(0);
    }
  });

  it('is left out of a profile learnt from features', () => {
    const mixed = [feature(200), feature(210), asVersion1(feature(600)) as VoiceFeature];
    expect(profileFromFeatures(mixed)).toEqual(profileFromFeatures([feature(200), feature(210)]));
    expect(profileFromFeatures([asVersion1(feature(600)) as VoiceFeature])).toBeNull();
  });
});

describe('relabelling past vocalisations', () => {
  it('labels a current feature, leaves an older one unknown, and leaves labelled events alone', () => {
    const now = relabelEvent(vocal(learnerSound), { practitioner });
    expect(now.kind).toBe('attributed');
    expect(now).toMatchObject({ event: { kind: 'vocal', party: 'learner' } });
    expect(relabelEvent(vocal(asVersion1(learnerSound)), { practitioner })).toEqual({
      kind: 'older feature',
    });
    expect(relabelEvent(vocal(undefined), { practitioner })).toEqual({ kind: 'without feature' });
    expect(relabelEvent(vocal(learnerSound, 'practitioner'), { practitioner })).toEqual({
      kind: 'not unknown',
    });
    // No voices known for the session: counted, still unknown.
    expect(relabelEvent(vocal(learnerSound), null)).toEqual({ kind: 'attributed', event: null });
  });

  it('says in plain words how many were recorded by an older version', () => {
    const text = reattributionText({
      sessions: 3,
      unknown: 4,
      labelled: 3,
      withoutFeature: 0,
      olderFeature: 7,
    });
    expect(text).toBe(
      '3 of 4 vocalisations left unknown in 3 sessions are now labelled the learner’s or the practitioner’s. 7 unknown recorded by an older version of Attune, which measured voices differently, are left unknown.',
    );
    expect(
      reattributionText({ sessions: 1, unknown: 0, labelled: 0, withoutFeature: 2, olderFeature: 5 }),
    ).toBe(
      'No vocalisation left unknown to label again in 1 session. 2 unknown from before Attune kept voice features cannot be labelled again. 5 unknown recorded by an older version of Attune, which measured voices differently, are left unknown.',
    );
    expect(
      reattributionText({ sessions: 2, unknown: 1, labelled: 1, withoutFeature: 0, olderFeature: 0 }),
    ).not.toMatch(/older version/);
  });
});
