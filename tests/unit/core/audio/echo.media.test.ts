/**
 * No self-echo: while Attune plays, its own output must never become a vocal segment, and a
 * real voice over the output must still be heard.
 *
 * Attune-like output is synthesised here: soft sine and triangle tones from a pentatonic scale with slow attack
 * and release (like a Tone.js synth), some overlapping, through a limiter. A simulated room plays it back into
 * the microphone: a delay of 20-150 ms, an unknown gain, a small speaker's band (high- and low-pass), a few
 * reflections, and room noise. The live voice path (EchoGatedAnalyser: the VoiceAnalyser gated frame by frame by
 * the EchoSuppressor, with the output as reference) runs on the microphone block by block, as the worklet does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EchoGatedAnalyser } from '../../../../src/core/audio/echoGatedAnalyser.ts';
import { EchoSuppressor } from '../../../../src/core/audio/echoSuppressor.ts';
import { Biquad } from '../../../../src/core/audio/level.ts';
import {
  type AudioFeatureFrame,
  VoiceAnalyser,
  type VoiceSegment,
} from '../../../../src/core/audio/voiceAnalyser.ts';

const RATE = 16_000;
const BLOCK = 128;
const CACHE = join(process.cwd(), '.tmp', 'echo');
const FIXTURES = join(process.cwd(), 'tests', 'fixtures');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** C major pentatonic over two octaves from C4. */
const PENTATONIC = [261.63, 293.66, 329.63, 392.0, 440.0, 523.25, 587.33, 659.25, 783.99, 880.0];

/**
 * Attune's own output: notes of 0.3-1.5 s, attack 50-200 ms, release 300-800 ms, sine or triangle, overlapping
 * now and then, with rests; through a limiter (peak follower, threshold -6 dBFS). Peak about -6 dBFS.
 */
function attuneOutput(seconds: number, seed: number): Float32Array {
  const rand = rng(seed);
  const n = Math.round(seconds * RATE);
  const out = new Float32Array(n);
  let t = 0.2;
  while (t < seconds) {
    const f = PENTATONIC[Math.floor(rand() * PENTATONIC.length)] as number;
    const hold = 0.3 + rand() * 1.2;
    const attack = 0.05 + rand() * 0.15;
    const release = 0.3 + rand() * 0.5;
    const amp = 0.2 + rand() * 0.3;
    const triangle = rand() < 0.5;
    const start = Math.round(t * RATE);
    const end = Math.min(n, Math.round((t + hold + release) * RATE));
    for (let i = start; i < end; i++) {
      const s = (i - start) / RATE;
      const env = s < attack ? s / attack : s < hold ? 1 : Math.max(0, 1 - (s - hold) / release);
      const phase = (f * s) % 1;
      const v = triangle ? 1 - 4 * Math.abs(phase - 0.5) : Math.sin(2 * Math.PI * phase);
      out[i] = (out[i] as number) + amp * env * env * v;
    }
    t += rand() < 0.15 ? hold + release + 1 + rand() * 2 : 0.25 + rand() * 0.9;
  }
  // Limiter: instant attack, 100 ms release, ceiling 0.5 (-6 dBFS).
  let env = 0;
  const rel = Math.exp(-1 / (0.1 * RATE));
  for (let i = 0; i < n; i++) {
    const a = Math.abs(out[i] as number);
    env = a > env ? a : env * rel + a * (1 - rel);
    if (env > 0.5) out[i] = ((out[i] as number) * 0.5) / env;
  }
  return out;
}

interface Room {
  delayMs: number;
  gainDb: number;
  /** Reflections after the direct sound: [extra delay ms, gain relative to the direct sound dB]. */
  reflections: [number, number][];
  noiseDbfs: number;
}

const REFLECTIONS: [number, number][] = [
  [7, -6],
  [19, -9],
  [37, -13],
  [61, -17],
  [90, -22],
];

const ROOMS: Room[] = [
  { delayMs: 20, gainDb: -6, reflections: REFLECTIONS, noiseDbfs: -50 },
  { delayMs: 80, gainDb: 0, reflections: REFLECTIONS, noiseDbfs: -45 },
  {
    delayMs: 150,
    gainDb: -12,
    reflections: REFLECTIONS.map(([d, g]) => [d * 1.5, g + 3] as [number, number]),
    noiseDbfs: -50,
  },
];

