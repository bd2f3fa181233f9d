/**
 * The whose-voice evaluation, split by source so that it cannot flatter itself.
 *
 * TUNED (the material the model's coefficients are fitted on, and every earlier test voice):
 *   practitioners: espeak-ng en+f3, en+m1, en+f1 (tests/unit/support/voices.ts) and the real adult of
 *     tests/fixtures/voice-adult-english-60s.wav;
 *   learners: espeak-ng young girl, 15-year-old boy and young boy (the media tests' squealy boy), the four real
 *     infants of tests/fixtures/infant-cry-1..4.wav (scored on one file, enrolled on another: 1 and 2, 3 and 4,
 *     each pair both ways), and synthetic child A (hums, cries, fusses, squeals around 300 Hz, formants 900/2600 Hz).
 *   Each fixture file is a different infant (tests/fixtures/LICENSES.md), as are the held-out cries: an infant
 *   "learner" is enrolled on another infant's cries, so with both voices enrolled a real infant's figures are a
 *   learner profile that does not fit, not one of their own.
 * HELD OUT (never looked at while tuning):
 *   practitioners: the six adult men of the Free Spoken Digit Dataset (tests/fixtures/heldout/fsdd-*.wav), espeak-ng
 *     en+f5 and en+Alicia (women), and a deep man (espeak-ng en+m1 at its lowest pitch: F0 50-75 Hz);
 *   learners: six other real infants (tests/fixtures/heldout/cry-*.wav: discomfort, tired, belly pain), espeak-ng
 *     en+f4 and en+Andy shifted up as children, and synthetic child B (around 420 Hz, formants 1200/3300 Hz).
 * BACKGROUND (scripts/bench/voiceBackground.ts: learner-like voices and other adults the practitioner's likeness is
 *   weighed against): from sources in neither split.
 * Enrolment: 1.5, 3 or 5 s of voice holding one kind of sound: the practitioner's one sentence; the learner's one
 * vowel, one hum or one cry. Every learner is paired with every practitioner of the same split.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Attribution, VoiceAttributor } from '../../src/core/audio/attribution.ts';
import { BACKGROUND_VOICES, type BackgroundVoice } from '../../src/core/audio/voiceBackground.ts';
import {
  attributeVoice,
  DEFAULT_WHOSE_VOICE_PARAMS,
  enrolmentFeatures,
  featureExtractor,
  featureOfSamples,
  type KnownVoices,
  learnLearnerVoice,
  profileFromFeatures,
  profileLogOdds,
  type VoiceFeature,
  type VoiceProfile,
  type WhoseVoiceParams,
} from '../../src/core/audio/whoseVoice.ts';
import {
  cut,
  fixture,
  inRoom,
  LEARNER_SOUNDS,
  PRACTITIONER_PHRASES,
  RATE,
  readF32,
  speak,
  type VoiceSpec,
} from '../../tests/unit/support/voices.ts';

export type Split = 'tuned' | 'held-out';
type Role = 'learner' | 'practitioner';

export interface EvalItem {
  kind: string;
  samples: Float32Array;
}

export interface Speaker {
  id: string;
  split: Split;
  role: Role;
  /** Enrolment: `seconds` of voice of one kind of sound. */
  enrol: (seconds: number) => Float32Array;
  items: EvalItem[];
}

const HELD_OUT_DIR = join(process.cwd(), 'tests', 'fixtures', 'heldout');
const CACHE = join(process.cwd(), '.tmp', 'voice-eval');

export function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** The first `seconds` of voice in `x`: its loud stretches (as `cut` finds them) joined, cut at that length. */
export function voiceOf(x: Float32Array, seconds: number): Float32Array {
  const parts = cut(x, 2000);
  const want = Math.round(seconds * RATE);
  const out = new Float32Array(want);
  let at = 0;
  for (const p of parts) {
    if (at >= want) break;
    const n = Math.min(p.length, want - at);
    out.set(p.subarray(0, n), at);
    at += n;
  }
  return out.subarray(0, at);
}

function heldOutWav(name: string): Float32Array {
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, `${name}.f32`);
  if (!existsSync(out)) {
    execFileSync('sox', [
      join(HELD_OUT_DIR, `${name}.wav`),
      '-t',
      'f32',
      '-c',
      '1',
      out,
      'rate',
      String(RATE),
    ]);
  }
  return readF32(out);
}

/** Peaks from soft to loud, over a -50 dBFS room, as the media tests place them. */
function placed(x: Float32Array, i: number, seed: number): Float32Array {
  const peak = -36 + ((i * 7 + seed) % 25);
  return inRoom(x, peak, -50, seed * 100 + i);
}

