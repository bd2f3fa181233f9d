/**
 * Test recordings for the voice path, with ground truth: child-like vocalisations (espeak-ng at high pitch,
 * sox-synthesised hums, squeals and glides), an adult answering, room noise from -50 to -30 dBFS, distant voices
 * across the room, and real recordings (infant cries, adult speech, kitchen and running-tap noise) from tests/fixtures.
 *
 *   npx tsx scripts/make-voice-fixtures.ts        # writes .tmp/voice-fixtures/*.wav and *.truth.json
 *
 * Deterministic: sox runs with -R, espeak-ng is deterministic, timing and level choices come from a seeded PRNG.
 * Tests call ensureVoiceFixtures(), which rebuilds only when this file or the source recordings change.
 *
 * Truth is taken from each clean source clip before mixing: 10 ms frames that are phonated (pitchy, see
 * phonated()) and within 25 dB of the clip's loudest frame (and 10 dB over the clip's own background, for real
 * recordings that have one) and audible in the mix (at least as loud as the room in that frame, see
 * audibleFrames()), with the vocal-segment rules applied (gaps under 300 ms merge, at least 100 ms).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PitchDetector } from 'pitchy';
import { decodeWav, encodeWav } from '../src/core/audio/wav.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const SRC_FIXTURES = join(ROOT, 'tests/fixtures');
export const VOICE_FIXTURE_DIR = join(ROOT, '.tmp/voice-fixtures');
const SR = 16000;
const FRAME = SR / 100;
const REAL_CRIES = ['infant-cry-1.wav', 'infant-cry-2.wav', 'infant-cry-3.wav', 'infant-cry-4.wav'] as const;
const REAL_SPEECH = 'voice-adult-english-60s.wav';
const REAL_NOISES = ['noise-kitchen-dishes.wav', 'noise-running-tap.wav'] as const;

export type Party = 'learner' | 'practitioner';

export interface TruthSegment {
  party: Party;
  /** What made the sound: 'espeak', 'hum', 'squeal', 'glide', 'breathy', 'cry', 'speech'. */
  kind: string;
  startMs: number;
  endMs: number;
  /** RMS over the clip's active frames, as mixed. */
  levelDbfs: number;
}

export interface VoiceTruth {
  name: string;
  description: string;
  sampleRate: number;
  durationMs: number;
  roomNoiseDbfs: number;
  otherVoices: boolean;
  real: boolean;
  segments: TruthSegment[];
  /** Enrolment samples of the same two voices, not part of the recording (for attribution). */
  enrolment: { learner: string; practitioner: string };
}

export interface VoiceFixture {
  name: string;
  /** The condition this recording is a layout of (see RECORDINGS). */
  condition: string;
  layout: number;
  wavPath: string;
  truthPath: string;
  truth: VoiceTruth;
}

interface Condition {
  name: string;
  description: string;
  noiseDbfs: number;
  otherVoices: boolean;
  real: boolean;
  /** For real recordings: which real room noise from tests/fixtures. */
  realNoise?: string;
  seed: number;
}

/** One recording: a condition in one of its layouts (order, timing and levels from the seed; noise excerpt). */
interface Recording extends Condition {
  /** The condition's name; `name` is the recording's. */
  condition: string;
  layout: number;
  /** Where in a real noise file the room starts. */
  noiseOffsetS: number;
}

