import { describe, expect, it } from 'vitest';
import { MouthCueHistory } from '../../../../src/core/motion/mouthCues.ts';

describe('mouth cues for a vocal segment', () => {
  it('says whose mouth moved while the segment sounded, and nothing of a face not seen', () => {
    const h = new MouthCueHistory({ marginMs: 200 });
    // The learner's face is seen throughout, moving from 1.0 to 1.6 s; the practitioner's face only until 0.5 s.
    for (let t = 0; t <= 3000; t += 100) {
      const learner = t >= 1000 && t <= 1600 ? 0.8 : 0.05;
      h.push(t, learner, t <= 500 ? 0.02 : null);
    }
    expect(h.cuesFor(1100, 1500)).toEqual({ mouthMovingLearner: true });
    expect(h.cuesFor(2200, 2800)).toEqual({ mouthMovingLearner: false });
    // The practitioner was seen, still, in this one.
    expect(h.cuesFor(100, 400)).toEqual({ mouthMovingLearner: false, mouthMovingPractitioner: false });
  });

  it('looks a margin either side: the jaw moves just before the voice, and the level lags', () => {
    const h = new MouthCueHistory({ marginMs: 200 });
    for (let t = 0; t <= 2000; t += 100) h.push(t, t === 800 ? 0.5 : 0, 0);
    expect(h.cuesFor(950, 1200).mouthMovingLearner).toBe(true);
    expect(h.cuesFor(1050, 1200).mouthMovingLearner).toBe(false);
  });

  it('keeps only its capacity: older samples are forgotten', () => {
    const h = new MouthCueHistory({ capacity: 10, marginMs: 0 });
    for (let t = 0; t < 100; t++) h.push(t * 100, 1, null);
    expect(h.cuesFor(0, 500)).toEqual({});
    expect(h.cuesFor(9500, 9900)).toEqual({ mouthMovingLearner: true });
  });
});
