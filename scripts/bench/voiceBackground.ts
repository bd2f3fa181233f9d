/**
 * The whose-voice background: learner-like voices (and other adults) that are neither enrolled voice, against which a segment's
 * likeness to the practitioner is weighed (src/core/audio/voiceBackground.ts holds what this makes; whoseVoice.ts
 * uses it). A segment as like a child in general as it is like the practitioner is not confidently the
 * practitioner's.
 *
 * Sources, none of them in either split of the whose-voice evaluation (scripts/bench/voiceEval.ts), so that both
 * its tuned and its held-out figures stay honest:
 *   - four real infants: tests/fixtures/infant-cry-5..8.wav (donateacry corpus, hungry cries; ODbL 1.0 database,
 *     contents DbCL 1.0; see tests/fixtures/LICENSES.md), each file's cries and fusses;
 *   - nine espeak-ng voice variants (en+m2, m4, m5, m6, Annie, linda, steph, adam, max: none used by the
 *     evaluation) raised by sox into children's and teenagers' pitch, saying the learner sounds of the media tests
 *     (espeak-ng is GPL-3; what it says is ours);
 *   - five synthetic children (childSound of voiceEval.ts, with F0 and formants unlike synthetic children A and B),
 *     hums, cries, fusses and squeals.
 * And other adults, the visitors across the room a voice unlike the practitioner's may be rather than the learner:
 *   - a real man reading: tests/fixtures/voice-jfk-inaugural-11s.wav (public domain; tests/fixtures/LICENSES.md);
 *   - the same nine espeak-ng variants at adult pitch, saying the practitioner phrases of the media tests.
 * Each source is one profile, made from all of its segments (profileFromFeatures), so it spans every kind of sound
 * that voice makes. Deterministic: the same espeak-ng and sox give the same table (a media test checks it).
 *
 * Run `npx tsx scripts/bench/voiceBackground.ts` to write the table again (after a change to the feature, with
 * FEATURE_VERSION raised).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackgroundVoice } from '../../src/core/audio/voiceBackground.ts';
import {
  featureExtractor,
  featureOfSamples,
  profileFromFeatures,
  type VoiceFeature,
} from '../../src/core/audio/whoseVoice.ts';
import {
  cut,
  fixture,
  inRoom,
  LEARNER_SOUNDS,
  PRACTITIONER_PHRASES,
  RATE,
  speak,
} from '../../tests/unit/support/voices.ts';
import { childSound, prng } from './voiceEval.ts';

/** Peaks from soft to loud over a -50 dBFS room, as the evaluation places its segments. */
const placed = (x: Float32Array, i: number, seed: number): Float32Array =>
  inRoom(x, -36 + ((i * 7 + seed) % 25), -50, seed * 100 + i);

/** espeak-ng variant, pitch (0-99) and the shift up in cents. */
const ESPEAK_CHILDREN: readonly [string, number, number][] = [
  ['en+m2', 90, 300],
  ['en+m4', 95, 450],
  ['en+m5', 99, 350],
  ['en+m6', 85, 500],
  ['en+Annie', 80, 300],
  ['en+linda', 85, 400],
  ['en+steph', 80, 350],
  ['en+adam', 95, 450],
  ['en+max', 90, 250],
];

/** The same variants as adults (pitch 0-99), saying the practitioner phrases of the media tests. */
const ESPEAK_ADULTS: readonly [string, number][] = [
  ['en+m2', 40],
  ['en+m4', 35],
  ['en+m5', 45],
  ['en+m6', 40],
  ['en+Annie', 55],
  ['en+linda', 55],
  ['en+steph', 60],
  ['en+adam', 45],
  ['en+max', 50],
];

/** Synthetic children: F0 and three formants (Hz). */
const SYNTHETIC_CHILDREN: readonly [number, [number, number, number]][] = [
  [260, [850, 2400, 3500]],
  [360, [1000, 2900, 3900]],
  [480, [1100, 3100, 4300]],
  [550, [1300, 3400, 4500]],
  [330, [950, 2300, 3300]],
];

interface BackgroundSource {
  source: string;
  kind: BackgroundVoice['kind'];
  features: VoiceFeature[];
}