export const CONDITIONS: readonly Condition[] = [
  {
    name: 'synth-room50',
    description: 'fan noise -50 dBFS',
    noiseDbfs: -50,
    otherVoices: false,
    real: false,
    seed: 50,
  },
  {
    name: 'synth-room45',
    description: 'fan noise -45 dBFS',
    noiseDbfs: -45,
    otherVoices: false,
    real: false,
    seed: 45,
  },
  {
    name: 'synth-room40',
    description: 'fan noise -40 dBFS',
    noiseDbfs: -40,
    otherVoices: false,
    real: false,
    seed: 40,
  },
  {
    name: 'synth-room35-voices',
    description: 'fan and distant voices, -35 dBFS together',
    noiseDbfs: -35,
    otherVoices: true,
    real: false,
    seed: 35,
  },
  {
    name: 'synth-room30-voices',
    description: 'fan and distant voices, -30 dBFS together',
    noiseDbfs: -30,
    otherVoices: true,
    real: false,
    seed: 30,
  },
  ...(
    [
      ['kitchen', 'noise-kitchen-dishes.wav', 'kitchen noise (dishes)', [-45, -40, -35, -30]],
      ['tap', 'noise-running-tap.wav', 'a running tap', [-40, -35]],
    ] as const
  ).flatMap(([tag, file, what, levels]) =>
    levels.map(
      (db): Condition => ({
        name: `real-${tag}${-db}`,
        description: `real infant cries and adult speech over real ${what} at ${db} dBFS`,
        noiseDbfs: db,
        otherVoices: false,
        real: true,
        realNoise: file,
        seed: 100 - db + (tag === 'tap' ? 50 : 0),
      }),
    ),
  ),
];

/**
 * Each condition is recorded in three layouts: with ~29 true segments a recording, one error moves F1 by 0.03,
 * so the tests and the bench score each condition over all three (~85 segments) rather than over one.
 */
export const LAYOUTS = 3;

export const RECORDINGS: readonly Recording[] = CONDITIONS.flatMap((c) =>
  Array.from({ length: LAYOUTS }, (_, layout) => ({
    ...c,
    name: layout === 0 ? c.name : `${c.name}.${layout + 1}`,
    condition: c.name,
    layout,
    seed: c.seed + 1000 * layout,
    noiseOffsetS: 5 + 30 * layout,
  })),
);

// ---------------------------------------------------------------------------------------------- tools

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function readMono(path: string): Float32Array {
  return decodeWav(new Uint8Array(readFileSync(path))).samples;
}

/**
 * What a process has made already: the same utterance, or the same source file through the same effects, is made
 * once per process and copied after (the first made file and its samples). Every recording speaks the same few
 * lines and hears the same real files: building the set spawned espeak-ng 276 times for 19 distinct utterances and
 * sox 114 times for 8 distinct conversions of source files, about 600 of its 852 processes, for identical output.
 */
const made = new Map<string, { path: string; samples: Float32Array }>();

function once(key: string, outPath: string, make: () => Float32Array): Float32Array {
  const had = made.get(key);
  if (had) {
    copyFileSync(had.path, outPath);
    return had.samples.slice();
  }
  const samples = make();
  made.set(key, { path: outPath, samples: samples.slice() });
  return samples;
}

/** Any WAV to 16 kHz mono float, through sox (its resampler is better than anything worth writing here). */
function toSr(inPath: string, outPath: string, effects: string[] = []): Float32Array {
  // Only a source file is the same file whenever its path is; a work file's path may be written again.
  if (inPath.startsWith(SRC_FIXTURES))
    return once(JSON.stringify(['toSr', inPath, effects]), outPath, () => soxToSr(inPath, outPath, effects));
  return soxToSr(inPath, outPath, effects);
}

function soxToSr(inPath: string, outPath: string, effects: string[]): Float32Array {
  run('sox', [
    '-R',
    inPath,
    '-r',
    String(SR),
    '-c',
    '1',
    '-e',
    'floating-point',
    '-b',
    '32',
    outPath,
    ...effects,
  ]);
  return readMono(outPath);
}

function espeak(
  work: string,
  id: string,
  text: string,
  voice: string,
  pitch: number,
  speed: number,
): Float32Array {
  const raw = join(work, `${id}.raw.wav`);
  const out = join(work, `${id}.wav`);
  return once(JSON.stringify(['espeak', voice, pitch, speed, text]), out, () => {
    run('espeak-ng', ['-v', voice, '-p', String(pitch), '-s', String(speed), '-w', raw, text]);
    return soxToSr(raw, out, []);
  });
}

