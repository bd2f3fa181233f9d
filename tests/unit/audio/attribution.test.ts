/**
 * Whose voice (issue 3, item 3): after a few seconds of enrolment of each voice, vocal segments are labelled
 * learner / practitioner / unknown. Done when accuracy on held-out utterances is at least 0.90.
 *
 * Voices are synthesised with espeak-ng and sox (cached in .tmp/attribution/): child-like voices are espeak's
 * female and male variants at a high pitch, shifted up with sox `pitch` (which raises the formants too, as a
 * smaller vocal tract does), saying the sounds learners make; adults say short phrases and imitate the learner's
 * sounds, as practitioners do in Intensive Interaction. The hard pair is a 15-year-old-like learner against a
 * female practitioner whose pitch ranges overlap. Real recordings (infant cries vs adult speech) come from
 * tests/fixtures (see LICENSES.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Attribution, VoiceAttributor, type VoiceParty } from '../../../src/core/audio/attribution.ts';
import { pitchSummary, VoiceprintExtractor } from '../../../src/core/audio/voiceprint.ts';

const RATE = 16_000;
const CACHE = join(process.cwd(), '.tmp', 'attribution');
const FIXTURES = join(process.cwd(), 'tests', 'fixtures');
const TARGET_ACCURACY = 0.9;

interface VoiceSpec {
  name: string;
  /** espeak-ng voice+variant. */
  voice: string;
  /** espeak-ng pitch 0..99. */
  pitch: number;
  /** espeak-ng speed, words per minute. */
  speed: number;
  /** sox pitch shift in cents (whole spectrum, formants included). */
  shiftCents: number;
}

const LEARNER_SOUNDS = [
  'aah',
  'ba ba ba',
  'mmmm',
  'ooh',
  'eee',
  'da da',
  'wah wah',
  'hiya',
  'oh oh oh',
  'mama',
  'ya ya',
  'goo',
  'bee bee',
  'ah ah ah',
];
const PRACTITIONER_PHRASES = [
  'hello there',
  'ba ba ba',
  'aah',
  'well done',
  'my turn now',
  'ooh',
  'are you ready',
  'da da',
  'your turn',
  'that was lovely',
  'oh oh oh',
  'shall we go again',
  'mmmm',
  'wow, look at that',
];
const ENROL_LEARNER = 'aah, ba ba ba, ooh, mama, eee, da da da, ya ya';
const ENROL_PRACTITIONER = 'hello, this is my voice. ba ba ba, ooh, shall we play together?';

// Learners, 4 to 19 years.
const YOUNG_GIRL: VoiceSpec = { name: 'young girl', voice: 'en+f2', pitch: 90, speed: 140, shiftCents: 400 };
const SQUEALY_BOY: VoiceSpec = {
  name: 'young boy, squeals',
  voice: 'en+m3',
  pitch: 99,
  speed: 130,
  shiftCents: 500,
};
const TEEN_BOY: VoiceSpec = {
  name: '15-year-old boy',
  voice: 'en+m3',
  pitch: 95,
  speed: 150,
  shiftCents: 250,
};
const TEEN_GIRL: VoiceSpec = {
  name: '15-year-old girl',
  voice: 'en+f4',
  pitch: 70,
  speed: 150,
  shiftCents: 150,
};
// Practitioners.
const WOMAN: VoiceSpec = { name: 'adult woman', voice: 'en+f3', pitch: 55, speed: 160, shiftCents: 0 };
const MAN: VoiceSpec = { name: 'adult man', voice: 'en+m1', pitch: 40, speed: 160, shiftCents: 0 };
const WOMAN_HIGH: VoiceSpec = {
  name: 'adult woman, high',
  voice: 'en+f1',
  pitch: 70,
  speed: 170,
  shiftCents: 0,
};
// A voice enrolled for nobody (a visitor across the room).
const STRANGER: VoiceSpec = {
  name: 'visiting man',
  voice: 'en-us+m7',
  pitch: 30,
  speed: 150,
  shiftCents: -100,
};

function readF32(path: string): Float32Array {
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 4)).slice();
}