/**
 * Every background source's segments, as features. `withEspeak` false leaves out the espeak-ng voices (the media
 * test checks the others against the table without synthesising speech).
 */
export function backgroundSources(withEspeak = true): BackgroundSource[] {
  const ex = featureExtractor(RATE);
  const out: BackgroundSource[] = [];
  let seed = 501;
  for (const k of [5, 6, 7, 8]) {
    seed += 7;
    const s = seed;
    out.push({
      source: `real infant, tests/fixtures/infant-cry-${k}.wav`,
      kind: 'child',
      features: cut(fixture(`infant-cry-${k}`), 2000).map((x, i) => featureOfSamples(ex, placed(x, i, s))),
    });
  }
  for (const [voice, pitch, cents] of ESPEAK_CHILDREN) {
    seed += 7;
    const s = seed;
    if (!withEspeak) continue;
    const spec = { name: 'background child', voice, pitch, speed: 140, shiftCents: cents };
    out.push({
      source: `espeak-ng ${voice}, pitch ${pitch}, raised ${cents} cents`,
      kind: 'child',
      features: LEARNER_SOUNDS.map((t, i) =>
        featureOfSamples(ex, placed(speak(spec, t, Math.sin(s + i)), i, s)),
      ),
    });
  }
  for (const [f0, formants] of SYNTHETIC_CHILDREN) {
    seed += 7;
    const rnd = prng(seed);
    const features: VoiceFeature[] = [];
    for (let i = 0; i < 16; i++) {
      const kind = (['hum', 'cry', 'fuss', 'squeal'] as const)[i % 4] ?? 'hum';
      features.push(featureOfSamples(ex, placed(childSound({ f0, formants }, kind, rnd), i, seed)));
    }
    out.push({
      source: `synthetic child, F0 ${f0} Hz, formants ${formants.join('/')} Hz`,
      kind: 'child',
      features,
    });
  }
  out.push({
    source: 'real adult man reading, tests/fixtures/voice-jfk-inaugural-11s.wav',
    kind: 'adult',
    features: cut(fixture('voice-jfk-inaugural-11s'), 2000).map((x, i) =>
      featureOfSamples(ex, placed(x, i, 977)),
    ),
  });
  for (const [voice, pitch] of ESPEAK_ADULTS) {
    seed += 7;
    const s = seed;
    if (!withEspeak) continue;
    const spec = { name: 'background adult', voice, pitch, speed: 160, shiftCents: 0 };
    out.push({
      source: `espeak-ng ${voice}, pitch ${pitch}`,
      kind: 'adult',
      features: PRACTITIONER_PHRASES.map((t, i) =>
        featureOfSamples(ex, placed(speak(spec, t, Math.sin(s + i)), i, s)),
      ),
    });
  }
  return out;
}

/** The background table: one profile per source. */
export function makeBackground(withEspeak = true): BackgroundVoice[] {
  const table: BackgroundVoice[] = [];
  for (const { source, kind, features } of backgroundSources(withEspeak)) {
    const profile = profileFromFeatures(features);
    if (profile !== null) table.push({ source, kind, profile });
  }
  return table;
}

function writeTable(): void {
  const table = makeBackground();
  const path = join(process.cwd(), 'src', 'core', 'audio', 'voiceBackground.ts');
  const text = `/**
 * The whose-voice background: profiles of learner-like voices that are neither enrolled voice (real infants,
 * espeak-ng voices raised to children's pitch, synthetic children) and of other adults (a real man reading,
 * espeak-ng voices), made by scripts/bench/voiceBackground.ts,
 * which names each source and its licence. Generated: do not edit by hand; run that script again after a change
 * to the voice feature (FEATURE_VERSION). A media test checks that the script still makes exactly this table.
 */
import type { VoiceProfile } from './whoseVoice.ts';

export interface BackgroundVoice {
  /** Where the voice comes from. */
  source: string;
  /** A learner-like voice, or another adult (a visitor across the room). */
  kind: 'child' | 'adult';
  profile: VoiceProfile;
}

export const BACKGROUND_VOICES: readonly BackgroundVoice[] = ${JSON.stringify(table, null, 2)};
`;
  writeFileSync(path, text);
  console.log(`wrote ${table.length} background voices to ${path}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) writeTable();