function synth(work: string, id: string, args: string[]): Float32Array {
  const out = join(work, `${id}.wav`);
  run('sox', [
    '-R',
    '-n',
    '-r',
    String(SR),
    '-c',
    '1',
    '-e',
    'floating-point',
    '-b',
    '32',
    out,
    'synth',
    ...args,
  ]);
  return readMono(out);
}

/** Park-Miller: a small, seedable PRNG so the layout is the same on every machine. */
function prng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

// ---------------------------------------------------------------------------------------------- truth

function frameDb(x: Float32Array): Float64Array {
  const n = Math.floor(x.length / FRAME);
  const out = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let s = 0;
    for (let i = f * FRAME; i < (f + 1) * FRAME; i++) s += (x[i] ?? 0) ** 2;
    out[f] = 10 * Math.log10(s / FRAME + 1e-20);
  }
  return out;
}

interface Active {
  startF: number;
  endF: number;
}

/**
 * Phonation on the clean clip, by pitchy (an implementation independent of the detector under test): a 40 ms
 * window centred on each 10 ms frame, clarity at least 0.6, F0 in 60..2000 Hz. A vocalisation is voice; the
 * breath between cries and a fricative at the end of a word are not.
 */
function phonated(x: Float32Array, frames: number): Uint8Array {
  const win = 640;
  const det = PitchDetector.forFloat32Array(win);
  const buf = new Float32Array(win);
  const out = new Uint8Array(frames);
  for (let f = 0; f < frames; f++) {
    const c = f * FRAME + FRAME / 2;
    for (let i = 0; i < win; i++) buf[i] = x[c - win / 2 + i] ?? 0;
    const [hz, clarity] = det.findPitch(buf, SR);
    out[f] = clarity >= 0.6 && hz >= 60 && hz <= 2000 ? 1 : 0;
  }
  return out;
}

/** A clip's 10 ms frames: their levels, and which are active (phonated and loud enough to count). */
interface ClipFrames {
  db: Float64Array;
  active: Uint8Array;
}

function clipFrames(x: Float32Array, hasBackground: boolean): ClipFrames {
  const db = frameDb(x);
  let peak = -Infinity;
  for (const v of db) peak = Math.max(peak, v);
  const sorted = [...db].sort((a, b) => a - b);
  const p10 = sorted[Math.floor(0.1 * (sorted.length - 1))] ?? -200;
  // A real recording carries its own room; a synthetic clip is silent around the sound, so its p10 means nothing.
  const thr = hasBackground ? Math.max(peak - 25, p10 + 10) : peak - 25;
  const voiced = phonated(x, db.length);
  const active = new Uint8Array(db.length);
  for (let f = 0; f < db.length; f++) active[f] = (db[f] ?? -200) >= thr && voiced[f] ? 1 : 0;
  return { db, active };
}

/**
 * The clip's vocal segments (frame indices), the vocal-segment rules applied: gaps under 300 ms merge, at least
 * 100 ms. With `audible`, only the frames it marks count (see audibleFrames).
 */
function activeRegions(c: ClipFrames, audible?: Uint8Array): Active[] {
  const regions: Active[] = [];
  let cur: Active | null = null;
  for (let f = 0; f < c.active.length; f++) {
    if (c.active[f] && (audible === undefined || audible[f])) {
      if (cur && f - cur.endF < 30) cur.endF = f + 1;
      else {
        if (cur) regions.push(cur);
        cur = { startF: f, endF: f + 1 };
      }
    }
  }
  if (cur) regions.push(cur);
  return regions.filter((r) => r.endF - r.startF >= 10);
}

/** RMS over the clip's vocal segments: the level a clip is mixed at, so it does not depend on the room. */
function activeRmsDb(c: ClipFrames): number {
  let s = 0;
  let n = 0;
  for (const r of activeRegions(c))
    for (let f = r.startF; f < r.endF; f++) {
      s += 10 ** ((c.db[f] ?? -200) / 10);
      n++;
    }
  return n ? 10 * Math.log10(s / n) : -200;
}