/** Synthesises `text` in `spec` (with a per-utterance pitch/speed wobble), mono float at RATE; cached. */
function speak(spec: VoiceSpec, text: string, wobble: number): Float32Array {
  mkdirSync(CACHE, { recursive: true });
  const pitch = Math.max(0, Math.min(99, spec.pitch + Math.round(wobble * 8)));
  const speed = Math.round(spec.speed * (1 + wobble * 0.15));
  const key = `${spec.voice}_p${pitch}_s${speed}_c${spec.shiftCents}_${text.replace(/[^a-z]+/gi, '-')}`;
  const out = join(CACHE, `${key}.f32`);
  if (!existsSync(out)) {
    const wav = join(CACHE, `${key}.wav`);
    execFileSync('espeak-ng', ['-v', spec.voice, '-p', String(pitch), '-s', String(speed), '-w', wav, text]);
    const effects = spec.shiftCents !== 0 ? ['pitch', String(spec.shiftCents)] : [];
    execFileSync('sox', [wav, '-t', 'f32', '-c', '1', out, ...effects, 'rate', String(RATE)]);
  }
  return readF32(out);
}

/** Real fixture, resampled to RATE, mono float; cached. */
function fixture(name: string): Float32Array {
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, `${name}.f32`);
  if (!existsSync(out)) {
    execFileSync('sox', [join(FIXTURES, `${name}.wav`), '-t', 'f32', '-c', '1', out, 'rate', String(RATE)]);
  }
  return readF32(out);
}

/** Deterministic room: pink-ish noise at `noiseDbfs` RMS, and the voice scaled to a peak of `peakDbfs`. */
function inRoom(voice: Float32Array, peakDbfs: number, noiseDbfs: number, seed: number): Float32Array {
  let peak = 0;
  for (const v of voice) peak = Math.max(peak, Math.abs(v));
  const gain = peak > 0 ? 10 ** (peakDbfs / 20) / peak : 0;
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const out = new Float32Array(voice.length);
  let low = 0;
  const noise = new Float32Array(voice.length);
  let ms = 0;
  for (let i = 0; i < voice.length; i++) {
    low = 0.95 * low + rand();
    noise[i] = low + rand() * 2;
    ms += (noise[i] as number) ** 2;
  }
  const ng = 10 ** (noiseDbfs / 20) / Math.sqrt(ms / Math.max(1, voice.length) || 1);
  for (let i = 0; i < voice.length; i++) out[i] = (voice[i] as number) * gain + (noise[i] as number) * ng;
  return out;
}

/** Cuts a long recording into its loud stretches (a stand-in for the segmenter): 10 ms frames within 25 dB of the loudest, at least 200 ms, gaps under 300 ms merged, at most `maxMs` long. */
function cut(samples: Float32Array, maxMs = 2000): Float32Array[] {
  const hop = RATE / 100;
  const levels: number[] = [];
  for (let i = 0; i + hop <= samples.length; i += hop) {
    let ms = 0;
    for (let j = 0; j < hop; j++) ms += (samples[i + j] as number) ** 2;
    levels.push(10 * Math.log10(ms / hop + 1e-12));
  }
  const loudest = Math.max(...levels);
  const active = levels.map((l) => l > loudest - 25);
  const runs: [number, number][] = [];
  for (let f = 0; f < active.length; f++) {
    if (!active[f]) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && f - last[1] <= 30) last[1] = f + 1;
    else runs.push([f, f + 1]);
  }
  const out: Float32Array[] = [];
  for (const [a, b] of runs) {
    for (let s = a; s < b; s += maxMs / 10) {
      const e = Math.min(b, s + maxMs / 10);
      if (e - s >= 20) out.push(samples.slice(s * hop, e * hop));
    }
  }
  return out;
}

interface Score {
  correct: number;
  total: number;
  unknown: number;
  wrong: string[];
}