function espeakSpeaker(
  id: string,
  split: Split,
  role: Role,
  spec: VoiceSpec,
  enrolText: string,
  seed: number,
): Speaker {
  const texts = role === 'learner' ? LEARNER_SOUNDS : PRACTITIONER_PHRASES;
  return {
    id,
    split,
    role,
    enrol: (s) => voiceOf(inRoom(speak(spec, enrolText, 0), -20, -50, seed + 1), s),
    items: texts.map((t, i) => ({
      kind: role === 'learner' ? 'child sounds' : spec.name.includes('deep') ? 'deep man' : 'adult speech',
      samples: placed(speak(spec, t, Math.sin(seed * 7 + i * 2.3)), i, seed),
    })),
  };
}

/** A real recording: enrolment from its first stretches, the rest cut into segments. */
function realSpeaker(
  id: string,
  split: Split,
  role: Role,
  kind: string,
  x: Float32Array,
  seed: number,
): Speaker {
  const parts = cut(x, 2000);
  // Enrolment takes up to 5 s from the start; the segments scored are the ones after it.
  let enrolled = 0;
  let first = 0;
  while (first < parts.length && enrolled < 5 * RATE) enrolled += (parts[first++] as Float32Array).length;
  const enrolFrom = parts.slice(0, first);
  const joined = new Float32Array(enrolFrom.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of enrolFrom) {
    joined.set(p, at);
    at += p.length;
  }
  const rest = parts.slice(first);
  return {
    id,
    split,
    role,
    enrol: (s) => voiceOf(inRoom(joined, -20, -50, seed + 1), s),
    items: (rest.length > 0 ? rest : parts).map((p, i) => ({ kind, samples: placed(p, i, seed) })),
  };
}

/**
 * Cries of one real infant file, enrolled on another file: a 7 s file gives too little for enrolment and segments
 * both. The corpus's files are each a different infant, so the enrolment is another infant's.
 */
function realInfant(
  id: string,
  split: Split,
  enrolFrom: Float32Array,
  testFrom: Float32Array,
  kind: string,
  seed: number,
): Speaker {
  const parts = cut(testFrom, 2000);
  return {
    id,
    split,
    role: 'learner',
    enrol: (s) => voiceOf(inRoom(enrolFrom, -20, -50, seed + 1), s),
    items: parts.map((p, i) => ({ kind, samples: placed(p, i, seed) })),
  };
}

interface ChildVoice {
  f0: number;
  formants: [number, number, number];
}

/** A two-pole resonator (formant) over `x`. */
function resonate(x: Float64Array, hz: number, bw: number): Float64Array {
  const r = Math.exp((-Math.PI * bw) / RATE);
  const a1 = 2 * r * Math.cos((2 * Math.PI * hz) / RATE);
  const a2 = -r * r;
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++)
    y[i] = (1 - r) * (x[i] as number) + a1 * (y[i - 1] ?? 0) + a2 * (y[i - 2] ?? 0);
  return y;
}

/** One synthetic vocalisation: a pulse-like harmonic source along an F0 contour, through three formants. */
export function childSound(
  v: ChildVoice,
  kind: 'hum' | 'cry' | 'fuss' | 'squeal',
  rnd: () => number,
): Float32Array {
  const dur =
    kind === 'fuss' ? 0.25 + 0.25 * rnd() : kind === 'squeal' ? 0.3 + 0.4 * rnd() : 0.6 + 0.8 * rnd();
  const n = Math.round(dur * RATE);
  const src = new Float64Array(n);
  let phase = 0;
  const base =
    kind === 'squeal'
      ? 900 + 500 * rnd()
      : kind === 'cry'
        ? v.f0 * (1.4 + 0.3 * rnd())
        : kind === 'fuss'
          ? v.f0 * (1.1 + 0.2 * rnd())
          : v.f0 * (0.9 + 0.15 * rnd());
  const harmonics = kind === 'hum' ? 6 : 14;
  for (let i = 0; i < n; i++) {
    const t = i / n;
    // Cries rise and fall; hums drift; squeals glide; every contour has a little vibrato.
    const contour =
      kind === 'cry'
        ? 1 + 0.25 * Math.sin(Math.PI * t) - 0.15 * t
        : kind === 'squeal'
          ? 1 + 0.3 * (t - 0.5)
          : 1 - 0.05 * t;
    const f = base * contour * (1 + 0.02 * Math.sin(2 * Math.PI * 5.5 * (i / RATE)));
    phase += (2 * Math.PI * f) / RATE;
    let s = 0;
    for (let k = 1; k <= harmonics && k * f < 7500; k++) s += Math.sin(k * phase) / k;
    const noise = kind === 'fuss' ? 0.5 * (rnd() - 0.5) : 0.05 * (rnd() - 0.5);
    const env = Math.min(1, i / (0.04 * RATE), (n - i) / (0.06 * RATE));
    src[i] = (s + noise) * env;
  }
  const [f1, f2, f3] = v.formants;
  const nasal = kind === 'hum';
  const y1 = resonate(src, nasal ? 300 : f1, 120);
  const y2 = resonate(src, f2, 200);
  const y3 = resonate(src, f3, 300);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++)
    out[i] = (y1[i] as number) + (nasal ? 0.2 : 0.6) * (y2[i] as number) + 0.3 * (y3[i] as number);
  return out;
}