/**
 * The ideal binary mask with a 0 dB local criterion (Wang 2005; the usual reference in speech separation): a
 * frame of the clip, as mixed at `at` with gain `g`, is audible when it carries at least as much energy as the
 * room noise in the same 10 ms. A cry's tail that sinks under the dishes is not a vocalisation any listener in
 * the room could mark, so it is not in the truth either.
 */
function audibleFrames(x: Float32Array, g: number, noise: Float32Array, at: number): Uint8Array {
  const frames = Math.floor(x.length / FRAME);
  const out = new Uint8Array(frames);
  for (let f = 0; f < frames; f++) {
    let sx = 0;
    let sn = 0;
    for (let i = f * FRAME; i < (f + 1) * FRAME; i++) {
      sx += (g * (x[i] ?? 0)) ** 2;
      sn += (noise[at + i] ?? 0) ** 2;
    }
    out[f] = sx >= sn ? 1 : 0;
  }
  return out;
}

function rmsDb(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return 10 * Math.log10(s / Math.max(1, x.length) + 1e-20);
}

function gain(x: Float32Array, db: number): Float32Array {
  const g = 10 ** (db / 20);
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = (x[i] ?? 0) * g;
  return y;
}

/** Fades a cut clip's ends (20 ms) so cutting real speech does not click. */
function fadeEnds(x: Float32Array): Float32Array {
  const n = Math.min(320, x.length >> 1);
  for (let i = 0; i < n; i++) {
    const g = i / n;
    x[i] = (x[i] ?? 0) * g;
    x[x.length - 1 - i] = (x[x.length - 1 - i] ?? 0) * g;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------- sources

interface Clip {
  party: Party;
  kind: string;
  x: Float32Array;
}

function learnerSynthClips(work: string, tag: string): Clip[] {
  const clips: Clip[] = [];
  // A child-like voice from espeak-ng: female variant en+f2, pitch 80..99 (espeak's 0..99 scale). en+f2 is the
  // whose-voice evaluation's tuned young girl; en+f4, used here before, is its held-out girl B, which no test
  // may read.
  const words: [string, number, number][] = [
    ['ah', 90, 100],
    ['baba', 95, 120],
    ['ooh', 85, 90],
    ['eee', 99, 110],
    ['mamama', 92, 130],
    ['wheee', 99, 100],
    ['da da', 88, 120],
    ['oh', 80, 90],
    ['aba', 94, 110],
    ['yaya', 97, 140],
  ];
  words.forEach(([w, p, s], i) => {
    clips.push({ party: 'learner', kind: 'espeak', x: espeak(work, `${tag}-l-es${i}`, w, 'en+f2', p, s) });
  });
  // Hums: nasal, so low-passed hard; a child's F0 of 250-400 Hz with a small drift.
  const hums: [number, number, number][] = [
    [0.8, 280, 310],
    [1.2, 330, 300],
    [0.5, 260, 270],
  ];
  hums.forEach(([d, a, b], i) => {
    clips.push({
      party: 'learner',
      kind: 'hum',
      x: synth(work, `${tag}-l-hum${i}`, [
        String(d),
        'sawtooth',
        `${a}:${b}`,
        'lowpass',
        '700',
        'lowpass',
        '900',
        'fade',
        'q',
        '0.05',
        String(d),
        '0.1',
      ]),
    });
  });
  // Squeals: 900-1600 Hz glides, the highest sounds a learner makes.
  const squeals: [number, number, number][] = [
    [0.4, 900, 1400],
    [0.6, 1500, 1100],
    [0.3, 1200, 1600],
  ];
  squeals.forEach(([d, a, b], i) => {
    clips.push({
      party: 'learner',
      kind: 'squeal',
      x: synth(work, `${tag}-l-sq${i}`, [
        String(d),
        'square',
        `${a}:${b}`,
        'lowpass',
        '4000',
        'fade',
        'q',
        '0.02',
        String(d),
        '0.06',
      ]),
    });
  });
  // Vowel-like glides (rise and fall): a sawtooth through a vowel-ish formant shape.
  const glides: [number, string][] = [
    [0.7, '300-450'],
    [0.9, '420-280'],
  ];
  glides.forEach(([d, f], i) => {
    clips.push({
      party: 'learner',
      kind: 'glide',
      x: synth(work, `${tag}-l-gl${i}`, [
        String(d),
        'sawtooth',
        f,
        'bandpass',
        '900',
        '1.5q',
        'fade',
        'q',
        '0.04',
        String(d),
        '0.1',
      ]),
    });
  });
  // A breath with voice: a soft voiced tone under breath noise (voice 6 dB above the breath).
  const voice = synth(work, `${tag}-l-br-v`, [
    '0.7',
    'sawtooth',
    '320-300',
    'lowpass',
    '1200',
    'fade',
    'q',
    '0.08',
    '0.7',
    '0.15',
  ]);
  const breath = synth(work, `${tag}-l-br-n`, [
    '0.7',
    'pinknoise',
    'highpass',
    '500',
    'fade',
    'q',
    '0.08',
    '0.7',
    '0.15',
  ]);
  const br = new Float32Array(voice.length);
  const gb = 10 ** ((rmsDb(voice) - rmsDb(breath) - 6) / 20);
  for (let i = 0; i < br.length; i++) br[i] = (voice[i] ?? 0) + gb * (breath[i] ?? 0);
  clips.push({ party: 'learner', kind: 'breathy', x: br });
  return clips;
}

function adultSynthClips(work: string, tag: string): Clip[] {
  const lines = [
    'yes!',
    'ah, you did it',
    'hello there',
    'ba ba, that is right',
    'oh wow',
    'again?',
    'mm hm',
    'I hear you',
  ];
  return lines.map((t, i) => ({
    party: 'practitioner' as const,
    kind: 'espeak',
    x: espeak(work, `${tag}-p-es${i}`, t, 'en+m3', 45 + (i % 3) * 5, 150),
  }));
}

/** Real recordings: each 7 s cry file holds several cries, used in two halves so they interleave with the adult. */
function realClips(work: string): { learner: Clip[]; adult: Clip[] } {
  const learner: Clip[] = [];
  for (const f of REAL_CRIES) {
    const x = toSr(join(SRC_FIXTURES, f), join(work, `real-${f}`), ['highpass', '60']);
    const half = Math.floor(x.length / 2);
    learner.push({ party: 'learner', kind: 'cry', x: fadeEnds(x.slice(0, half)) });
    learner.push({ party: 'learner', kind: 'cry', x: fadeEnds(x.slice(half)) });
  }
  const speech = toSr(join(SRC_FIXTURES, REAL_SPEECH), join(work, 'real-speech.wav'));
  const adult: Clip[] = [];
  for (const startS of [2, 10, 17, 25, 32, 40, 47, 54]) {
    adult.push({
      party: 'practitioner',
      kind: 'speech',
      x: fadeEnds(speech.slice(startS * SR, (startS + 4) * SR)),
    });
  }
  return { learner, adult };
}

function roomNoise(work: string, c: Recording, seconds: number): Float32Array {
  const n = Math.round(seconds * SR);
  const out = new Float32Array(n);
  if (c.realNoise) {
    const k = toSr(join(SRC_FIXTURES, c.realNoise), join(work, c.realNoise));
    const from = c.noiseOffsetS * SR;
    for (let i = 0; i < n; i++) out[i] = k[(i + from) % k.length] ?? 0;
    return gain(out, c.noiseDbfs - rmsDb(out));
  }
  // A fan: pink noise, with brown noise for its rumble, and a 100 Hz mains hum 20 dB down.
  const pink = synth(work, `fan-pink-${c.seed}`, [String(seconds), 'pinknoise']);
  const brown = synth(work, `fan-brown-${c.seed}`, [String(seconds), 'brownnoise', 'lowpass', '300']);
  const gp = 10 ** (-rmsDb(pink) / 20);
  const gbr = 10 ** ((-6 - rmsDb(brown)) / 20);
  for (let i = 0; i < n; i++)
    out[i] = gp * (pink[i] ?? 0) + gbr * (brown[i] ?? 0) + 0.1 * Math.sin((2 * Math.PI * 100 * i) / SR);
  if (!c.otherVoices) return gain(out, c.noiseDbfs - rmsDb(out));
  // Other people across the room: real adult speech and a second synthetic voice, low-passed and reverberant,
  // making up half the room's noise power (each 3 dB under the total).
  const far1 = toSr(join(SRC_FIXTURES, 'voice-adult-english-60s.wav'), join(work, `far1-${c.seed}.wav`), [
    'lowpass',
    '2500',
    'reverb',
    '70',
    'highpass',
    '100',
  ]);
  const far2Raw = espeak(
    work,
    `far2-${c.seed}`,
    'Come and sit here. Look at the bubbles, they go up and up. Shall we have a drink now? Good job, well done. ' +
      'Where is your coat? It is nearly time for lunch. Can you pass me the blue one? Thank you very much.',
    'en+f2',
    55,
    150,
  );
  const far2 = toSr(join(work, `far2-${c.seed}.wav`), join(work, `far2r-${c.seed}.wav`), [
    'lowpass',
    '2500',
    'reverb',
    '70',
  ]);
  void far2Raw;
  // Each layout hears them from 20 s further on: with one shared bed, a distant voice at the same moment of
  // every layout was counted three times in a condition's pooled score.
  const from = c.layout * 20 * SR;
  const voices = new Float32Array(n);
  for (let i = 0; i < n; i++)
    voices[i] = (far1[(i + from) % far1.length] ?? 0) + 0.7 * (far2[(i + from + 3 * SR) % far2.length] ?? 0);
  const fan = gain(out, c.noiseDbfs - 3 - rmsDb(out));
  const v = gain(voices, c.noiseDbfs - 3 - rmsDb(voices));
  for (let i = 0; i < n; i++) out[i] = (fan[i] ?? 0) + (v[i] ?? 0);
  return out;
}

// ---------------------------------------------------------------------------------------------- mixing

/** Learner levels from soft (10 dB over the room) to loud; the adult answers at a conversational level. */
function learnerLevels(noise: number): number[] {
  const soft = noise + 10;
  const loud = Math.max(-10, soft + 10);
  const out: number[] = [];
  for (let i = 0; i < 6; i++) out.push(soft + ((loud - soft) * i) / 5);
  return out;
}

function buildRecording(
  work: string,
  c: Recording,
): { mix: Float32Array; truth: VoiceTruth; enrolL: Float32Array; enrolP: Float32Array } {
  const rnd = prng(c.seed);
  let learner: Clip[];
  let adult: Clip[];
  let enrolLearner: Clip[];
  let enrolAdult: Clip[];
  if (c.real) {
    const r = realClips(work);
    // Enrolment: the second halves of the last two cry files (those infants also cry in the recording).
    enrolLearner = [r.learner[5], r.learner[7]].filter((x): x is Clip => x !== undefined);
    learner = r.learner.filter((x) => !enrolLearner.includes(x));
    adult = r.adult.slice(0, 6);
    enrolAdult = r.adult.slice(6);
  } else {
    const l = learnerSynthClips(work, `c${c.seed}`);
    const a = adultSynthClips(work, `c${c.seed}`);
    enrolLearner = [l[1], l[10], l[13]].filter((x): x is Clip => x !== undefined);
    enrolAdult = a.slice(6);
    learner = l.filter((x) => !enrolLearner.includes(x));
    adult = a.slice(0, 6);
  }
  const levels = learnerLevels(c.noiseDbfs);
  const adultLevel = Math.min(-12, c.noiseDbfs + 18);
  // Lay out: learner vocalises; half the time the adult answers 0.6-1.4 s later; then 1-2.5 s of quiet.
  interface Placed {
    clip: Clip;
    at: number;
    level: number;
  }
  const placed: Placed[] = [];
  let t = 1.5 * SR; // the first 1.5 s are room only: the adaptive floor's first look at the room
  let ai = 0;
  const order = learner.map((clip, i) => ({ clip, k: rnd(), i }));
  order.sort((a, b) => a.k - b.k);
  for (const { clip, i } of order) {
    // Real cries alternate 8 and 16 dB over the room (a real recording's level is its loud cries, not its softest).
    const level = c.real ? Math.min(-10, c.noiseDbfs + 8 + 8 * (i % 2)) : (levels[i % levels.length] ?? -30);
    placed.push({ clip, at: t, level });
    t += clip.x.length + Math.round((0.6 + 0.8 * rnd()) * SR);
    if (c.real || rnd() < 0.55) {
      const a = adult[ai % adult.length];
      ai++;
      if (a) {
        placed.push({ clip: a, at: t, level: adultLevel });
        t += a.x.length + Math.round((1 + 1.5 * rnd()) * SR);
      }
    } else {
      t += Math.round(0.5 * rnd() * SR);
    }
  }
  const total = t + SR;
  const mix = roomNoise(work, c, total / SR);
  const noise = mix.slice();
  const segments: TruthSegment[] = [];
  for (const p of placed) {
    const frames = clipFrames(p.clip.x, c.real);
    const g = 10 ** ((p.level - activeRmsDb(frames)) / 20);
    const regions = activeRegions(frames, audibleFrames(p.clip.x, g, noise, p.at));
    for (let i = 0; i < p.clip.x.length; i++) {
      const j = p.at + i;
      if (j < mix.length) mix[j] = (mix[j] ?? 0) + g * (p.clip.x[i] ?? 0);
    }
    for (const r of regions) {
      segments.push({
        party: p.clip.party,
        kind: p.clip.kind,
        startMs: Math.round(((p.at + r.startF * FRAME) / SR) * 1000),
        endMs: Math.round(((p.at + r.endF * FRAME) / SR) * 1000),
        levelDbfs: Math.round(p.level * 10) / 10,
      });
    }
  }
  for (let i = 0; i < mix.length; i++) mix[i] = Math.max(-1, Math.min(1, mix[i] ?? 0));
  const enrol = (clips: Clip[], level: number): Float32Array => {
    const parts = clips.map((cl) => gain(cl.x, level - activeRmsDb(clipFrames(cl.x, c.real))));
    const gap = Math.round(0.3 * SR);
    const out = new Float32Array(parts.reduce((s, p) => s + p.length + gap, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length + gap;
    }
    return out;
  };
  const truth: VoiceTruth = {
    name: c.name,
    description: c.description,
    sampleRate: SR,
    durationMs: Math.round((mix.length / SR) * 1000),
    roomNoiseDbfs: c.noiseDbfs,
    otherVoices: c.otherVoices,
    real: c.real,
    segments: segments.sort((a, b) => a.startMs - b.startMs),
    enrolment: { learner: `${c.name}.learner-enrol.wav`, practitioner: `${c.name}.practitioner-enrol.wav` },
  };
  return { mix, truth, enrolL: enrol(enrolLearner, -20), enrolP: enrol(enrolAdult, -20) };
}

// ---------------------------------------------------------------------------------------------- entry

function stamp(): string {
  const h = createHash('sha256');
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  h.update(readFileSync(join(ROOT, 'src/core/audio/wav.ts')));
  for (const f of [...REAL_CRIES, REAL_SPEECH, ...REAL_NOISES]) {
    const s = statSync(join(SRC_FIXTURES, f));
    h.update(`${f}:${s.size}`);
  }
  return h.digest('hex').slice(0, 16);
}

function loadAll(dir: string): VoiceFixture[] {
  return RECORDINGS.map((c) => {
    const truthPath = join(dir, `${c.name}.truth.json`);
    return {
      name: c.name,
      condition: c.condition,
      layout: c.layout,
      wavPath: join(dir, `${c.name}.wav`),
      truthPath,
      truth: JSON.parse(readFileSync(truthPath, 'utf8')) as VoiceTruth,
    };
  });
}

/** Writes each recording's mix, enrolments and truth into `build`, with a work folder of its own there. */
function buildInto(build: string, recordings: readonly Recording[], workName = 'work'): void {
  const work = join(build, workName);
  mkdirSync(work, { recursive: true });
  for (const c of recordings) {
    const { mix, truth, enrolL, enrolP } = buildRecording(work, c);
    writeFileSync(join(build, `${c.name}.wav`), encodeWav([mix], SR, 'int16'));
    writeFileSync(join(build, truth.enrolment.learner), encodeWav([enrolL], SR, 'int16'));
    writeFileSync(join(build, truth.enrolment.practitioner), encodeWav([enrolP], SR, 'int16'));
    writeFileSync(join(build, `${c.name}.truth.json`), `${JSON.stringify(truth, null, 2)}\n`);
  }
  rmSync(work, { recursive: true, force: true });
}

/** Whether `dir` holds a set built by this version of the generator from these sources. */
function upToDate(dir: string): boolean {
  const stampPath = join(dir, 'STAMP');
  return existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp();
}

/** Stamps a finished build and puts it in `dir`, unless another process put an identical set there first. */
function finish(build: string, dir: string): void {
  writeFileSync(join(build, 'STAMP'), stamp());
  // Another worker may have finished first: then its set (identical, deterministic) stays and ours goes.
  if (upToDate(dir)) {
    rmSync(build, { recursive: true, force: true });
  } else {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(build, dir);
  }
}

/** Builds the fixtures unless an up-to-date set is already there; safe when several test workers race. */
export function ensureVoiceFixtures(dir: string = VOICE_FIXTURE_DIR): VoiceFixture[] {
  if (upToDate(dir)) return loadAll(dir);
  const build = `${dir}.build-${process.pid}-${Date.now()}`;
  try {
    buildInto(build, RECORDINGS);
    finish(build, dir);
  } catch (e) {
    rmSync(build, { recursive: true, force: true });
    throw e;
  }
  return loadAll(dir);
}

/**
 * As ensureVoiceFixtures, with the recordings dealt out to `parts` processes of this script (each runs its sox
 * and espeak-ng one at a time): for the test run's global setup, which has nothing else to do meanwhile, so on
 * two cores the set is there in about half the time of one process. The files are the same either way.
 */
export async function ensureVoiceFixturesInParallel(
  dir: string = VOICE_FIXTURE_DIR,
  parts = Math.min(2, availableParallelism()),
): Promise<void> {
  if (upToDate(dir)) return;
  const build = `${dir}.build-${process.pid}-${Date.now()}`;
  mkdirSync(build, { recursive: true });
  const part = (i: number) =>
    new Promise<void>((done, fail) => {
      const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--part', `${i}/${parts}`, build];
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0 ? done() : fail(new Error(`voice fixtures, part ${i + 1} of ${parts}: ${err.trim()}`)),
      );
    });
  try {
    await Promise.all(Array.from({ length: parts }, (_, i) => part(i)));
    finish(build, dir);
  } catch (e) {
    rmSync(build, { recursive: true, force: true });
    throw e;
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const partArg = process.argv.indexOf('--part');
if (isMain && partArg > 0) {
  // One part of ensureVoiceFixturesInParallel: every parts-th recording from the i-th, into the folder given.
  const [i = 0, parts = 1] = (process.argv[partArg + 1] ?? '').split('/').map(Number);
  const into = process.argv[partArg + 2];
  if (!into) throw new Error('--part i/n needs the folder to build into');
  buildInto(
    into,
    RECORDINGS.filter((_, k) => k % parts === i),
    `work-${i}`,
  );
} else if (isMain) {
  const t0 = performance.now();
  const fx = ensureVoiceFixtures();
  for (const f of fx) {
    const l = f.truth.segments.filter((s) => s.party === 'learner').length;
    const p = f.truth.segments.length - l;
    console.log(
      `${f.wavPath}: ${(f.truth.durationMs / 1000).toFixed(1)} s, ${l} learner + ${p} adult segments`,
    );
  }
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