function score(
  attributor: VoiceAttributor,
  items: { truth: VoiceParty; samples: Float32Array; label: string }[],
) {
  const result: Score = { correct: 0, total: 0, unknown: 0, wrong: [] };
  for (const item of items) {
    const a: Attribution = attributor.attribute(item.samples);
    console.log(
      `DBG ${item.truth} ${a.party} frames=${a.frames} llr=${(a.scores.learner ?? 0) - (a.scores.practitioner ?? 0)} sL=${a.scores.learner} sP=${a.scores.practitioner} fit=${a.fits.learner},${a.fits.practitioner}`,
    );
    result.total++;
    if (a.party === item.truth) result.correct++;
    else {
      if (a.party === 'unknown') result.unknown++;
      result.wrong.push(`${item.label} -> ${a.party} (${a.confidence.toFixed(2)})`);
    }
  }
  return { ...result, accuracy: result.correct / Math.max(1, result.total) };
}

function heldOut(spec: VoiceSpec, truth: VoiceParty, texts: readonly string[], seed: number) {
  return texts.map((text, i) => {
    const wobble = Math.sin(seed * 7 + i * 2.3);
    // Soft to loud: peaks from -36 to -12 dBFS, room noise at -50 dBFS.
    const peak = -36 + ((i * 7 + seed) % 25);
    return {
      truth,
      label: `${spec.name}: "${text}" @${peak} dBFS`,
      samples: inRoom(speak(spec, text, wobble), peak, -50, seed * 100 + i),
    };
  });
}

function enrolled(learner: VoiceSpec, practitioner: VoiceSpec): VoiceAttributor {
  const a = new VoiceAttributor(RATE);
  a.enrol('learner', inRoom(speak(learner, ENROL_LEARNER, 0), -20, -50, 1));
  a.enrol('practitioner', inRoom(speak(practitioner, ENROL_PRACTITIONER, 0), -20, -50, 2));
  return a;
}

const PAIRS: [VoiceSpec, VoiceSpec][] = [
  [YOUNG_GIRL, WOMAN],
  [SQUEALY_BOY, MAN],
  [TEEN_BOY, WOMAN],
  [TEEN_GIRL, WOMAN_HIGH],
  [TEEN_GIRL, MAN],
];

describe('voiceprint', () => {
  it('finds pitch and cepstra in a short voiced segment, and drops the silence around it', () => {
    const x = new VoiceprintExtractor(RATE);
    const v = x.extract(inRoom(speak(WOMAN, 'aah', 0), -20, -60, 3));
    expect(v.frames).toBeGreaterThan(20);
    expect(v.dim).toBe(x.params.cepstra);
    const p = pitchSummary(v);
    expect(p.voicedFraction).toBeGreaterThan(0.5);
    expect(p.medianHz).toBeGreaterThan(120);
    expect(p.medianHz).toBeLessThan(350);
  });

  it('the hard pair overlaps in pitch: pitch alone would not separate a 15-year-old from a woman', () => {
    const x = new VoiceprintExtractor(RATE);
    const teen = pitchSummary(x.extract(speak(TEEN_BOY, ENROL_LEARNER, 0)));
    const woman = pitchSummary(x.extract(speak(WOMAN, ENROL_PRACTITIONER, 0)));
    const ratio = (teen.medianHz ?? 0) / (woman.medianHz ?? 1);
    console.info(
      `median F0: teen boy ${teen.medianHz?.toFixed(0)} Hz, woman ${woman.medianHz?.toFixed(0)} Hz`,
    );
    expect(Math.abs(Math.log2(ratio))).toBeLessThan(0.35);
  });
});

