/**
 * More tuned material for finding vocalisations, built like the held-out recordings (scripts/bench/detectionEval.ts:
 * the same mixing, levels and truth) but from sources that are not in the held-out split, and in the tuned
 * rooms. It gives the tuned split the kinds of sound the generated fixtures lacked (their quiet and sensory rooms
 * scored 1.000, so they showed no failure to fix):
 *   - a real man reading with short pauses (JFK's inaugural address, tests/fixtures/voice-jfk-inaugural-11s.wav),
 *     a real woman reading long sentences with commas (LJ Speech, tests/fixtures/voice-ljspeech-reading-28s.wav)
 *     and an espeak-ng man (en+m2) reading the same kind: phrases a little over 300 ms apart, which must stay
 *     apart;
 *   - four more real infants (tests/fixtures/infant-cry-5..8.wav, donateacry hungry cries; the first mostly soft
 *     cries and fusses near its own room), and four tired or uncomfortable ones (infant-cry-9..12, the same corpus,
 *     other infants: fusses near their own room, cries with soft stretches between);
 *   - a deep espeak-ng man (en+m4, pitch 30, shifted down 280 cents: a median of 61-69 Hz, phrases falling to 51 Hz);
 *   - synthetic child A (scripts/bench/voiceEval.ts, tuned there too): hums, cries, fusses and squeals.
 * Rooms (the tuned ones): a pink and brown fan with a 100 Hz hum at -50 dBFS (quiet); a water feature (an air
 * pump's buzz and water drops over that fan, `waterFeature`) at -40 dBFS (sensory); the
 * real kitchen (tests/fixtures/noise-kitchen-dishes.wav) with a distant voice (the fixtures' real adult speech,
 * low-passed and smeared) at -33 dBFS together (busy); the real running tap at -40 dBFS under only the real
 * recordings (real voices).
 */
import { join } from 'node:path';
import { cut, speak, type VoiceSpec } from '../../tests/unit/support/voices.ts';
import {
  backgroundDb,
  type Clip,
  type HeldOutRecording,
  looped,
  mix,
  prng,
  wav16k,
  withVoices,
} from './detectionEval.ts';
import { childSound } from './voiceEval.ts';

const SR = 16000;
const FIXTURES = join(process.cwd(), 'tests', 'fixtures');

function realClips(name: string, party: Clip['party'], kind: string, maxMs: number): Clip[] {
  const file = wav16k(name, FIXTURES);
  const bg = backgroundDb(file);
  return cut(file, maxMs).map((x) => ({ party, kind, source: name, x, backgroundDb: bg }));
}

function clips(): { all: Clip[]; real: Clip[] } {
  const cries = [5, 6, 7, 8, 9, 10, 11, 12].flatMap((k) =>
    realClips(`infant-cry-${k}`, 'learner', 'real cry or fuss', 2500),
  );
  const jfk = realClips('voice-jfk-inaugural-11s', 'practitioner', 'real reading', 2500);
  const lj = realClips('voice-ljspeech-reading-28s', 'practitioner', 'real reading', 2500);
  const rnd = prng(211);
  const childA = { f0: 300, formants: [900, 2600, 3600] as [number, number, number] };
  const synthetic: Clip[] = (['fuss', 'hum', 'cry', 'fuss', 'squeal', 'fuss', 'hum', 'cry'] as const).map(
    (k) => ({
      party: 'learner',
      kind: `synthetic ${k}`,
      source: 'synthetic child A',
      x: childSound(childA, k, rnd),
      backgroundDb: null,
    }),
  );
  const reader: VoiceSpec = { name: 'reader', voice: 'en+m2', pitch: 40, speed: 175, shiftCents: 0 };
  const passages = [
    'Once upon a time, in a small house by the sea, there lived a fisherman, his wife, and their three children.',
    'Every morning, before the sun was up, he took his boat, his nets, and a little bread, and rowed out past the rocks.',
    'The water was calm, the sky was grey, and far away, over the hills, a bell was ringing for the school.',
    'When he came home, tired and cold, the children ran to meet him, and they sat together by the fire.',
  ];
  const reading: Clip[] = passages.flatMap((t, i) =>
    cut(speak(reader, t, i * 0.2 - 0.3), 6000).map((x) => ({
      party: 'practitioner' as const,
      kind: 'reading',
      source: 'espeak en+m2 reading',
      x,
      backgroundDb: null,
    })),
  );
  const deep: VoiceSpec = { name: 'deep man 2', voice: 'en+m4', pitch: 30, speed: 135, shiftCents: -280 };
  const deepLines = ['there you are, hello', 'one more time now', 'that was a good one', 'gently, gently'];
  const deepClips: Clip[] = deepLines.map((t, i) => ({
    party: 'practitioner',
    kind: 'deep man',
    source: 'espeak deep man 2 (en+m4)',
    x: speak(deep, t, i * 0.25 - 0.35),
    backgroundDb: null,
  }));
  const real = [...cries, ...jfk, ...lj];
  return { all: [...real, ...synthetic, ...reading, ...deepClips], real };
}