function synthChild(id: string, split: Split, v: ChildVoice, seed: number): Speaker {
  const rnd = prng(seed);
  const kinds = ['hum', 'cry', 'fuss', 'squeal'] as const;
  const items: EvalItem[] = [];
  for (let i = 0; i < 16; i++) {
    const kind = kinds[i % 4] as (typeof kinds)[number];
    items.push({ kind: `synthetic ${kind}`, samples: placed(childSound(v, kind, rnd), i, seed) });
  }
  const enrolRnd = prng(seed + 7);
  const hums: Float32Array[] = [];
  for (let i = 0; i < 8; i++) {
    hums.push(childSound(v, 'hum', enrolRnd));
    hums.push(new Float32Array(RATE / 4));
  }
  const joined = new Float32Array(hums.reduce((a, h) => a + h.length, 0));
  let at = 0;
  for (const h of hums) {
    joined.set(h, at);
    at += h.length;
  }
  return { id, split, role: 'learner', enrol: (s) => voiceOf(inRoom(joined, -20, -50, seed + 1), s), items };
}

const PRACTITIONER_ENROL =
  'hello, this is my voice, and I am going to read this sentence to the computer slowly.';
const VOWEL_ENROL = 'aah, aah, aah, aah, aah, aah, aah, aah, aah, aah';
const HUM_ENROL = 'mmmm, mmmm, mmmm, mmmm, mmmm, mmmm, mmmm, mmmm';

/** Every speaker of both splits. Built lazily (espeak-ng and sox run on first use, cached under .tmp). */
export function evalSpeakers(): Speaker[] {
  const sp = (name: string, voice: string, pitch: number, shiftCents: number, speed = 150): VoiceSpec => ({
    name,
    voice,
    pitch,
    speed,
    shiftCents,
  });
  const cry = (n: number) => fixture(`infant-cry-${n}`);
  const heldCries = [
    'cry-1-discomfort',
    'cry-2-discomfort',
    'cry-3-tired',
    'cry-4-tired',
    'cry-5-belly_pain',
    'cry-6-belly_pain',
  ];
  return [
    // tuned
    espeakSpeaker(
      'woman (en+f3)',
      'tuned',
      'practitioner',
      sp('adult woman', 'en+f3', 55, 0, 160),
      PRACTITIONER_ENROL,
      5,
    ),
    espeakSpeaker(
      'man (en+m1)',
      'tuned',
      'practitioner',
      sp('adult man', 'en+m1', 40, 0, 160),
      PRACTITIONER_ENROL,
      13,
    ),
    espeakSpeaker(
      'woman high (en+f1)',
      'tuned',
      'practitioner',
      sp('adult woman high', 'en+f1', 70, 0, 170),
      PRACTITIONER_ENROL,
      17,
    ),
    realSpeaker(
      'real adult (silero en.wav)',
      'tuned',
      'practitioner',
      'real adult speech',
      fixture('voice-adult-english-60s'),
      19,
    ),
    espeakSpeaker(
      'young girl (en+f2)',
      'tuned',
      'learner',
      sp('young girl', 'en+f2', 90, 400, 140),
      VOWEL_ENROL,
      3,
    ),
    espeakSpeaker('teen boy (en+m3)', 'tuned', 'learner', sp('teen boy', 'en+m3', 95, 250), HUM_ENROL, 11),
    espeakSpeaker(
      'young boy, squeals (en+m3, raised 500 cents)',
      'tuned',
      'learner',
      sp('young boy', 'en+m3', 99, 500, 130),
      VOWEL_ENROL,
      37,
    ),
    realInfant('real infant 1 (cry-1, cry-2)', 'tuned', cry(2), cry(1), 'real cry', 23),
    realInfant('real infant 3 (cry-3, cry-4)', 'tuned', cry(4), cry(3), 'real cry', 29),
    // The same two pairs of files the other way round (enrolled on the first, scored on the second), as the
    // held-out cries are paired both ways.
    realInfant('real infant 2 (cry-2, cry-1)', 'tuned', cry(1), cry(2), 'real cry', 97),
    realInfant('real infant 4 (cry-4, cry-3)', 'tuned', cry(3), cry(4), 'real cry', 101),
    synthChild('synthetic child A', 'tuned', { f0: 300, formants: [900, 2600, 3600] }, 31),
    // held out
    ...['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'].map((n, i) =>
      realSpeaker(
        `FSDD ${n}`,
        'held-out',
        'practitioner',
        'real adult speech',
        heldOutWav(`fsdd-${n}`),
        41 + i,
      ),
    ),
    espeakSpeaker(
      'woman (en+f5)',
      'held-out',
      'practitioner',
      sp('adult woman B', 'en+f5', 60, 0),
      PRACTITIONER_ENROL,
      53,
    ),
    espeakSpeaker(
      'woman (en+Alicia)',
      'held-out',
      'practitioner',
      sp('adult woman C', 'en+Alicia', 50, 0),
      PRACTITIONER_ENROL,
      59,
    ),
    espeakSpeaker(
      'deep man (en+m1, lowest)',
      'held-out',
      'practitioner',
      sp('deep man', 'en+m1', 5, 0, 140),
      PRACTITIONER_ENROL,
      61,
    ),
    ...[0, 2, 4].map((k) =>
      realInfant(
        `real infants ${heldCries[k]} / ${heldCries[k + 1]}`,
        'held-out',
        heldOutWav(heldCries[k + 1] as string),
        heldOutWav(heldCries[k] as string),
        'real cry or fuss',
        67 + k,
      ),
    ),
    ...[1, 3, 5].map((k) =>
      realInfant(
        `real infants ${heldCries[k]} / ${heldCries[k - 1]}`,
        'held-out',
        heldOutWav(heldCries[k - 1] as string),
        heldOutWav(heldCries[k] as string),
        'real cry or fuss',
        71 + k,
      ),
    ),
    espeakSpeaker(
      'girl B (en+f4)',
      'held-out',
      'learner',
      sp('girl B', 'en+f4', 85, 450, 140),
      VOWEL_ENROL,
      79,
    ),
    espeakSpeaker(
      'boy B (en+Andy)',
      'held-out',
      'learner',
      sp('boy B', 'en+Andy', 99, 350, 140),
      HUM_ENROL,
      83,
    ),
    synthChild('synthetic child B', 'held-out', { f0: 420, formants: [1200, 3300, 4200] }, 89),
  ];
}