describe('whose voice, synthetic voices (espeak-ng + sox), enrolment of a few seconds each', () => {
  beforeAll(() => {
    // Warm the cache once so that the per-pair timings below are about the model, not espeak.
    for (const [l, p] of PAIRS) {
      speak(l, ENROL_LEARNER, 0);
      speak(p, ENROL_PRACTITIONER, 0);
    }
  }, 120_000);

  for (const [learner, practitioner] of PAIRS) {
    it(`${learner.name} vs ${practitioner.name}: accuracy >= ${TARGET_ACCURACY} on held-out utterances`, () => {
      const a = enrolled(learner, practitioner);
      const items = [
        ...heldOut(learner, 'learner', LEARNER_SOUNDS, 3),
        ...heldOut(practitioner, 'practitioner', PRACTITIONER_PHRASES, 5),
      ];
      const s = score(a, items);
      console.info(
        `${learner.name} vs ${practitioner.name}: accuracy ${s.accuracy.toFixed(3)} (${s.correct}/${s.total}, unknown ${s.unknown})${s.wrong.length > 0 ? `\n  wrong: ${s.wrong.join('\n  wrong: ')}` : ''}`,
      );
      expect(s.accuracy).toBeGreaterThanOrEqual(TARGET_ACCURACY);
    }, 60_000);
  }

  it(`over all pairs together, accuracy >= ${TARGET_ACCURACY}`, () => {
    let correct = 0;
    let total = 0;
    for (const [learner, practitioner] of PAIRS) {
      const a = enrolled(learner, practitioner);
      const s = score(a, [
        ...heldOut(learner, 'learner', LEARNER_SOUNDS, 11),
        ...heldOut(practitioner, 'practitioner', PRACTITIONER_PHRASES, 13),
      ]);
      correct += s.correct;
      total += s.total;
    }
    console.info(`all pairs: accuracy ${(correct / total).toFixed(3)} (${correct}/${total})`);
    expect(correct / total).toBeGreaterThanOrEqual(TARGET_ACCURACY);
  }, 120_000);

  function strangerCounts() {
    const a = enrolled(YOUNG_GIRL, WOMAN);
    const items = heldOut(STRANGER, 'practitioner', PRACTITIONER_PHRASES, 17);
    let unknown = 0;
    let learner = 0;
    for (const item of items) {
      const r = a.attribute(item.samples);
      if (r.party === 'unknown') unknown++;
      if (r.party === 'learner') learner++;
    }
    console.info(`stranger: unknown ${unknown}/${items.length}, learner ${learner}/${items.length}`);
    return { unknown: unknown / items.length, learner: learner / items.length };
  }

  it('a voice enrolled for nobody is rarely taken for the learner', () => {
    expect(strangerCounts().learner).toBeLessThanOrEqual(0.1);
  }, 60_000);

  it('a voice enrolled for nobody is mostly unknown', () => {
    expect(strangerCounts().unknown).toBeGreaterThanOrEqual(0.5);
  }, 60_000);
});

describe('whose voice, real recordings (infant cries as the learner, adult speech as the practitioner)', () => {
  it(`enrolled on the first seconds of each, accuracy >= ${TARGET_ACCURACY} on the rest`, () => {
    const cry1 = fixture('infant-cry-1');
    const cry2 = fixture('infant-cry-2');
    const adult = fixture('voice-adult-english-60s');
    const a = new VoiceAttributor(RATE);
    // A few seconds of each voice: 3 s of each cry, 6 s of the adult.
    const learnerEnrol = a.enrol('learner', [cry1.slice(0, 3 * RATE), cry2.slice(0, 3 * RATE)]);
    const practitionerEnrol = a.enrol('practitioner', adult.slice(0, 6 * RATE));
    const items = [
      ...cut(cry1.slice(3 * RATE)).map((samples, i) => ({
        truth: 'learner' as const,
        samples,
        label: `cry1 #${i}`,
      })),
      ...cut(cry2.slice(3 * RATE)).map((samples, i) => ({
        truth: 'learner' as const,
        samples,
        label: `cry2 #${i}`,
      })),
      ...cut(adult.slice(6 * RATE)).map((samples, i) => ({
        truth: 'practitioner' as const,
        samples,
        label: `adult #${i}`,
      })),
    ];
    const s = score(a, items);
    const learnerItems = items.filter((i) => i.truth === 'learner').length;
    console.info(
      `real: enrol learner ${learnerEnrol.voiceMs} ms voice (F0 ${learnerEnrol.medianPitchHz?.toFixed(0)} Hz), practitioner ${practitionerEnrol.voiceMs} ms (F0 ${practitionerEnrol.medianPitchHz?.toFixed(0)} Hz); accuracy ${s.accuracy.toFixed(3)} (${s.correct}/${s.total}; ${learnerItems} learner segments, unknown ${s.unknown})${s.wrong.length > 0 ? `\n  wrong: ${s.wrong.join('\n  wrong: ')}` : ''}`,
    );
    expect(learnerItems).toBeGreaterThanOrEqual(4);
    expect(s.accuracy).toBeGreaterThanOrEqual(TARGET_ACCURACY);
  }, 60_000);
});

