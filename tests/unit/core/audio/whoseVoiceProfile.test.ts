/**
 * A profile's pitch from a short enrolment: the pitch tracker's octave errors in a chunk or two are not the voice's
 * range. Before the trim, a deep man's 1.5 s enrolment read 61 Hz +- 1.7 octaves (two chunks' 90th percentiles at
 * 570 Hz) and a child's 250 Hz sounds fitted it.
 */
import { describe, expect, it } from 'vitest';
import {
  attributeVoice,
  DEFAULT_WHOSE_VOICE_PARAMS,
  PROFILE_PITCH_TRIM_OCTAVES,
  profileFromFeatures,
  type VoiceFeature,
  type VoiceProfile,
} from '../../../../src/core/audio/whoseVoice.ts';
import { syntheticFeature } from '../../support/voiceFeature.ts';

const MAN_CEP = [4.2, 3.1, 0.4, -0.6, 0.2, 0.1, 0, -0.1, 0, 0.1, 0, 0];
const CHILD_CEP = [2.5, 0.6, -2.8, 2.3, 0.4, 0.2, -0.3, 0.1, 0.2, 0, 0.1, 0];

/** A chunk of a deep man's enrolment whose upper quantiles the tracker read at the third harmonic (from `from`). */
function withTwelfthError(f: VoiceFeature, from: 1 | 2): VoiceFeature {
  const f0 = f.f0 as [number, number, number];
  const up = Math.log2(3);
  return { ...f, f0: [f0[0], from === 1 ? f0[1] + up : f0[1], f0[2] + up] };
}

const chunks = [58, 61, 62, 55, 60].map((hz) => syntheticFeature(hz, MAN_CEP));
const enrolment = [
  chunks[0],
  withTwelfthError(chunks[1] as VoiceFeature, 2),
  chunks[2],
  withTwelfthError(chunks[3] as VoiceFeature, 1),
  chunks[4],
] as VoiceFeature[];

describe('a profile from a short enrolment', () => {
  it('keeps the pitch tracker’s octave and twelfth errors out of the voice’s pitch spread', () => {
    const clean = profileFromFeatures(chunks) as VoiceProfile;
    const errs = profileFromFeatures(enrolment) as VoiceProfile;
    expect(errs.f0?.mean).toBeCloseTo(clean.f0?.mean as number, 1);
    // The errors lie log2(3) = 1.58 octaves above their chunk, beyond the trim.
    expect(Math.log2(3)).toBeGreaterThan(PROFILE_PITCH_TRIM_OCTAVES);
    expect(errs.f0?.sd as number).toBeLessThan(0.2);
    expect(errs.f0?.sd as number).toBeCloseTo(clean.f0?.sd as number, 1);
  });

  it('so a child’s voice at four times his pitch is not his', () => {
    const man = profileFromFeatures(enrolment) as VoiceProfile;
    // The child's envelope is like his here, so that pitch alone decides.
    const child = syntheticFeature(250, MAN_CEP);
    const v = attributeVoice(child, { practitioner: man });
    expect(v.party).toBe('learner');
    expect(v.posterior.practitioner).toBeLessThan(0.1);
    // His own voice is still his.
    expect(attributeVoice(syntheticFeature(63, MAN_CEP), { practitioner: man }).party).toBe('practitioner');
  });

  it('keeps a voice’s real spread within an octave of its median', () => {
    const wide = profileFromFeatures(
      [200, 260, 330, 240, 300].map((hz) => syntheticFeature(hz, CHILD_CEP)),
    ) as VoiceProfile;
    expect(wide.f0?.sd as number).toBeGreaterThan(0.2);
  });
});

describe('a segment with few pitched frames', () => {
  const WOMAN_CEP = [3.8, 3.6, -0.3, -0.1, 0.2, 0, 0.1, -0.2, 0, 0.1, 0, 0];
  const woman = profileFromFeatures(
    [205, 210, 200, 215, 195].map((hz) => syntheticFeature(hz, WOMAN_CEP)),
  ) as VoiceProfile;
  // Her envelope, its median pitch half an octave above hers, over 140 frames of which `pitched` had a pitch.
  const segment = (pitched: number): VoiceFeature => ({
    ...syntheticFeature(290, WOMAN_CEP),
    frames: 140,
    pitched,
  });

  it('weighs its pitch by its pitched frames: four frames far from her pitch do not make her the learner', () => {
    const few = attributeVoice(segment(4), { practitioner: woman });
    expect(few.party).toBe('practitioner');
    // Without the weighting the same segment is the learner's.
    const unweighted = attributeVoice(
      segment(4),
      { practitioner: woman },
      {},
      {
        ...DEFAULT_WHOSE_VOICE_PARAMS,
        fullPitchFrames: 1,
        fullPitchShare: 1e-9,
      },
    );
    expect(unweighted.party).toBe('learner');
  });

  it('and by the share of its frames pitched: a long breathy segment, a tenth of it pitched, neither', () => {
    const breathy: VoiceFeature = { ...segment(60), frames: 600 };
    expect(breathy.pitched).toBeGreaterThanOrEqual(DEFAULT_WHOSE_VOICE_PARAMS.fullPitchFrames);
    expect(attributeVoice(breathy, { practitioner: woman }).party).toBe('practitioner');
    const byFramesOnly = attributeVoice(
      breathy,
      { practitioner: woman },
      {},
      {
        ...DEFAULT_WHOSE_VOICE_PARAMS,
        fullPitchShare: 1e-9,
      },
    );
    expect(byFramesOnly.party).toBe('learner');
  });

  it('while a segment pitched throughout at that pitch is not hers', () => {
    const many = attributeVoice(segment(100), { practitioner: woman });
    expect(many.party).toBe('learner');
  });
});