// ------------------------------------------------------------------------------------------------ scoring

export interface Prepared {
  speaker: Speaker;
  features: VoiceFeature[];
  kinds: string[];
  /** Per enrolment length, the enrolment's chunk features (a profile is made from them). */
  enrolChunks: Map<number, VoiceFeature[]>;
  profiles: Map<number, VoiceProfile | null>;
  items: Float32Array[];
}

export const ENROL_SECONDS = [1.5, 3, 5] as const;

/** (Re)makes the profiles from the enrolment chunks, with the current profile code. */
export function withProfiles(p: Prepared): Prepared {
  const profiles = new Map<number, VoiceProfile | null>();
  for (const [s, chunks] of p.enrolChunks) profiles.set(s, profileFromFeatures(chunks));
  return { ...p, profiles };
}

export function prepare(speakers: readonly Speaker[]): Prepared[] {
  const ex = featureExtractor(RATE);
  return speakers.map((speaker) => {
    const enrolChunks = new Map<number, VoiceFeature[]>();
    for (const s of ENROL_SECONDS) enrolChunks.set(s, enrolmentFeatures(ex.extract(speaker.enrol(s))));
    return withProfiles({
      speaker,
      features: speaker.items.map((it) => featureOfSamples(ex, it.samples)),
      kinds: speaker.items.map((it) => it.kind),
      enrolChunks,
      profiles: new Map(),
      items: speaker.items.map((it) => it.samples),
    });
  });
}

export interface Tally {
  total: number;
  correct: number;
  unknown: number;
  confident: number;
  confidentRight: number;
}

const emptyTally = (): Tally => ({ total: 0, correct: 0, unknown: 0, confident: 0, confidentRight: 0 });

function add(t: Tally, truth: Role, party: string, confidence: number): void {
  t.total++;
  if (party === truth) t.correct++;
  if (party === 'unknown') t.unknown++;
  if (party !== 'unknown' && confidence >= 0.9) {
    t.confident++;
    if (party === truth) t.confidentRight++;
  }
}

export type Method = 'ours' | 'older mixture model' | 'pitch > 250 Hz rule';

/** One learner x practitioner pair's errors, by direction, and how many of them were at confidence >= 0.9. */
export interface PairErrors {
  learner: string;
  practitioner: string;
  total: number;
  learnerAsPractitioner: number;
  practitionerAsLearner: number;
  unknown: number;
  confidentWrong: number;
}