describe('live use: cues, correction, storage', () => {
  it('the model survives JSON storage: a restored attributor gives the same answers', () => {
    const a = enrolled(TEEN_BOY, WOMAN);
    const json = JSON.parse(JSON.stringify(a.toJSON()));
    const b = VoiceAttributor.fromJSON(json, RATE);
    for (const item of heldOut(TEEN_BOY, 'learner', LEARNER_SOUNDS.slice(0, 4), 21)) {
      const x = a.attribute(item.samples);
      const y = b.attribute(item.samples);
      expect(y.party).toBe(x.party);
      expect(y.confidence).toBeCloseTo(x.confidence, 9);
    }
  });

  it('live cues shift the decision: a voice that fits neither model is given to the party whose mouth moves', () => {
    const a = enrolled(YOUNG_GIRL, WOMAN);
    const stranger = heldOut(STRANGER, 'practitioner', ['hello there'], 23)[0]?.samples ?? new Float32Array();
    const plain = a.attribute(stranger);
    const withCue = a.attribute(stranger, { mouthMovingLearner: true, mouthMovingPractitioner: false });
    expect(withCue.cueLogOdds).toBeGreaterThan(0);
    if (!plain.fits.learner && !plain.fits.practitioner) expect(withCue.party).toBe('learner');
    // Cues move the log-odds, never the voice's own evidence.
    expect(withCue.acousticLogOdds).toBeCloseTo(plain.acousticLogOdds, 9);
  });

  it('a cue against a clear voice lowers its confidence but does not overturn it', () => {
    const a = enrolled(YOUNG_GIRL, WOMAN);
    const segment = heldOut(YOUNG_GIRL, 'learner', ['ba ba ba'], 25)[0]?.samples ?? new Float32Array();
    const plain = a.attribute(segment);
    const against = a.attribute(segment, { mouthMovingPractitioner: true, mouthMovingLearner: false });
    expect(plain.party).toBe('learner');
    expect(against.confidence).toBeLessThanOrEqual(plain.confidence);
  });

  it('the hotkey relabels the last segment, and with adapt moves the model towards it', () => {
    const a = enrolled(TEEN_BOY, WOMAN);
    // The learner makes a new sound the enrolment never had: a long low hum.
    const hum = inRoom(speak(TEEN_BOY, 'mmmmmmmm hmmmm', -1), -24, -50, 31);
    const before = a.attribute(hum);
    const corrected = a.correct('learner', { adapt: true });
    expect(corrected?.id).toBe(before.id);
    expect(corrected?.party).toBe('learner');
    expect(corrected?.corrected).toBe(true);
    const after = a.attribute(hum);
    console.info(
      `hum before: ${before.party} ${before.confidence.toFixed(2)} (log-odds ${before.acousticLogOdds.toFixed(1)}); after adapting: ${after.party} ${after.confidence.toFixed(2)} (log-odds ${after.acousticLogOdds.toFixed(1)})`,
    );
    expect(after.acousticLogOdds).toBeGreaterThan(before.acousticLogOdds);
    // An old id can be corrected too; an unknown id returns null.
    expect(a.correct('practitioner', { id: before.id })?.party).toBe('practitioner');
    expect(a.correct('learner', { id: 99_999 })).toBeNull();
  });

  it('refuses an enrolment too short to model a voice', () => {
    const a = new VoiceAttributor(RATE);
    expect(() =>
      a.enrol('learner', inRoom(speak(YOUNG_GIRL, 'ah', 0), -20, -50, 1).slice(0, RATE / 4)),
    ).toThrow(/too short/);
  });
});