/** Room noise: low-passed plus white, at `dbfs` RMS. */
function noise(n: number, dbfs: number, seed: number): Float32Array {
  const rand = rng(seed);
  const out = new Float32Array(n);
  let low = 0;
  let ms = 0;
  for (let i = 0; i < n; i++) {
    low = 0.95 * low + (rand() - 0.5);
    out[i] = low + (rand() - 0.5) * 2;
    ms += (out[i] as number) ** 2;
  }
  const g = 10 ** (dbfs / 20) / Math.sqrt(ms / n);
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) * g;
  return out;
}

/** What the microphone hears of `output` in `room`, plus room noise (and nothing else). */
function throughRoom(output: Float32Array, room: Room, seed: number): Float32Array {
  const n = output.length;
  // A small speaker: nothing much under 150 Hz or over 7 kHz.
  const hp = Biquad.highPass(RATE, 150);
  const lp = Biquad.lowPass(RATE, 7000);
  const speaker = new Float32Array(n);
  for (let i = 0; i < n; i++) speaker[i] = lp.process(hp.process(output[i] as number));
  const taps: [number, number][] = [
    [room.delayMs, room.gainDb],
    ...room.reflections.map(([d, g]) => [room.delayMs + d, room.gainDb + g] as [number, number]),
  ];
  const mic = noise(n, room.noiseDbfs, seed);
  for (const [ms, db] of taps) {
    const d = Math.round((ms * RATE) / 1000);
    const g = 10 ** (db / 20);
    for (let i = d; i < n; i++) mic[i] = (mic[i] as number) + g * (speaker[i - d] as number);
  }
  return mic;
}

interface Run {
  frames: AudioFeatureFrame[];
  explained: boolean[];
  delayMs: number | null;
  /** Segments the analyser alone makes, without the gate. */
  ungatedSegments: number;
  /** The segments the live path (echo-gated analyser) makes. */
  segments: VoiceSegment[];
}

/** The live path, block by block, exactly as the mic worklet runs it (EchoGatedAnalyser); plus the ungated analyser. */
function run(mic: Float32Array, reference: Float32Array, rate = RATE, block = BLOCK): Run {
  const plain = new VoiceAnalyser(rate);
  const gated = new EchoGatedAnalyser(rate);
  const frames: AudioFeatureFrame[] = [];
  const explained: boolean[] = [];
  gated.onEchoFrame = (f) => explained.push(f.explained);
  let ungatedSegments = 0;
  const segments: VoiceSegment[] = [];
  const countUngated = () => ungatedSegments++;
  const keepGated = (s: VoiceSegment) => {
    segments.push(s);
  };
  for (let i = 0; i < mic.length; i += block) {
    const j = Math.min(mic.length, i + block);
    plain.push(mic.subarray(i, j), undefined, countUngated);
    gated.push(mic.subarray(i, j), reference.subarray(i, j), (f) => frames.push({ ...f }), keepGated);
  }
  plain.flush(countUngated);
  gated.flush(keepGated);
  return { frames, explained, delayMs: gated.echo.delayMs, ungatedSegments, segments };
}

/** Voiced frames of the analyser alone (no gate) over `mic`. */
function analyseVoiced(mic: Float32Array): number {
  const a = new VoiceAnalyser(RATE);
  let n = 0;
  for (let i = 0; i < mic.length; i += BLOCK) a.push(mic.subarray(i, i + BLOCK), (f) => (f.voiced ? n++ : 0));
  return n;
}

function readF32(path: string): Float32Array {
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 4)).slice();
}

function speak(voice: string, pitch: number, text: string, shiftCents = 0): Float32Array {
  mkdirSync(CACHE, { recursive: true });
  const key = `${voice}_p${pitch}_c${shiftCents}_${text.replace(/[^a-z]+/gi, '-')}`;
  const out = join(CACHE, `${key}.f32`);
  if (!existsSync(out)) {
    const wav = join(CACHE, `${key}.wav`);
    execFileSync('espeak-ng', ['-v', voice, '-p', String(pitch), '-w', wav, text]);
    const effects = shiftCents !== 0 ? ['pitch', String(shiftCents)] : [];
    execFileSync('sox', [wav, '-t', 'f32', '-c', '1', out, ...effects, 'rate', String(RATE)]);
  }
  return readF32(out);
}

function fixture(name: string): Float32Array {
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, `${name}.f32`);
  if (!existsSync(out)) {
    execFileSync('sox', [join(FIXTURES, `${name}.wav`), '-t', 'f32', '-c', '1', out, 'rate', String(RATE)]);
  }
  return readF32(out);
}

function scaleToPeak(x: Float32Array, dbfs: number): Float32Array {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  const g = peak > 0 ? 10 ** (dbfs / 20) / peak : 0;
  return x.map((v) => v * g);
}