/** Every learner x practitioner pair of a split: each pair's two speakers' segments, attributed. */
export function evaluate(
  prepared: readonly Prepared[],
  split: Split,
  seconds: number,
  withLearner: boolean,
  method: Method,
  params: Readonly<WhoseVoiceParams> = DEFAULT_WHOSE_VOICE_PARAMS,
  background: readonly BackgroundVoice[] = BACKGROUND_VOICES,
): { all: Tally; byKind: Map<string, Tally>; byPair: PairErrors[] } {
  const all = emptyTally();
  const byKind = new Map<string, Tally>();
  const byPair: PairErrors[] = [];
  const learners = prepared.filter((p) => p.speaker.split === split && p.speaker.role === 'learner');
  const practitioners = prepared.filter(
    (p) => p.speaker.split === split && p.speaker.role === 'practitioner',
  );
  const olds = new Map<Prepared, VoiceAttributor | null>();
  const oldFor = (p: Prepared): VoiceAttributor | null => {
    if (!olds.has(p)) {
      const a = new VoiceAttributor(RATE);
      try {
        a.enrol(p.speaker.role, p.speaker.enrol(seconds));
        olds.set(p, a);
      } catch {
        olds.set(p, null);
      }
    }
    return olds.get(p) ?? null;
  };
  for (const l of learners) {
    for (const pr of practitioners) {
      const voices: KnownVoices = {
        practitioner: pr.profiles.get(seconds) ?? null,
        learner: withLearner ? (l.profiles.get(seconds) ?? null) : null,
      };
      let old: VoiceAttributor | null = null;
      if (method === 'older mixture model') {
        const po = oldFor(pr);
        const lo = withLearner ? oldFor(l) : null;
        if (po !== null) {
          const json = po.toJSON();
          if (lo !== null) json.parties.learner = lo.toJSON().parties.learner;
          old = VoiceAttributor.fromJSON(json, RATE);
        }
      }
      const pair: PairErrors = {
        learner: l.speaker.id,
        practitioner: pr.speaker.id,
        total: 0,
        learnerAsPractitioner: 0,
        practitionerAsLearner: 0,
        unknown: 0,
        confidentWrong: 0,
      };
      byPair.push(pair);
      for (const who of [l, pr]) {
        who.features.forEach((f, i) => {
          let party: string;
          let confidence: number;
          if (method === 'ours') {
            const v = attributeVoice(f, voices, {}, params, background);
            party = v.party;
            confidence = v.confidence;
          } else if (method === 'pitch > 250 Hz rule') {
            party = f.f0 === null ? 'unknown' : 2 ** f.f0[1] > 250 ? 'learner' : 'practitioner';
            confidence = 0.5;
          } else {
            const a: Attribution | null = old === null ? null : old.attribute(who.items[i] as Float32Array);
            party = a?.party ?? 'unknown';
            confidence = a?.confidence ?? 0;
          }
          add(all, who.speaker.role, party, confidence);
          pair.total++;
          if (party !== who.speaker.role) {
            if (party === 'unknown') pair.unknown++;
            else if (who.speaker.role === 'learner') pair.learnerAsPractitioner++;
            else pair.practitionerAsLearner++;
            if (party !== 'unknown' && confidence >= 0.9) pair.confidentWrong++;
          }
          const kind = who.kinds[i] as string;
          const t = byKind.get(kind) ?? emptyTally();
          add(t, who.speaker.role, party, confidence);
          byKind.set(kind, t);
        });
      }
    }
  }
  return { all, byKind, byPair };
}

/**
 * The app's case with the practitioner's voice alone: the learner's voice learnt during the session, as
 * engine/voiceIdentity.ts does (learnLearnerVoice: segments labelled learner at >= 0.9, used from 3 on), with no
 * learner enrolment. Each pair is one session, its segments taking turns (learner, practitioner, ...), attributed
 * one by one with what has been learnt so far. Returns the tally and the share of other adults labelled learner
 * once the session's voice is learnt (every other practitioner's segments against the pair's final voices).
 */
export function evaluateLearnt(
  prepared: readonly Prepared[],
  split: Split,
  seconds: number,
): { all: Tally; visitors: { total: number; asLearner: number } } {
  const all = emptyTally();
  const visitorsOut = { total: 0, asLearner: 0 };
  const inSplit = prepared.filter((p) => p.speaker.split === split);
  const practitioners = inSplit.filter((p) => p.speaker.role === 'practitioner');
  for (const l of inSplit.filter((p) => p.speaker.role === 'learner')) {
    for (const pr of practitioners) {
      const practitioner = pr.profiles.get(seconds) ?? null;
      const turns: { f: VoiceFeature; truth: Role }[] = [];
      for (let i = 0; i < Math.max(l.features.length, pr.features.length); i++) {
        const lf = l.features[i];
        const pf = pr.features[i];
        if (lf) turns.push({ f: lf, truth: 'learner' });
        if (pf) turns.push({ f: pf, truth: 'practitioner' });
      }
      let learnt: VoiceFeature[] = [];
      let learner: VoiceProfile | null = null;
      for (const t of turns) {
        const v = attributeVoice(t.f, { practitioner, learner });
        add(all, t.truth, v.party, v.confidence);
        const next = learnLearnerVoice(learnt, t.f, v);
        learnt = next.learnt;
        learner = next.profile;
      }
      for (const visitor of practitioners) {
        if (visitor === pr) continue;
        for (const f of visitor.features) {
          visitorsOut.total++;
          if (attributeVoice(f, { practitioner, learner }).party === 'learner') visitorsOut.asLearner++;
        }
      }
    }
  }
  return { all, visitors: visitorsOut };
}

