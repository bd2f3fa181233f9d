/**
 * The background table in src/core/audio/voiceBackground.ts is what scripts/bench/voiceBackground.ts makes from
 * its sources: the real infants and the synthetic children are made again here and must match exactly (the
 * espeak-ng voices are left out to keep this quick; the same script makes them).
 */
import { describe, expect, it } from 'vitest';
import { makeBackground } from '../../../../scripts/bench/voiceBackground.ts';
import { BACKGROUND_VOICES } from '../../../../src/core/audio/voiceBackground.ts';

describe('the whose-voice background table', () => {
  it('is made by its script from the sources it names', () => {
    const made = makeBackground(false);
    expect(made.length).toBeGreaterThanOrEqual(9);
    for (const m of made) {
      const stored = BACKGROUND_VOICES.find((b) => b.source === m.source);
      expect(stored, m.source).toBeDefined();
      expect(stored?.profile).toEqual(m.profile);
    }
  });
});
