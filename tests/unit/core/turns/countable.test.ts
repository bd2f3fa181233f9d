import { describe, expect, it } from 'vitest';
import {
  type CountableInput,
  personOnSide,
  sideInPreview,
  turnsProblems,
} from '../../../../src/core/turns/countable.ts';

const ready: CountableInput = {
  practitionerVoice: true,
  staffVoices: 1,
  peopleInView: 2,
  learnerInView: true,
  lastLearnerX: null,
  vocalisations: 0,
  unknownVocalisations: 0,
};

describe('whether turns can be counted', () => {
  it('says nothing when the practitioner’s voice is known and the learner is marked', () => {
    expect(turnsProblems(ready)).toEqual([]);
    expect(turnsProblems({ ...ready, peopleInView: 1, learnerInView: false })).toEqual([]);
    expect(turnsProblems({ ...ready, peopleInView: 0, learnerInView: false })).toEqual([]);
  });

  it('says so with no practitioner voice, telling apart "record one" from "choose who you are"', () => {
    expect(turnsProblems({ ...ready, practitionerVoice: false, staffVoices: 0 })).toEqual([
      { kind: 'no-practitioner-voice', staffVoices: 0 },
    ]);
    expect(turnsProblems({ ...ready, practitionerVoice: false, staffVoices: 2 })).toEqual([
      { kind: 'no-practitioner-voice', staffVoices: 2 },
    ]);
  });

  it('says so with two people in view and neither the learner, proposing last session’s side', () => {
    const unmarked = { ...ready, learnerInView: false };
    expect(turnsProblems(unmarked)).toEqual([{ kind: 'no-learner-in-view', proposedSide: null }]);
    // The preview is a mirror: the right of the camera's own image is the left of the preview.
    expect(turnsProblems({ ...unmarked, lastLearnerX: 0.8 })).toEqual([
      { kind: 'no-learner-in-view', proposedSide: 'left' },
    ]);
    expect(turnsProblems({ ...unmarked, peopleInView: 3, lastLearnerX: 0.2 })).toEqual([
      { kind: 'no-learner-in-view', proposedSide: 'right' },
    ]);
  });

  it('says so when most of a session’s vocalisations are unknown, from the fourth on', () => {
    expect(turnsProblems({ ...ready, vocalisations: 3, unknownVocalisations: 3 })).toEqual([]);
    expect(turnsProblems({ ...ready, vocalisations: 4, unknownVocalisations: 2 })).toEqual([]);
    expect(turnsProblems({ ...ready, vocalisations: 4, unknownVocalisations: 3 })).toEqual([
      { kind: 'most-unknown', unknown: 3, total: 4 },
    ]);
    // Without a practitioner voice every one is unknown: only the cause is named, with its fix.
    expect(
      turnsProblems({ ...ready, practitionerVoice: false, vocalisations: 9, unknownVocalisations: 9 }),
    ).toEqual([{ kind: 'no-practitioner-voice', staffVoices: 1 }]);
  });

  it('lists every problem at once, the most basic first', () => {
    const all = turnsProblems({
      ...ready,
      practitionerVoice: false,
      staffVoices: 0,
      learnerInView: false,
      lastLearnerX: 0.7,
    });
    expect(all.map((p) => p.kind)).toEqual(['no-practitioner-voice', 'no-learner-in-view']);
  });
});

describe('the learner’s side last session', () => {
  it('names sides as the mirrored preview shows them', () => {
    expect(sideInPreview(0.9)).toBe('left');
    expect(sideInPreview(0.1)).toBe('right');
  });

  it('finds the person on that side nearest where the learner was, or nobody', () => {
    expect(personOnSide([0.2, 0.75], 0.8)).toBe(1);
    expect(personOnSide([0.2, 0.75], 0.3)).toBe(0);
    expect(personOnSide([0.6, 0.9, 0.1], 0.85)).toBe(1);
    expect(personOnSide([0.1, 0.3], 0.8)).toBeNull();
    expect(personOnSide([], 0.8)).toBeNull();
  });
});
