import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, WAV_LIMITS, WavError } from '../../../../src/core/audio/wav.ts';
import { prng as rng } from '../../support/timeline.ts';

/** A valid 16-bit WAV whose header then claims another sample rate. */
function claimingRate(rate: number, samples = 2): Uint8Array {
  const wav = encodeWav([new Float32Array(samples)], 16_000);
  new DataView(wav.buffer).setUint32(24, rate, true);
  return wav;
}

/** Decodes, and says how it ended: samples, or a one-line WavError. Anything else fails the test. */
function outcome(bytes: Uint8Array): string {
  try {
    const d = decodeWav(bytes);
    expect(d.samples.length).toBeGreaterThan(0);
    return 'decoded';
  } catch (e) {
    expect(e).toBeInstanceOf(WavError);
    expect((e as Error).message).not.toMatch(/\n/);
    return 'refused';
  }
}

describe('the WAV reader refuses impossible headers before reading any sample', () => {
  it('refuses a header claiming 1,000,000,007 Hz, in words, at once', () => {
    const t0 = performance.now();
    expect(() => decodeWav(claimingRate(1_000_000_007))).toThrow(/sample rate 1000000007 Hz/);
    // A header check, not a decode: far under the second a person would wait.
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('refuses rates, channel counts and lengths beyond what recorders write', () => {
    expect(() => decodeWav(claimingRate(WAV_LIMITS.maxRateHz + 1))).toThrow(WavError);
    expect(() => decodeWav(claimingRate(WAV_LIMITS.minRateHz - 1))).toThrow(WavError);
    const many = encodeWav([new Float32Array(4)], 16_000);
    new DataView(many.buffer).setUint16(22, 64, true);
    expect(() => decodeWav(many)).toThrow(/64 channels/);
    // 8.5 hours of 8-bit mono at 1 kHz, really there (30 MB): read as far as the header, then refused.
    const samples = 8.5 * 3600 * 1000;
    const long = new Uint8Array(44 + samples);
    long.set(encodeWav([new Float32Array(0)], 1000).subarray(0, 44));
    const v = new DataView(long.buffer);
    v.setUint16(32, 1, true);
    v.setUint16(34, 8, true);
    v.setUint32(40, samples, true);
    expect(() => decodeWav(long)).toThrow(/too long \(9 hours; at most 8\)/);
  });

  it('still reads every rate and channel count in range', () => {
    for (const rate of [8000, 16_000, 44_100, 48_000, 96_000, 192_000, 384_000]) {
      const d = decodeWav(encodeWav([new Float32Array(rate / 100), new Float32Array(rate / 100)], rate));
      expect(d.sampleRate).toBe(rate);
      expect(d.channels).toBe(2);
    }
  });
});

describe('fuzzing the WAV reader: random and mutated files never hang or crash', () => {
  it('answers random bytes with a one-line refusal', () => {
    const r = rng(1);
    for (let k = 0; k < 500; k++) {
      const bytes = new Uint8Array(Math.floor(r() * 200));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(r() * 256);
      // Half of them with a real RIFF/WAVE start, so the chunk walk is exercised too.
      if (k % 2 === 0 && bytes.length >= 12) bytes.set([82, 73, 70, 70, 0, 0, 0, 0, 87, 65, 86, 69], 0);
      expect(outcome(bytes)).toMatch(/decoded|refused/);
    }
  });

  it('answers mutated real files by decoding them or refusing them in words', () => {
    const r = rng(2);
    const base = encodeWav([Float32Array.from({ length: 800 }, (_, i) => Math.sin(i / 5))], 16_000);
    const counts = { decoded: 0, refused: 0 };
    for (let k = 0; k < 2000; k++) {
      const bytes = base.slice(0, Math.max(1, Math.floor(base.length * (0.05 + r()))));
      const flips = 1 + Math.floor(r() * 8);
      for (let f = 0; f < flips; f++) {
        // Mostly the header, where a wrong value does harm; sometimes anywhere.
        const at = Math.floor(r() * (r() < 0.8 ? Math.min(44, bytes.length) : bytes.length));
        bytes[at] = Math.floor(r() * 256);
      }
      counts[outcome(bytes) as keyof typeof counts]++;
    }
    // Both answers occur, so the mutations reach past the first check.
    expect(counts.decoded).toBeGreaterThan(100);
    expect(counts.refused).toBeGreaterThan(100);
  });
});