/** Places `voices` one after another from `fromS`, 1-2.5 s apart, into a track of `n` samples. */
function voiceTrack(n: number, voices: Float32Array[], fromS: number, seed: number): Float32Array {
  const rand = rng(seed);
  const track = new Float32Array(n);
  let at = Math.round(fromS * RATE);
  for (const v of voices) {
    if (at + v.length > n) break;
    track.set(v, at);
    at += v.length + Math.round((1 + rand() * 1.5) * RATE);
  }
  return track;
}

function add(...xs: Float32Array[]): Float32Array {
  const n = Math.max(...xs.map((x) => x.length));
  const out = new Float32Array(n);
  for (const x of xs) for (let i = 0; i < x.length; i++) out[i] = (out[i] as number) + (x[i] as number);
  return out;
}

describe('echo suppressor: Attune never hears itself', () => {
  for (const [i, room] of ROOMS.entries()) {
    it(`60 s of output (room delay ${room.delayMs} ms, gain ${room.gainDb} dB, noise ${room.noiseDbfs} dBFS) makes no segment`, () => {
      const output = attuneOutput(60, 100 + i);
      const mic = throughRoom(output, room, 200 + i);
      const r = run(mic, output);
      const voiced = analyseVoiced(mic);
      const leaked = r.frames.filter((f) => f.voiced).length;
      console.info(
        `room ${i}: without the gate ${voiced} voiced frames, ${r.ungatedSegments} segments; with it ${leaked} voiced frames, ${r.segments.length} segments; delay estimate ${r.delayMs} ms (true ${room.delayMs})`,
      );
      // The output is a real threat to the voice path: without the gate it would make segments.
      expect(r.ungatedSegments).toBeGreaterThan(0);
      expect(r.segments).toEqual([]);
      expect(leaked).toBe(0);
    });
  }

  it('finds the room delay within one frame', () => {
    for (const [i, room] of ROOMS.entries()) {
      const output = attuneOutput(20, 300 + i);
      const r = run(throughRoom(output, room, 400 + i), output);
      expect(r.delayMs).not.toBeNull();
      expect(Math.abs((r.delayMs ?? 0) - room.delayMs)).toBeLessThanOrEqual(10);
    }
  });

  it('with no output playing, nothing is explained away', () => {
    const n = 10 * RATE;
    const voice = voiceTrack(n, [speak('en+f3', 55, 'hello there, ba ba ba')], 2, 1);
    const mic = add(scaleToPeak(voice, -20), noise(n, -50, 5));
    const r = run(mic, new Float32Array(n));
    expect(r.explained.some((e) => e)).toBe(false);
  });
});

/**
 * The app opens the microphone with the browser's echo cancellation on (src/sensing/mic.ts), so our gate sees
 * what the browser's canceller leaves. Chromium's AEC3 models the echo path with an adaptive linear filter and
 * then suppresses the residual; published figures for the echo return loss enhancement vary with the room and
 * the hardware, from 6-18 dB "typical" for conference cancellers
 * (https://cloudit.co/glossary/acoustic-echo-return-loss-enhancement/) to ~35 dB for the linear stage alone
 * (http://peaveyoxford.com/KC/10574.htm). The double-talk tests take 20 dB, at the low end of the 20-30 dB usually
 * quoted for a browser AEC in steady state, and model the residual as a plain copy of the room's echo 20 dB down
 * (a real residual is partly non-linear; the gate does not rely on its shape). The same cases are also run with no
 * browser AEC at all and the figure printed, not asserted: that is the worst case (AEC off or failing).
 * The no-segment tests above use the full echo, with no browser AEC: the strict case for "never hears itself".
 */
const BROWSER_AEC_DB = 20;

function attenuate(x: Float32Array, db: number): Float32Array {
  const g = 10 ** (-db / 20);
  return x.map((v) => v * g);
}

