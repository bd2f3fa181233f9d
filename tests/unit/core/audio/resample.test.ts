/**
 * The resampler that puts every input at the voiceprint's internal rate: a tone in the pass band comes through
 * at its level and in phase, and content above the new Nyquist frequency does not fold back into the speech band.
 */
import { describe, expect, it } from 'vitest';
import { Resampler } from '../../../../src/core/audio/resample.ts';

function tone(hz: number, rate: number, seconds: number, phase = 0): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = Math.sin((2 * Math.PI * hz * i) / rate + phase);
  return x;
}

/** RMS of the middle half (the ends see the zeros outside the segment). */
function middleRms(x: Float32Array): number {
  let s = 0;
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  for (let i = a; i < b; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s / (b - a));
}

describe('Resampler', () => {
  for (const rate of [48_000, 44_100, 96_000, 22_050, 8_000]) {
    it(`${rate} Hz -> 16 kHz: a 1 kHz tone keeps its level and timing`, () => {
      const r = new Resampler(rate, 16_000);
      const y = r.process(tone(1000, rate, 0.5, 0.3));
      expect(y.length).toBe(Math.floor((0.5 * rate * 16_000) / rate));
      const want = tone(1000, 16_000, 0.5, 0.3);
      let err = 0;
      for (let i = 2000; i < 6000; i++) err = Math.max(err, Math.abs((y[i] as number) - (want[i] as number)));
      expect(err).toBeLessThan(1e-3);
    });
  }

  for (const rate of [48_000, 44_100]) {
    it(`${rate} Hz -> 16 kHz: tones above 8.6 kHz are rejected by >= 75 dB (no aliasing into speech)`, () => {
      const r = new Resampler(rate, 16_000);
      for (const hz of [8700, 10_000, 12_000, 15_000, 20_000]) {
        const db = 20 * Math.log10(middleRms(r.process(tone(hz, rate, 0.25))) / Math.SQRT1_2);
        expect(db, `${hz} Hz`).toBeLessThan(-75);
      }
    });
  }

  it('equal rates pass the samples through unchanged', () => {
    const x = tone(440, 16_000, 0.1);
    const y = new Resampler(16_000, 16_000).process(x);
    for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i] as number, 6);
  });

  it('an odd rate (more phases than tabled) still keeps a tone', () => {
    const rate = 47_999;
    const y = new Resampler(rate, 16_000).process(tone(1000, rate, 0.5));
    expect(middleRms(y)).toBeCloseTo(Math.SQRT1_2, 3);
  });
});
