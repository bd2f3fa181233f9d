/**
 * Deep voices: a man whose phrases fall to 50-60 Hz at their ends, well over the room, is found whole, not cut
 * where his pitch leaves 75 Hz; and a steady mains hum at 50 Hz is still no voice.
 */
import { describe, expect, it } from 'vitest';
import { analyseSamples } from '../../../../src/core/audio/voiceAnalyser.ts';
import { featureExtractor, featureOfSamples } from '../../../../src/core/audio/whoseVoice.ts';
import { inRoom, RATE, speak } from '../../support/voices.ts';

// The tuned split's deep man (scripts/bench/detectionTuned.ts): a test never reads held-out material.
const DEEP = { name: 'deep man 2', voice: 'en+m4', pitch: 30, speed: 135, shiftCents: -280 };
const LINES = ['there you are, hello', 'one more time now', 'that was a good one', 'gently, gently'];

/** Share of the phrase's audible span (frames within 25 dB of its loudest) that segments cover. */
function coverage(params: Parameters<typeof analyseSamples>[2]): number {
  let covered = 0;
  let total = 0;
  for (const text of LINES) {
    const v = speak(DEEP, text, 0);
    const x = new Float32Array(v.length + 2 * RATE);
    x.set(v, RATE);
    const room = inRoom(x, -12, -50, 7);
    let peak = 0;
    for (const s of v) peak = Math.max(peak, Math.abs(s));
    let first = -1;
    let last = -1;
    for (let i = 0; i + 160 <= v.length; i += 160) {
      let m = 0;
      for (let j = 0; j < 160; j++) m = Math.max(m, Math.abs(v[i + j] ?? 0));
      if (m > peak * 0.056) {
        if (first < 0) first = i;
        last = i + 160;
      }
    }
    const span = [1000 + (first / RATE) * 1000, 1000 + (last / RATE) * 1000] as const;
    total += span[1] - span[0];
    for (const s of analyseSamples(room, RATE, params).segments)
      covered += Math.max(0, Math.min(s.endMs, span[1]) - Math.max(s.startMs, span[0]));
  }
  return covered / total;
}

describe('deep voices', () => {
  it('the test voice really is deep: its phrases reach under 60 Hz', () => {
    const ex = featureExtractor(RATE);
    const lows = LINES.map((t) => featureOfSamples(ex, speak(DEEP, t, 0)).f0?.[0] ?? 99);
    expect(Math.min(...lows.map((l) => 2 ** l))).toBeLessThan(60);
  });

  it('covers most of each phrase, where a 75 Hz floor alone covered a small part', () => {
    const withDeep = coverage({});
    const without = coverage({ deepAboveFloorDb: Number.POSITIVE_INFINITY });
    expect(withDeep).toBeGreaterThanOrEqual(0.7);
    expect(without).toBeLessThan(0.4);
  });

  it('finds no voice in a steady 50 Hz mains hum with its odd harmonics', () => {
    const n = RATE * 10;
    const hum = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const t = i / RATE;
      hum[i] =
        0.05 * Math.sin(2 * Math.PI * 50 * t) +
        0.02 * Math.sin(2 * Math.PI * 150 * t) +
        0.01 * Math.sin(2 * Math.PI * 250 * t);
    }
    expect(analyseSamples(inRoom(hum, -20, -50, 3), RATE).segments).toEqual([]);
  });
});