/** The fixtures' fan (make-voice-fixtures.ts): pink noise, brown rumble 6 dB down, a 100 Hz hum. */
function pinkFan(n: number, rnd: () => number): Float32Array {
  const out = new Float32Array(n);
  // Paul Kellet's pink filter; brown noise as leaky integrated white.
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let br = 0;
  for (let i = 0; i < n; i++) {
    const w = rnd() - 0.5;
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    br = 0.998 * br + 0.05 * (rnd() - 0.5);
    out[i] = 3 * (b0 + b1 + b2 + w * 0.1848) + 1.5 * br + 0.12 * Math.sin((2 * Math.PI * 100 * i) / SR);
  }
  return out;
}

/**
 * A sensory room's water feature, made here and unlike the held-out bubble tube in its parts: an air pump's
 * 50 Hz buzz (its odd harmonics, amplitude-modulated at 2-3 Hz) under pink noise, and water drops every
 * 80-600 ms: a damped resonance at 700-2600 Hz that rises by up to a fifth as it rings (a drop into water), some
 * in quick pairs. The same kind of room as a bubble tube (short periodic sounds over a steady bed) from another
 * making, so the tuned split holds cries and speech over transients that look periodic for a frame or two.
 */
function waterFeature(n: number, rnd: () => number): Float32Array {
  const out = pinkFan(n, rnd);
  const am = 2 + rnd();
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const buzz =
      Math.sin(2 * Math.PI * 50 * t) +
      0.5 * Math.sin(2 * Math.PI * 150 * t) +
      0.3 * Math.sin(2 * Math.PI * 250 * t);
    out[i] = 0.5 * (out[i] as number) + 0.12 * buzz * (0.7 + 0.3 * Math.sin(2 * Math.PI * am * t));
  }
  let at = 0;
  while (at < n) {
    at += Math.round((rnd() < 0.2 ? 0.02 + 0.04 * rnd() : 0.08 + 0.52 * rnd()) * SR);
    const f0 = 700 + 1900 * rnd();
    const rise = 1 + 0.5 * rnd();
    const decay = 40 + 80 * rnd();
    const amp = 0.4 + 1.2 * rnd();
    const len = Math.round(0.06 * SR);
    let phase = 0;
    for (let i = 0; i < len && at + i < n; i++) {
      const t = i / SR;
      phase += (2 * Math.PI * f0 * (1 + (rise - 1) * Math.min(1, t / 0.03))) / SR;
      out[at + i] = (out[at + i] as number) + amp * Math.exp(-t * decay) * Math.sin(phase);
    }
  }
  return out;
}

/** The tuned additions: four rooms, two layouts each, every clip in one layout (as the held-out ones). */
export function tunedRecordings(): HeldOutRecording[] {
  const c = clips();
  const kitchen = wav16k('noise-kitchen-dishes', FIXTURES);
  const tap = wav16k('noise-running-tap', FIXTURES);
  const speech = wav16k('voice-adult-english-60s', FIXTURES);
  const busy = (n: number, rnd: () => number) => {
    const k = looped(kitchen)(n, rnd);
    const v = looped(speech)(n, rnd);
    let lp = 0;
    for (let i = 0; i < n; i++) {
      lp = 0.8 * lp + 0.2 * (v[i] as number);
      v[i] = lp + (i > 1200 ? 0.4 * (v[i - 1200] as number) : 0);
    }
    return withVoices(k, v);
  };
  const out: HeldOutRecording[] = [];
  for (const layout of [0, 1]) {
    const half = (xs: Clip[]) => xs.filter((_, i) => i % 2 === layout);
    out.push(mix('quiet', layout, half(c.all), pinkFan, -50));
    out.push(mix('sensory', layout, half(c.all), waterFeature, -40));
    out.push(mix('busy', layout, half(c.all), busy, -33));
    out.push(mix('real voices', layout, half(c.real), looped(tap), -40));
  }
  return out;
}
