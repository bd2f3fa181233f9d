import { describe, expect, it } from 'vitest';
import {
  analyseSamples,
  DEFAULT_VOICE_PARAMS,
  VoiceAnalyser,
} from '../../../../src/core/audio/voiceAnalyser.ts';

const SR = 16000;

function noise(seconds: number, amp: number, seed = 1): Float32Array {
  const x = new Float32Array(Math.round(SR * seconds));
  let s = seed;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    x[i] = (s / 0x7fffffff - 0.5) * amp;
  }
  return x;
}

function addTone(x: Float32Array, fromMs: number, toMs: number, hz: number, amp: number): void {
  const a = Math.round((fromMs / 1000) * SR);
  const b = Math.round((toMs / 1000) * SR);
  for (let i = a; i < b && i < x.length; i++) {
    // A few harmonics, as a voice has; a pure sine would be too easy for the pitch tracker.
    const t = (i - a) / SR;
    x[i] =
      (x[i] ?? 0) +
      amp *
        (Math.sin(2 * Math.PI * hz * t) +
          0.5 * Math.sin(4 * Math.PI * hz * t) +
          0.25 * Math.sin(6 * Math.PI * hz * t));
  }
}

describe('VoiceAnalyser', () => {
  it('defaults to 10 ms frames, segments of at least 100 ms, and gaps under 300 ms merged', () => {
    expect(DEFAULT_VOICE_PARAMS.frameMs).toBe(10);
    expect(DEFAULT_VOICE_PARAMS.minSegmentMs).toBe(100);
    expect(DEFAULT_VOICE_PARAMS.mergeGapMs).toBe(300);
  });

  it('an external gate: explained frames never start or extend a segment, and the known share is taken off', () => {
    const x = noise(4, 0.01);
    addTone(x, 1000, 1600, 320, 0.05);
    addTone(x, 2500, 3000, 320, 0.05);
    const run = (gate: VoiceAnalyser['gate']) => {
      const a = new VoiceAnalyser(SR);
      a.gate = gate;
      const segments: { startMs: number; endMs: number }[] = [];
      for (let i = 0; i < x.length; i += 128)
        a.push(x.subarray(i, i + 128), undefined, (s) => segments.push(s));
      a.flush((s) => segments.push(s));
      return segments;
    };
    expect(run(undefined)).toHaveLength(2);
    // The first sound is "Attune's own output" from 1300 ms on: the segment ends there and is not extended.
    const cut = run((_k, tMs) =>
      tMs >= 1300 && tMs < 1700 ? { explained: true, knownShareDb: 0 } : undefined,
    );
    expect(cut).toHaveLength(2);
    expect(cut[0]?.endMs).toBeLessThanOrEqual(1300);
    // The second sound wholly explained: no segment at all.
    const none = run((_k, tMs) =>
      tMs >= 2400 && tMs < 3100 ? { explained: true, knownShareDb: 0 } : undefined,
    );
    expect(none).toHaveLength(1);
    // Not flagged, but the gate says 30 dB of the energy is known: the sound no longer crosses the threshold.
    const quiet = run((_k, tMs) =>
      tMs >= 2400 && tMs < 3100 ? { explained: false, knownShareDb: 30 } : undefined,
    );
    expect(quiet).toHaveLength(1);
  });

  it('finds a voiced sound in room noise with its onset, offset, peak and pitch', () => {
    const x = noise(3, 0.01);
    addTone(x, 1000, 1600, 320, 0.05);
    const { segments } = analyseSamples(x, SR);
    expect(segments).toHaveLength(1);
    const s = segments[0];
    expect(s?.startMs).toBeGreaterThanOrEqual(960);
    expect(s?.startMs).toBeLessThanOrEqual(1040);
    expect(s?.endMs).toBeGreaterThanOrEqual(1560);
    expect(s?.endMs).toBeLessThanOrEqual(1640);
    expect(s?.pitchHz).toBeGreaterThan(310);
    expect(s?.pitchHz).toBeLessThan(330);
    expect(s?.peakDbfs).toBeGreaterThan(-30);
  });

  it('does not take loud aperiodic noise for a voice', () => {
    const x = noise(3, 0.01);
    const burst = noise(0.5, 0.3, 7);
    x.set(burst, SR);
    expect(analyseSamples(x, SR).segments).toHaveLength(0);
  });

  it('merges vocal segments closer than 300 ms', () => {
    const x = noise(3, 0.005);
    addTone(x, 1000, 1300, 300, 0.05);
    addTone(x, 1500, 1800, 300, 0.05);
    const { segments } = analyseSamples(x, SR);
    expect(segments).toHaveLength(1);
  });

  it('a soft voiced run in the pause continues the segment, a lone soft frame of noise does not stretch it', () => {
    // Both sounds after the segment are "weak": 2.5-3.5 dB under the threshold, periodic (see the hysteresis).
    const withSoft = (ms: number) => {
      const x = noise(4, 0.01);
      addTone(x, 1000, 1500, 320, 0.05);
      addTone(x, 1700, 1700 + ms, 320, 0.006);
      return x;
    };
    // 60 ms of soft voice 200 ms after the end: one vocalisation, to the end of the soft part.
    expect(analyseSamples(withSoft(60), SR).segments.map((s) => [s.startMs, s.endMs])).toEqual([
      [1000, 1760],
    ]);
    // 20 ms (two weak frames): the segment ends where the voice did ...
    expect(analyseSamples(withSoft(20), SR).segments.map((s) => [s.startMs, s.endMs])).toEqual([
      [1000, 1510],
    ]);
    // ... where a bridge of one weak frame would have stretched it by 210 ms.
    expect(
      analyseSamples(withSoft(20), SR, { weakBridgeFrames: 1 }).segments.map((s) => [s.startMs, s.endMs]),
    ).toEqual([[1000, 1720]]);
  });

  it('a much louder voice starting inside a segment gets its own, from where it starts', () => {
    // Someone across the room (quiet, 220 Hz) and, 100 ms after they stop, the learner close by (18 dB louder).
    const x = noise(4, 0.01);
    addTone(x, 1000, 1600, 220, 0.012);
    addTone(x, 1700, 2400, 330, 0.1);
    const spans = (params = {}) =>
      analyseSamples(x, SR, params).segments.map((s) => [Math.round(s.startMs), Math.round(s.endMs)]);
    const split = spans();
    expect(split).toHaveLength(2);
    expect(Math.abs((split[1]?.[0] ?? 0) - 1700)).toBeLessThanOrEqual(20);
    expect(Math.abs((split[0]?.[1] ?? 0) - 1600)).toBeLessThanOrEqual(30);
    // Without the rule the two are one vocalisation with the quiet voice's onset, 700 ms early.
    expect(spans({ splitJumpDb: 999 })).toEqual([[split[0]?.[0], split[1]?.[1]]]);
    // A voice that only gets somewhat louder (6 dB) stays one vocalisation.
    const y = noise(4, 0.01);
    addTone(y, 1000, 1600, 220, 0.025);
    addTone(y, 1600, 2400, 220, 0.05);
    expect(analyseSamples(y, SR).segments).toHaveLength(1);
  });

  it('keeps vocal segments 300 ms or more apart separate', () => {
    const x = noise(3, 0.005);
    addTone(x, 1000, 1300, 300, 0.05);
    addTone(x, 1700, 2000, 300, 0.05);
    expect(analyseSamples(x, SR).segments).toHaveLength(2);
  });

  it('drops voice activity shorter than 100 ms', () => {
    const x = noise(3, 0.005);
    addTone(x, 1000, 1060, 300, 0.05);
    expect(analyseSamples(x, SR).segments).toHaveLength(0);
  });

  it('announces the onset before the segment is final', () => {
    const x = noise(3, 0.005);
    addTone(x, 1000, 2000, 300, 0.05);
    const a = new VoiceAnalyser(SR);
    const events: string[] = [];
    let lastFrame = 0;
    a.onSegmentStart = (t) => events.push(`start ${t} at ${lastFrame}`);
    a.push(
      x,
      (f) => {
        lastFrame = f.tMs;
      },
      (s) => events.push(`segment ${s.startMs}`),
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/^start/);
    const announcedAt = Number(events[0]?.split(' at ')[1]);
    expect(announcedAt).toBeLessThan(1200);
  });

  it('gives the same segments whatever the block size', () => {
    const x = noise(4, 0.01);
    addTone(x, 500, 900, 250, 0.04);
    addTone(x, 2000, 2600, 700, 0.03);
    const a = analyseSamples(x, SR, {}, { blockSize: 128 }).segments;
    const b = analyseSamples(x, SR, {}, { blockSize: 1000 }).segments;
    const c = analyseSamples(x, SR, {}, { blockSize: 1 }).segments;
    expect(a).toHaveLength(2);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('moves the threshold with sensitivity, live', () => {
    const a = new VoiceAnalyser(SR);
    a.push(noise(1, 0.01));
    a.setSensitivity(0);
    const low = a.thresholdDbfs;
    a.setSensitivity(1);
    const high = a.thresholdDbfs;
    expect(low - high).toBeCloseTo(
      DEFAULT_VOICE_PARAMS.maxAboveFloorDb - DEFAULT_VOICE_PARAMS.minAboveFloorDb,
    );
  });

  it('sets the noise floor from a room check and keeps it under a long vocalisation', () => {
    const a = new VoiceAnalyser(SR);
    a.push(noise(3, 0.01));
    const floor = a.calibrateNoiseFloor(3000);
    expect(floor).toBeGreaterThan(-60);
    expect(floor).toBeLessThan(-45);
    const loud = noise(10, 0.01);
    addTone(loud, 0, 10000, 300, 0.05);
    a.push(loud);
    expect(a.noiseFloorDbfs).toBeGreaterThanOrEqual(floor);
  });

  it('reports frames every 10 ms from the first sample', () => {
    const frames: number[] = [];
    new VoiceAnalyser(SR).push(noise(0.1, 0.01), (f) => frames.push(f.tMs));
    expect(frames).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });
});

/** High-frequency noise (white noise differenced twice), as the hiss of an s: little of it under 3.4 kHz. */
function addHiss(x: Float32Array, fromMs: number, toMs: number, amp: number): void {
  const n = noise(2, 1, 7);
  const a = Math.round((fromMs / 1000) * SR);
  const b = Math.round((toMs / 1000) * SR);
  for (let i = a; i < b && i < x.length; i++) {
    const k = i - a;
    x[i] = (x[i] ?? 0) + amp * ((n[k + 2] ?? 0) - 2 * (n[k + 1] ?? 0) + (n[k] ?? 0));
  }
}

describe('VoiceAnalyser: the hiss after a vowel', () => {
  it('ends a phrase near where its voicing ends, not in the soft s after it, so a 310 ms pause stays a pause', () => {
    const x = noise(3, 0.002);
    addTone(x, 600, 1000, 150, 0.05);
    // A phrase-final s, 25 dB under the vowel, that still lifts the level a few dB over the threshold.
    addHiss(x, 1000, 1100, 0.003);
    addTone(x, 1310, 1800, 160, 0.05);
    const spans = (highBandWeight: number) =>
      analyseSamples(x, SR, { highBandWeight }).segments.map((s) => [s.startMs, s.endMs]);
    const two = spans(DEFAULT_VOICE_PARAMS.highBandWeight);
    expect(two).toHaveLength(2);
    expect(two[0]?.[1] ?? 0).toBeLessThanOrEqual(1020);
    expect(Math.abs((two[1]?.[0] ?? 0) - 1310)).toBeLessThanOrEqual(20);
    // With the hiss counted in full, as the level meter counts it, the phrase runs on into it and the pause
    // closes.
    expect(spans(1)).toHaveLength(1);
  });
});

describe('VoiceAnalyser: pauses and a crying learner', () => {
  /** A burst of aperiodic noise: a breath or a consonant lifting the level before a phrase. */
  function addNoise(x: Float32Array, fromMs: number, toMs: number, amp: number): void {
    const burst = noise((toMs - fromMs) / 1000, amp, 7);
    const a = Math.round((fromMs / 1000) * SR);
    for (let i = 0; i < burst.length && a + i < x.length; i++) x[a + i] = (x[a + i] ?? 0) + (burst[i] ?? 0);
  }

  it('keeps two phrases 330 ms apart separate when a breath fills the end of the pause', () => {
    const x = noise(4, 0.004);
    addTone(x, 1000, 1800, 140, 0.05);
    addTone(x, 2130, 2900, 140, 0.05);
    // The breath rises 80 ms before the voice: counted as the onset's look-back, it closed the pause to 250 ms.
    addNoise(x, 2050, 2130, 0.1);
    const { segments } = analyseSamples(x, SR);
    expect(segments).toHaveLength(2);
    const [a, b] = segments;
    // Never closer than the merge gap: the look-back stops where the gap would be broken.
    expect((b?.startMs ?? 0) - (a?.endMs ?? 0)).toBeGreaterThanOrEqual(DEFAULT_VOICE_PARAMS.mergeGapMs);
    expect(b?.startMs).toBeLessThanOrEqual(2130);
  });

  it('a learner crying on and off for most of the floor window does not lift the threshold into the cry', () => {
    // 12 s: a room at about -55 dBFS, and 0.9 s cries every 1.2 s from 2 s on (75 % of the time).
    const x = noise(12, 0.006);
    for (let t = 2000; t + 900 <= 12000; t += 1200) addTone(x, t, t + 900, 450, 0.08);
    const a = new VoiceAnalyser(SR);
    const floors: number[] = [];
    for (let i = 0; i < x.length; i += 160)
      a.push(x.subarray(i, i + 160), (f) => floors.push(f.noiseFloorDbfs));
    const room = floors[150] ?? 0;
    const late = floors[floors.length - 1] ?? 0;
    expect(late - room).toBeLessThanOrEqual(DEFAULT_VOICE_PARAMS.maxFloorOverLowDb + 1);
    const uncapped = new VoiceAnalyser(SR, { maxFloorOverLowDb: Number.POSITIVE_INFINITY });
    let uncappedLate = 0;
    for (let i = 0; i < x.length; i += 160)
      uncapped.push(x.subarray(i, i + 160), (f) => {
        uncappedLate = f.noiseFloorDbfs;
      });
    expect(uncappedLate - room).toBeGreaterThan(15);
  });
});

describe('VoiceAnalyser: a room with other people talking', () => {
  /** Distant talk: 200 ms voiced syllables every 600 ms, pitch 150-250 Hz, from under the room to 10 dB over. */
  function distantTalk(x: Float32Array, amp: number): void {
    let seed = 3;
    for (let t = 0; t + 200 < (x.length / SR) * 1000; t += 600) {
      seed = (seed * 16807) % 2147483647;
      const r = seed / 2147483647;
      addTone(x, t, t + 200, 150 + 100 * r, amp * (0.3 + 1.5 * r));
    }
  }

  it('raises its threshold once much of the room is periodic, and still finds a learner over it', () => {
    const x = noise(20, 0.02);
    distantTalk(x, 0.013);
    for (const t of [8000, 12000, 16000]) addTone(x, t, t + 700, 420, 0.06);
    const learner = (segs: { startMs: number; endMs: number }[]) =>
      segs.filter((s) => [8000, 12000, 16000].some((t) => s.startMs < t + 700 && t < s.endMs));
    const fixed = analyseSamples(x, SR, { otherVoicesGainDb: 0 }).segments;
    const adaptive = analyseSamples(x, SR).segments;
    console.log(`distant talk: ${fixed.length} segments with a fixed threshold, ${adaptive.length} adaptive`);
    expect(fixed.length - learner(fixed).length).toBeGreaterThan(0);
    expect(adaptive.length - learner(adaptive).length).toBeLessThan(fixed.length - learner(fixed).length);
    expect(learner(adaptive)).toHaveLength(3);
  });
});

describe('VoiceAnalyser: a soft onset in a steady room and in a clattering one', () => {
  /** Noise weighted to the low frequencies, as a room's is, so it is under the pitch search's cut. */
  function lowNoise(seconds: number, amp: number, seed: number): Float32Array {
    const x = noise(seconds, amp, seed);
    let y = 0;
    for (let i = 0; i < x.length; i++) {
      y = 0.7 * y + 0.3 * (x[i] ?? 0);
      x[i] = y;
    }
    return x;
  }

  function addAt(x: Float32Array, fromMs: number, y: Float32Array): void {
    const a = Math.round((fromMs / 1000) * SR);
    for (let i = 0; i < y.length && a + i < x.length; i++) x[a + i] = (x[a + i] ?? 0) + (y[i] ?? 0);
  }

  /**
   * 10 s of room; with clatter, bursts of 30-60 ms at 4-11 dB over it every 200-500 ms, none in 7.9-8.8 s. At 8 s
   * a breathy start (a voice with its own breath noise, 9-10 dB over the room, clarity 0.5-0.58 there) for 300 ms,
   * then the same voice, clear and loud.
   */
  function room(clatter: boolean): Float32Array {
    const x = lowNoise(10, 0.04, 1);
    let seed = 5;
    for (let t = 300; clatter && t < 10000; ) {
      seed = (seed * 16807) % 2147483647;
      const r = seed / 2147483647;
      if (t < 7900 || t > 8800) addAt(x, t, lowNoise(0.03 + 0.03 * r, 0.04 * (1.5 + 2 * r), 9 + t));
      t += 200 + 300 * r;
    }
    addTone(x, 8000, 8300, 220, 0.01);
    addAt(x, 8000, lowNoise(0.3, 0.07, 77));
    addTone(x, 8300, 8800, 220, 0.03);
    return x;
  }

  function riseShareBefore(x: Float32Array, ms: number): number {
    const a = new VoiceAnalyser(SR);
    a.push(x.subarray(0, Math.round((ms / 1000) * SR)));
    return a.roomRiseShare;
  }

  const startOf = (x: Float32Array, params = {}) => {
    const { segments } = analyseSamples(x, SR, params);
    expect(segments).toHaveLength(1);
    return segments[0]?.startMs ?? 0;
  };
  const off = { steadyRoomMaxShare: 0 };
  const ungated = { steadyRoomMaxShare: 1.01 };

  it('measures how often the room rises over its floor on its own', () => {
    expect(riseShareBefore(room(false), 7900)).toBeLessThan(0.02);
    expect(riseShareBefore(room(true), 7900)).toBeGreaterThan(DEFAULT_VOICE_PARAMS.steadyRoomMaxShare);
    // Until a second of the room has been heard, no room is taken for steady.
    expect(riseShareBefore(room(false), 500)).toBe(1);
  });

  it('a steady room: the breathy start counts, its clarity corrected for the room under it', () => {
    const x = room(false);
    expect(startOf(x)).toBeLessThanOrEqual(8100);
    expect(startOf(x, off)).toBeGreaterThanOrEqual(8250);
  });

  it('a clattering room: no correction, so the vocalisation starts where it is clear', () => {
    const x = room(true);
    expect(startOf(x)).toBeGreaterThanOrEqual(8250);
    expect(startOf(x)).toBe(startOf(x, off));
    // It is the gate that holds it: corrected regardless of the room, the start would move back.
    expect(startOf(x, ungated)).toBeLessThanOrEqual(8100);
  });
});