/**
 * Other adults across the room: in each pair of the split, every other practitioner's segments played as a visitor
 * (neither enrolled voice). Returns the share labelled learner (the error that matters: a visitor's voice counted
 * in the learner's turns) and the share labelled unknown.
 */
export function visitors(
  prepared: readonly Prepared[],
  split: Split,
  seconds: number,
  withLearner: boolean,
  params: Readonly<WhoseVoiceParams> = DEFAULT_WHOSE_VOICE_PARAMS,
): { total: number; asLearner: number; unknown: number } {
  const out = { total: 0, asLearner: 0, unknown: 0 };
  const inSplit = prepared.filter((p) => p.speaker.split === split);
  const practitioners = inSplit.filter((p) => p.speaker.role === 'practitioner');
  for (const l of inSplit.filter((p) => p.speaker.role === 'learner')) {
    for (const pr of practitioners) {
      const voices: KnownVoices = {
        practitioner: pr.profiles.get(seconds) ?? null,
        learner: withLearner ? (l.profiles.get(seconds) ?? null) : null,
      };
      for (const visitor of practitioners) {
        if (visitor === pr) continue;
        for (const f of visitor.features) {
          const v = attributeVoice(f, voices, {}, params);
          out.total++;
          if (v.party === 'learner') out.asLearner++;
          if (v.party === 'unknown') out.unknown++;
        }
      }
    }
  }
  return out;
}

/**
 * Fits the logistic model on the TUNED split only: every segment against every practitioner profile of that split,
 * the target being "this is that practitioner". The bias and the pitch and envelope weights, with the background
 * as whoseVoice.ts uses it (practitionerLogOdds: against a mixture of anyone and the learner-like voices, whose
 * log-odds share the same weights). Plain gradient descent on the mean log-loss.
 */
export function fitOnTuned(
  prepared: readonly Prepared[],
  seconds = 1.5,
  base: Readonly<WhoseVoiceParams> = DEFAULT_WHOSE_VOICE_PARAMS,
): Pick<WhoseVoiceParams, 'bias' | 'pitchWeight' | 'cepWeight'> {
  const unit: WhoseVoiceParams = { ...base, bias: 0, pitchWeight: 1, cepWeight: 0 };
  const unitCep: WhoseVoiceParams = { ...base, bias: 0, pitchWeight: 0, cepWeight: 1 };
  const children = BACKGROUND_VOICES.filter((b) => b.kind === 'child');
  const withBackground = base.backgroundWeight > 0 && children.length > 0;
  // Per row: the pitch and envelope terms against the practitioner, then against each background voice.
  const rows: { p: number; c: number; bp: number[]; bc: number[]; y: number }[] = [];
  // As the evaluation pairs them: each practitioner's own segments (1) against each learner's (0). Other
  // practitioners are not negatives: a session holds one practitioner, and a visitor is the learner profile's case.
  const tuned = prepared.filter((p) => p.speaker.split === 'tuned');
  for (const pr of tuned.filter((p) => p.speaker.role === 'practitioner')) {
    const profile = pr.profiles.get(seconds);
    if (!profile) continue;
    for (const l of tuned.filter((p) => p.speaker.role === 'learner')) {
      for (const who of [pr, l]) {
        for (const f of who.features) {
          if (f.frames < DEFAULT_WHOSE_VOICE_PARAMS.minFrames) continue;
          rows.push({
            p: -profileLogOdds(f, profile, unit),
            c: -profileLogOdds(f, profile, unitCep),
            bp: withBackground ? children.map((b) => -profileLogOdds(f, b.profile, unit)) : [],
            bc: withBackground ? children.map((b) => -profileLogOdds(f, b.profile, unitCep)) : [],
            y: who === pr ? 1 : 0,
          });
        }
      }
    }
  }
  let b = base.bias;
  let wp = base.pitchWeight;
  let wc = base.cepWeight;
  const k = base.backgroundLogit;
  const wb = base.backgroundWeight;
  const lr = 0.05;
  for (let it = 0; it < 2000; it++) {
    let gb = 0;
    let gp = 0;
    let gc = 0;
    for (const r of rows) {
      let z = b - wp * r.p - wc * r.c;
      let db = 1;
      let dp = -r.p;
      let dc = -r.c;
      if (withBackground) {
        // bg = log mean exp(b - wp p_k - wc c_k); z -= wb softplus(bg + k).
        const s = r.bp.map((x, j) => b - wp * x - wc * (r.bc[j] as number));
        const top = Math.max(...s);
        const e = s.map((x) => Math.exp(x - top));
        const sum = e.reduce((a, x) => a + x, 0);
        const bg = top + Math.log(sum / s.length);
        const sp = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));
        z -= wb * sp(bg + k);
        const share = wb / (1 + Math.exp(-(bg + k)));
        db -= share;
        e.forEach((x, j) => {
          dp += share * (x / sum) * (r.bp[j] as number);
          dc += share * (x / sum) * (r.bc[j] as number);
        });
      }
      const e = 1 / (1 + Math.exp(-z)) - r.y;
      gb += e * db;
      gp += e * dp;
      gc += e * dc;
    }
    b -= (lr * gb) / rows.length;
    wp = Math.max(0, wp - (lr * gp) / rows.length);
    wc = Math.max(0, wc - (lr * gc) / rows.length);
  }
  return { bias: b, pitchWeight: wp, cepWeight: wc };
}

