/**
 * The whose-voice background: a segment as like the learner-like voices in general as it is like the practitioner
 * is not confidently the practitioner's; a voice unlike the practitioner and far more like other adults than like
 * children is a visitor's (unknown), not the learner's; the table is of this feature version (a version raised
 * without making the table again fails here).
 */
import { describe, expect, it } from 'vitest';
import { BACKGROUND_VOICES, type BackgroundVoice } from '../../../../src/core/audio/voiceBackground.ts';
import {
  attributeVoice,
  backgroundLogOdds,
  DEFAULT_WHOSE_VOICE_PARAMS,
  FEATURE_VERSION,
  isVoiceProfile,
  practitionerLogOdds,
  profileFromFeatures,
  profileLogOdds,
  type VoiceProfile,
} from '../../../../src/core/audio/whoseVoice.ts';
import { syntheticFeature } from '../../support/voiceFeature.ts';

const WOMAN_CEP = [3.8, 3.6, -0.3, -0.1, 0.2, 0, 0.1, -0.2, 0, 0.1, 0, 0];
const CHILD_CEP = [2.5, 0.6, -2.8, 2.3, 0.4, 0.2, -0.3, 0.1, 0.2, 0, 0.1, 0];
const practitioner = profileFromFeatures([
  syntheticFeature(205, WOMAN_CEP),
  syntheticFeature(
    210,
    WOMAN_CEP.map((c) => c + 0.2),
  ),
  syntheticFeature(
    200,
    WOMAN_CEP.map((c) => c - 0.2),
  ),
]) as VoiceProfile;
const child: BackgroundVoice = {
  source: 'test child',
  kind: 'child',
  profile: profileFromFeatures([
    syntheticFeature(190, CHILD_CEP),
    syntheticFeature(
      230,
      CHILD_CEP.map((c) => c + 0.5),
    ),
    syntheticFeature(
      170,
      CHILD_CEP.map((c) => c - 0.5),
    ),
  ]) as VoiceProfile,
};
const deepChildless: BackgroundVoice = {
  source: 'test far voice',
  kind: 'child',
  profile: profileFromFeatures([
    syntheticFeature(
      600,
      CHILD_CEP.map((c) => -c),
    ),
  ]) as VoiceProfile,
};

describe('the whose-voice background', () => {
  it('is a table of this feature version, of well-formed profiles, each naming its source', () => {
    expect(BACKGROUND_VOICES.length).toBeGreaterThanOrEqual(10);
    for (const b of BACKGROUND_VOICES) {
      expect(b.profile.v).toBe(FEATURE_VERSION);
      expect(isVoiceProfile(JSON.parse(JSON.stringify(b.profile)))).toBe(true);
      expect(b.source.length).toBeGreaterThan(5);
    }
  });

  it('takes confidence from a segment at the practitioner pitch that sounds like a child', () => {
    // A teenager at a woman's pitch, between the two envelopes.
    const teen = syntheticFeature(
      200,
      WOMAN_CEP.map((c, j) => (c + (CHILD_CEP[j] as number)) / 2),
    );
    const off = { ...DEFAULT_WHOSE_VOICE_PARAMS, backgroundWeight: 0 };
    const without = attributeVoice(teen, { practitioner }, {}, off, [child]);
    const withBg = attributeVoice(teen, { practitioner }, {}, DEFAULT_WHOSE_VOICE_PARAMS, [child]);
    expect(without.party).toBe('practitioner');
    expect(withBg.posterior.practitioner).toBeLessThan(without.posterior.practitioner - 0.08);
    // The practitioner's own voice stays theirs, and more surely than the teenager.
    const own = attributeVoice(syntheticFeature(206, WOMAN_CEP), { practitioner }, {}, undefined, [child]);
    expect(own.party).toBe('practitioner');
    expect(own.posterior.practitioner).toBeGreaterThan(withBg.posterior.practitioner + 0.05);
  });

  it('never makes a segment more the practitioner’s than their profile alone does', () => {
    // Unlike every child (and unlike the practitioner): a plain ratio to the background would raise it.
    const boy = syntheticFeature(
      215,
      CHILD_CEP.map((c) => -c),
    );
    const own = profileLogOdds(boy, practitioner);
    expect(practitionerLogOdds(boy, practitioner, undefined, [child])).toBeLessThanOrEqual(own);
    expect(practitionerLogOdds(boy, practitioner, undefined, [child])).toBeGreaterThan(own - 0.05);
    for (const hz of [150, 200, 250, 300, 400]) {
      for (const f of [syntheticFeature(hz, CHILD_CEP), syntheticFeature(hz, WOMAN_CEP)]) {
        expect(practitionerLogOdds(f, practitioner, undefined, [child])).toBeLessThanOrEqual(
          profileLogOdds(f, practitioner),
        );
      }
    }
  });

  it('leaves a voice unlike the practitioner unknown when it is far more like other adults than like children', () => {
    const man = syntheticFeature(
      110,
      WOMAN_CEP.map((c) => c - 1.5),
    );
    const adult: BackgroundVoice = {
      source: 'test adult',
      kind: 'adult',
      profile: profileFromFeatures([
        syntheticFeature(
          105,
          WOMAN_CEP.map((c) => c - 1.5),
        ),
        syntheticFeature(
          120,
          WOMAN_CEP.map((c) => c - 1.3),
        ),
      ]) as VoiceProfile,
    };
    const childVoice = syntheticFeature(300, CHILD_CEP);
    const off = { ...DEFAULT_WHOSE_VOICE_PARAMS, visitorWeight: 0 };
    // Without the adults' side, what is not the practitioner's is the learner's.
    expect(attributeVoice(man, { practitioner }, {}, off, [child, adult]).party).toBe('learner');
    const visitor = attributeVoice(man, { practitioner }, {}, undefined, [child, adult]);
    expect(visitor.party).toBe('unknown');
    expect(visitor.posterior.other).toBeGreaterThan(0.5);
    // A child stays the learner's, confidently; and with no adult in the background nothing changes.
    const learner = attributeVoice(childVoice, { practitioner }, {}, undefined, [child, adult]);
    expect(learner.party).toBe('learner');
    expect(learner.confidence).toBeGreaterThanOrEqual(0.9);
    expect(attributeVoice(man, { practitioner }, {}, undefined, [child])).toEqual(
      attributeVoice(man, { practitioner }, {}, off, [child]),
    );
  });

  it('is the log of the mean likelihood ratio over its voices, and leaves out a voice of another version', () => {
    const f = syntheticFeature(300, CHILD_CEP);
    const a = profileLogOdds(f, child.profile);
    const b = profileLogOdds(f, deepChildless.profile);
    expect(backgroundLogOdds(f, undefined, [child, deepChildless])).toBeCloseTo(
      Math.log((Math.exp(a) + Math.exp(b)) / 2),
      9,
    );
    const older = {
      source: 'older',
      profile: { ...child.profile, v: FEATURE_VERSION - 1 },
    } as BackgroundVoice;
    expect(backgroundLogOdds(f, undefined, [older, deepChildless])).toBeCloseTo(b, 9);
    expect(backgroundLogOdds(f, undefined, [older])).toBeNull();
    // No usable background: the practitioner's log-odds are their profile's alone.
    expect(practitionerLogOdds(f, practitioner, undefined, [older])).toBe(profileLogOdds(f, practitioner));
  });
});
