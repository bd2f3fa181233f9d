import { describe, expect, it } from 'vitest';
import { answerNote, answerVelocity, DEFAULT_NOTE_PARAMS } from '../../../../src/core/respond/pentatonic.ts';

const semitonesFromRoot = (hz: number) => 12 * Math.log2(hz / DEFAULT_NOTE_PARAMS.rootHz);

describe('the answer note', () => {
  it('is always a note of the C major pentatonic scale', () => {
    for (let hz = 80; hz < 2000; hz *= 1.07) {
      const s = Math.round(semitonesFromRoot(answerNote(hz)));
      expect([0, 2, 4, 7, 9]).toContain(((s % 12) + 12) % 12);
    }
  });

  it('stays in a gentle middle register, even for a squeal or a low hum', () => {
    for (const hz of [60, 110, 900, 1800, 3000]) {
      const note = answerNote(hz);
      expect(note).toBeGreaterThanOrEqual(DEFAULT_NOTE_PARAMS.lowHz * 0.94);
      expect(note).toBeLessThanOrEqual(DEFAULT_NOTE_PARAMS.highHz * 1.06);
    }
  });

  it('rises when the voice rises', () => {
    expect(answerNote(300)).toBeLessThan(answerNote(400));
  });

  it('is the root when no pitch was found', () => {
    expect(answerNote(null)).toBe(DEFAULT_NOTE_PARAMS.rootHz);
  });

  it('is soft for a soft voice and louder, but never full, for a loud one', () => {
    expect(answerVelocity(-55)).toBeLessThan(answerVelocity(-20));
    expect(answerVelocity(0)).toBeLessThanOrEqual(0.8);
  });
});