const pct = (t: Tally): string => `${(t.correct / Math.max(1, t.total)).toFixed(3)}`;
const cal = (t: Tally): string =>
  t.confident === 0 ? '-' : `${(t.confidentRight / t.confident).toFixed(3)} of ${t.confident}`;

/** Prints the evaluation: tuned and held-out side by side, per enrolment length, with the peers. */
export function benchWhoseVoiceSplit(): void {
  console.log('\n## Whose voice, split by source: tuned vs held out (never tuned on)');
  console.log(
    'Sources: see scripts/bench/voiceEval.ts. Accuracy over every learner x practitioner pair of the split (unknown' +
      ' counts as wrong); calibration: of the segments labelled at confidence >= 0.9, the share right (target >= 0.90).' +
      ` Background: ${BACKGROUND_VOICES.filter((b) => b.kind === 'child').length} learner-like voices and ${BACKGROUND_VOICES.filter((b) => b.kind === 'adult').length} other adults, in neither split (scripts/bench/voiceBackground.ts).`,
  );
  const prepared = prepare(evalSpeakers());
  const fit = fitOnTuned(prepared);
  const d = DEFAULT_WHOSE_VOICE_PARAMS;
  const noBackground: WhoseVoiceParams = { ...d, backgroundWeight: 0, visitorWeight: 0 };
  // The fit minimises log-loss (calibration), not errors: its tuned accuracy is printed beside the defaults'.
  const refitAcc = pct(evaluate(prepared, 'tuned', 1.5, false, 'ours', { ...d, ...fit }).all);
  const defaultAcc = pct(evaluate(prepared, 'tuned', 1.5, false, 'ours').all);
  console.log(
    `logistic model refitted on the tuned split now: bias ${fit.bias.toFixed(2)}, pitch ${fit.pitchWeight.toFixed(2)}, envelope ${fit.cepWeight.toFixed(3)} (defaults in whoseVoice.ts: ${d.bias}, ${d.pitchWeight}, ${d.cepWeight}); tuned, 1.5 s, practitioner alone: ${refitAcc} refitted, ${defaultAcc} with the defaults`,
  );
  for (const split of ['tuned', 'held-out'] as const) {
    const speakers = prepared.filter((p) => p.speaker.split === split);
    const learners = speakers.filter((p) => p.speaker.role === 'learner').length;
    const practitioners = speakers.length - learners;
    const segments = speakers.reduce((a, p) => a + p.features.length, 0);
    console.log(
      `${split}: ${learners} learners x ${practitioners} practitioners, ${segments} distinct segments`,
    );
  }
  console.log(
    '| enrolment | voices enrolled | ours, tuned | ours, held out | calibration, tuned | calibration, held out | unknown, held out | without the background: tuned / held out / calibration held out | older mixture model, held out | pitch > 250 Hz rule, held out | target |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const withLearner of [false, true]) {
    for (const s of ENROL_SECONDS) {
      const tuned = evaluate(prepared, 'tuned', s, withLearner, 'ours').all;
      const held = evaluate(prepared, 'held-out', s, withLearner, 'ours').all;
      const tunedBefore = evaluate(prepared, 'tuned', s, withLearner, 'ours', noBackground).all;
      const heldBefore = evaluate(prepared, 'held-out', s, withLearner, 'ours', noBackground).all;
      const old =
        s === 1.5 ? pct(evaluate(prepared, 'held-out', s, withLearner, 'older mixture model').all) : '-';
      const rule =
        s === 1.5 ? pct(evaluate(prepared, 'held-out', s, withLearner, 'pitch > 250 Hz rule').all) : '-';
      const met =
        held.correct / held.total >= 0.9 &&
        (held.confident === 0 || held.confidentRight / held.confident >= 0.9);
      console.log(
        `| ${s} s | ${withLearner ? 'both' : 'practitioner alone'} | ${pct(tuned)} (${tuned.total}) | ${pct(held)} (${held.total}) | ${cal(tuned)} | ${cal(held)} | ${held.unknown} | ${pct(tunedBefore)} / ${pct(heldBefore)} / ${cal(heldBefore)} | ${old} | ${rule} | ${met ? 'met' : 'NOT MET'} |`,
      );
    }
  }
  console.log(
    '\nOther adults across the room (each other practitioner of the split played as a visitor), 1.5 s enrolments: share labelled learner (must be small) / unknown',
  );
  console.log('| voices enrolled | tuned | held out | held out, without the background |');
  console.log('|---|---|---|---|');
  for (const withLearner of [false, true]) {
    const cell = (v: { total: number; asLearner: number; unknown: number }) =>
      `${(v.asLearner / Math.max(1, v.total)).toFixed(3)} / ${(v.unknown / Math.max(1, v.total)).toFixed(3)} of ${v.total}`;
    console.log(
      `| ${withLearner ? 'both' : 'practitioner alone'} | ${cell(visitors(prepared, 'tuned', 1.5, withLearner))} | ${cell(visitors(prepared, 'held-out', 1.5, withLearner))} | ${cell(visitors(prepared, 'held-out', 1.5, withLearner, { ...noBackground, visitorWeight: 0 }))} |`,
    );
  }
  console.log(
    "\nThe app's case with the practitioner alone: the learner's voice learnt during the session from its confident segments (engine/voiceIdentity.ts), the pair's segments taking turns; other adults labelled learner once it is learnt",
  );
  console.log(
    '| enrolment | ours, tuned | ours, held out | calibration, tuned | calibration, held out | unknown, held out | other adults as learner, tuned / held out |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const s of ENROL_SECONDS) {
    const tuned = evaluateLearnt(prepared, 'tuned', s);
    const held = evaluateLearnt(prepared, 'held-out', s);
    const share = (v: { total: number; asLearner: number }) =>
      (v.asLearner / Math.max(1, v.total)).toFixed(3);
    console.log(
      `| ${s} s | ${pct(tuned.all)} | ${pct(held.all)} | ${cal(tuned.all)} | ${cal(held.all)} | ${held.all.unknown} | ${share(tuned.visitors)} / ${share(held.visitors)} |`,
    );
  }
  console.log('\nHeld out, 1.5 s enrolments, by kind of sound (practitioner alone / both):');
  const a = evaluate(prepared, 'held-out', 1.5, false, 'ours').byKind;
  const b = evaluate(prepared, 'held-out', 1.5, true, 'ours').byKind;
  console.log('| kind | practitioner alone | both | segments |');
  console.log('|---|---|---|---|');
  for (const [kind, t] of a) {
    const u = b.get(kind);
    console.log(`| ${kind} | ${pct(t)} | ${u ? pct(u) : '-'} | ${t.total} |`);
  }
  benchPairErrors(prepared);
}