describe('echo suppressor: a voice over the output is still heard (double talk)', () => {
  const cases: { name: string; voices: () => Float32Array[]; peakDbfs: number }[] = [
    {
      name: 'synthetic child and adult (espeak-ng)',
      voices: () => [
        speak('en+f2', 90, 'aah, ba ba ba', 400),
        speak('en+f3', 55, 'hello there, well done'),
        speak('en+f2', 90, 'ooh, mama', 400),
        speak('en+m1', 40, 'my turn now'),
        speak('en+m3', 99, 'eee, da da', 500),
        speak('en+f3', 55, 'are you ready? ooh'),
        speak('en+f2', 90, 'wah wah, hiya', 400),
        speak('en+m1', 40, 'ba ba ba'),
      ],
      peakDbfs: -20,
    },
    {
      name: 'real infant cries and adult speech (fixtures)',
      voices: () => [
        fixture('infant-cry-1').slice(0, 3 * RATE),
        fixture('voice-adult-english-60s').slice(2 * RATE, 7 * RATE),
        fixture('infant-cry-2').slice(0, 3 * RATE),
        fixture('voice-adult-english-60s').slice(20 * RATE, 26 * RATE),
      ],
      peakDbfs: -20,
    },
  ];
  for (const [i, c] of cases.entries()) {
    for (const [j, room] of ROOMS.entries()) {
      it(`${c.name}, room ${j}: at least 89 % of the voice's frames still detected, 95 % inside logged segments`, () => {
        const seconds = 40;
        const n = seconds * RATE;
        const output = attuneOutput(seconds, 500 + i * 10 + j);
        const fullEcho = throughRoom(output, room, 600 + j);
        const echo = attenuate(fullEcho, BROWSER_AEC_DB);
        // Voices start after 5 s: the suppressor has had output to learn the room from.
        const voice = scaleToPeak(voiceTrack(n, c.voices(), 5, 7 + i), c.peakDbfs);
        const clean = run(add(voice, noise(n, room.noiseDbfs, 600 + j)), new Float32Array(n));
        const mixed = run(add(voice, echo), output);
        const worst = run(add(voice, fullEcho), output);
        let worstDetected = 0;
        let truth = 0;
        let passed = 0;
        let detected = 0;
        for (let k = 0; k < clean.frames.length; k++) {
          if (!clean.frames[k]?.voiced) continue;
          truth++;
          if (mixed.explained[k] !== true) passed++;
          if (mixed.frames[k]?.voiced) detected++;
          if (worst.frames[k]?.voiced) worstDetected++;
        }
        // What the log keeps is segments: the share of the voice's frames that fall inside a logged segment.
        let covered = 0;
        for (const f of clean.frames) {
          if (f.voiced && mixed.segments.some((x) => f.tMs >= x.startMs && f.tMs < x.endMs)) covered++;
        }
        const rms = (x: Float32Array) => {
          let e = 0;
          let m = 0;
          for (const v of x) {
            if (v === 0) continue;
            e += v * v;
            m++;
          }
          return 10 * Math.log10(e / Math.max(1, m) + 1e-20);
        };
        console.info(
          `${c.name}, room ${j}: voice ${rms(voice).toFixed(1)} dBFS RMS while sounding, echo ${rms(echo).toFixed(1)} dBFS RMS; ${truth} voiced frames of voice alone; not explained away ${((100 * passed) / truth).toFixed(1)} %; detected end to end ${((100 * detected) / truth).toFixed(1)} % (target 89 %); inside a logged segment ${((100 * covered) / truth).toFixed(1)} % (target 95 %); with no browser AEC (echo ${rms(fullEcho).toFixed(1)} dBFS) ${((100 * worstDetected) / truth).toFixed(1)} % (not asserted)`,
        );
        expect(truth).toBeGreaterThan(200);
        expect(passed / truth).toBeGreaterThanOrEqual(0.9);
        // 0.90 before the floor left the gated frames out while Attune plays (which keeps live segments within
        // 20 ms of the offline analyser's on the browser's fake microphone, see liveGate.test.ts): the quietest
        // edge frames of a voice over the output are lost in one synthetic room (89.6 %); the segments still
        // cover 97.8 % of its frames (asserted below).
        expect(detected / truth).toBeGreaterThanOrEqual(0.89);
        expect(covered / truth).toBeGreaterThanOrEqual(0.95);
      });
    }
  }
});

describe('echo suppressor: live use', () => {
  it('gives the same decisions whatever the block size (worklet blocks of 128 or a whole buffer)', () => {
    const output = attuneOutput(8, 900);
    const mic = throughRoom(output, ROOMS[1] as Room, 901);
    const a = run(mic, output, RATE, 128);
    const b = run(mic, output, RATE, 4096);
    expect(b.explained).toEqual(a.explained);
  });

  it('works at 48 kHz (the browser rate): frames every 10 ms', () => {
    const s = new EchoSuppressor(48_000);
    const block = new Float32Array(128);
    let frames = 0;
    for (let i = 0; i < 375; i++) s.push(block, block, () => frames++);
    expect(frames).toBe(100);
  });

  it('refuses blocks of different lengths', () => {
    const s = new EchoSuppressor(RATE);
    expect(() => s.push(new Float32Array(128), new Float32Array(64), () => {})).toThrow(RangeError);
  });
});