/**
 * Where the errors are, pair by pair, at 1.5 s enrolments: counts only (which pair, which direction, how many at
 * confidence >= 0.9), practitioner alone / both, tuned and held out in one table. Pairs with no error are counted,
 * not listed. Read the held-out rows as counts to report, never as something to tune on.
 */
function benchPairErrors(prepared: readonly Prepared[]): void {
  console.log(
    '\nErrors by pair, 1.5 s enrolments (practitioner alone / both): learner labelled practitioner, practitioner labelled learner, unknown, and of the wrong labels those at confidence >= 0.9',
  );
  console.log(
    '| split | learner | practitioner | segments | learner as practitioner | practitioner as learner | unknown | confident and wrong |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const split of ['tuned', 'held-out'] as const) {
    const alone = evaluate(prepared, split, 1.5, false, 'ours').byPair;
    const both = evaluate(prepared, split, 1.5, true, 'ours').byPair;
    let clean = 0;
    alone.forEach((x, i) => {
      const y = both[i] as PairErrors;
      const wrong = (e: PairErrors) => e.learnerAsPractitioner + e.practitionerAsLearner + e.unknown;
      if (wrong(x) + wrong(y) === 0) {
        clean++;
        return;
      }
      const cell = (k: keyof PairErrors) => `${x[k]} / ${y[k]}`;
      console.log(
        `| ${split} | ${x.learner} | ${x.practitioner} | ${x.total} | ${cell('learnerAsPractitioner')} | ${cell('practitionerAsLearner')} | ${cell('unknown')} | ${cell('confidentWrong')} |`,
      );
    });
    console.log(`| ${split} | (${clean} more pairs with no error) | | | | | | |`);
  }
}
