/**
 * Held-out recordings for finding vocalisations: voices and rooms the detector was never tuned on.
 *
 * Voices: six real infants (tests/fixtures/heldout/cry-*.wav), synthetic child B (voiceEval.ts), six real adult
 * men (Free Spoken Digit Dataset), two real CMU ARCTIC readers (a man and a woman), an espeak-ng woman and a deep
 * man whose phrases fall to 50-60 Hz. Rooms:
 *   - quiet: a fan made here (filtered noise, not the fixtures' sox fan) at -50 dBFS;
 *   - sensory: a bubble tube (its pump's rumble and random bubbles) at -42 dBFS;
 *   - busy: a real exercise bike (tests/fixtures/heldout/noise-exercise-bike.wav) and distant voices (espeak-ng
 *     voices not used elsewhere, low-passed and smeared) at -33 dBFS together;
 *   - real voices: only the real recordings, over the exercise bike at -40 dBFS.
 * Truth: as the generated fixtures mark it (phonated, within 25 dB of the clip's loudest and, for a real recording,
 * 10 dB over its own room, audible over the room in the same 10 ms, gaps under 300 ms merged, at least 100 ms),
 * with phonation counted from 45 Hz. A real clip's phonated frames between 3 and 10 dB over its own room are
 * unsure (truthOf): a detection there is neither a hit nor a false alarm, for every detector (scorable).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PitchDetector } from 'pitchy';
import { cut, readF32, speak, type VoiceSpec } from '../../tests/unit/support/voices.ts';
import { childSound } from './voiceEval.ts';

const SR = 16000;
const FRAME = SR / 100;
const DIR = join(process.cwd(), 'tests', 'fixtures', 'heldout');
const CACHE = join(process.cwd(), '.tmp', 'voice-eval');

export interface TruthSpan {
  party: 'learner' | 'practitioner';
  kind: string;
  startMs: number;
  endMs: number;
}

export interface HeldOutRecording {
  condition: 'quiet' | 'sensory' | 'busy' | 'real voices';
  layout: number;
  samples: Float32Array;
  truth: TruthSpan[];
  /**
   * Unsure stretches of a real clip (`truthOf`): phonated and audible, but under the 10 dB over its own room that
   * the truth asks. A detection there that touches no true segment is left out of the score (`scorable`).
   */
  unsure: { startMs: number; endMs: number }[];
  /** Where each clip was placed, whether or not any of it is in the truth (for the per-source breakdown). */
  placed: PlacedClip[];
}

export interface PlacedClip {
  party: 'learner' | 'practitioner';
  kind: string;
  /** The recording or voice it came from. */
  source: string;
  startMs: number;
  endMs: number;
}

export interface Clip {
  party: 'learner' | 'practitioner';
  kind: string;
  source: string;
  x: Float32Array;
  /**
   * A real recording's own room, in the clip's dB: the 10th percentile of its whole source file's 10 ms levels
   * (frames of digital silence, where a corpus joined its takes, left out). Taken from the file and not from
   * the clip, because a clip is cut to the voice (`cut`): a clip's own 10th percentile is voice, and "10 dB over
   * it" then dropped whole cries and digits from the truth. Null for a synthetic clip, silent around its sound.
   */
  backgroundDb: number | null;
}

const overlapMs = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }): number =>
  Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));

export function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

export function wav16k(name: string, dir: string = DIR): Float32Array {
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, dir === DIR ? `${name}.f32` : `tuned-${name}.f32`);
  if (!existsSync(out))
    execFileSync('sox', [join(dir, `${name}.wav`), '-t', 'f32', '-c', '1', out, 'rate', String(SR)]);
  return readF32(out);
}

function frameDb(x: Float32Array): Float64Array {
  const n = Math.floor(x.length / FRAME);
  const out = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let ms = 0;
    for (let i = 0; i < FRAME; i++) ms += (x[f * FRAME + i] as number) ** 2;
    out[f] = 10 * Math.log10(ms / FRAME + 1e-20);
  }
  return out;
}

/** The 10th percentile of a real file's 10 ms levels, leaving out digital silence (see Clip.backgroundDb). */
export function backgroundDb(x: Float32Array): number {
  const db = Array.from(frameDb(x)).filter((d) => d > -90);
  db.sort((p, q) => p - q);
  return db[Math.floor(0.1 * (db.length - 1))] ?? -90;
}

export function rmsDb(x: Float32Array): number {
  let ms = 0;
  for (const v of x) ms += v * v;
  return 10 * Math.log10(ms / Math.max(1, x.length) + 1e-20);
}

function scaled(x: Float32Array, db: number): Float32Array {
  const g = 10 ** (db / 20);
  return x.map((v) => v * g);
}

/** The clip's active RMS: over its frames within 30 dB of its loudest. */
function activeDb(x: Float32Array): number {
  const db = frameDb(x);
  const top = Math.max(...db);
  let s = 0;
  let n = 0;
  for (const d of db)
    if (d > top - 30) {
      s += 10 ** (d / 10);
      n++;
    }
  return 10 * Math.log10(s / Math.max(1, n));
}

function clips(): { learner: Clip[]; adult: Clip[]; realLearner: Clip[]; realAdult: Clip[] } {
  const cries = [
    'cry-1-discomfort',
    'cry-2-discomfort',
    'cry-3-tired',
    'cry-4-tired',
    'cry-5-belly_pain',
    'cry-6-belly_pain',
  ];
  const realLearner: Clip[] = cries.flatMap((c) => {
    const file = wav16k(c);
    const bg = backgroundDb(file);
    return cut(file, 2500).map((x) => ({
      party: 'learner' as const,
      kind: 'real cry or fuss',
      source: c,
      x,
      backgroundDb: bg,
    }));
  });
  const fsdd = ['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'];
  const realAdult: Clip[] = [
    ...[...fsdd.map((n) => `fsdd-${n}`), 'arctic-aew', 'arctic-axb'].flatMap((n) => {
      const file = wav16k(n);
      const bg = backgroundDb(file);
      return cut(file, 2500)
        .slice(0, n.startsWith('fsdd') ? 3 : undefined)
        .map((x) => ({
          party: 'practitioner' as const,
          kind: 'real adult speech',
          source: n,
          x,
          backgroundDb: bg,
        }));
    }),
  ];
  const rnd = prng(97);
  const child = { f0: 420, formants: [1200, 3300, 4200] as [number, number, number] };
  const learner: Clip[] = [
    ...realLearner,
    ...(['hum', 'cry', 'fuss', 'squeal', 'hum', 'fuss', 'cry', 'squeal'] as const).map((k) => ({
      party: 'learner' as const,
      kind: `synthetic ${k}`,
      source: 'synthetic child B',
      x: childSound(child, k, rnd),
      backgroundDb: null,
    })),
  ];
  const deep: VoiceSpec = { name: 'deep man', voice: 'en+m1', pitch: 20, speed: 140, shiftCents: -300 };
  const woman: VoiceSpec = { name: 'woman B', voice: 'en+f5', pitch: 60, speed: 150, shiftCents: 0 };
  const lines = [
    'well done, that was lovely',
    'shall we go again',
    'are you ready then',
    'my turn now, your turn',
  ];
  const adult: Clip[] = [
    ...realAdult,
    ...lines.map((t, i) => ({
      party: 'practitioner' as const,
      kind: 'deep man',
      source: 'espeak deep man',
      x: speak(deep, t, i * 0.3 - 0.4),
      backgroundDb: null,
    })),
    ...lines.map((t, i) => ({
      party: 'practitioner' as const,
      kind: 'adult speech',
      source: 'espeak en+f5',
      x: speak(woman, t, i * 0.2),
      backgroundDb: null,
    })),
  ];
  return { learner, adult, realLearner, realAdult };
}

/** A fan: white noise through two one-pole low-passes, with a slow swell. */
export function fan(n: number, rnd: () => number): Float32Array {
  const out = new Float32Array(n);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    a = 0.9 * a + (rnd() - 0.5);
    b = 0.995 * b + 0.1 * (rnd() - 0.5);
    out[i] = (a + 3 * b + 0.3 * (rnd() - 0.5)) * (1 + 0.1 * Math.sin((2 * Math.PI * i) / (SR * 7)));
  }
  return out;
}

/** A bubble tube: the pump's rumble and hum, and a bubble every 50-300 ms (a short rising chirp). */
function bubbleTube(n: number, rnd: () => number): Float32Array {
  const out = fan(n, rnd);
  const hum = 0.15;
  for (let i = 0; i < n; i++)
    out[i] = (out[i] as number) * 0.6 + hum * Math.sin((2 * Math.PI * 100 * i) / SR);
  let at = 0;
  while (at < n) {
    at += Math.round((0.05 + 0.25 * rnd()) * SR);
    const f0 = 300 + 700 * rnd();
    const len = Math.round((0.01 + 0.02 * rnd()) * SR);
    const amp = 0.5 + rnd();
    for (let i = 0; i < len && at + i < n; i++) {
      const t = i / SR;
      out[at + i] =
        (out[at + i] as number) + amp * Math.exp(-t * 150) * Math.sin(2 * Math.PI * f0 * (1 + 20 * t) * t);
    }
  }
  return out;
}

/** Distant voices: two espeak-ng voices not used elsewhere, low-passed and smeared like a voice across a room. */
function distantVoices(n: number): Float32Array {
  const a = speak(
    { name: 'far A', voice: 'en+m7', pitch: 45, speed: 160, shiftCents: 0 },
    'Can you bring the red cup over here please? We are going outside after snack time. Put your shoes on now. Who wants to go on the swing first?',
    0,
  );
  const b = speak(
    { name: 'far B', voice: 'en+f4', pitch: 55, speed: 165, shiftCents: 0 },
    'Sit down nicely, it is story time. Look, the caterpillar is very hungry. One apple, two pears, three plums. Turn the page for me.',
    0,
  );
  const out = new Float32Array(n);
  let lpA = 0;
  let lpB = 0;
  const echo = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    lpA = 0.8 * lpA + 0.2 * (a[i % a.length] as number);
    lpB = 0.8 * lpB + 0.2 * (b[(i + 3 * SR) % b.length] as number);
    echo[i] = lpA + 0.8 * lpB + (i > 800 ? 0.5 * (echo[i - 800] as number) : 0);
    out[i] = echo[i] as number;
  }
  return out;
}

/**
 * Phonation on the clean clip, by pitchy, as the generated fixtures mark it (make-voice-fixtures.ts): a 40 ms
 * window on each 10 ms frame, clarity at least 0.6; F0 from 45 Hz (not 60), so a deep man's phrase end counts.
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
    out[f] = clarity >= 0.6 && hz >= 45 && hz <= 2000 ? 1 : 0;
  }
  return out;
}

/** Runs of marked frames as spans from `at` (samples), gaps under 300 ms merged. */
function spansOf(marked: readonly boolean[], at: number): { startMs: number; endMs: number }[] {
  const spans: { startMs: number; endMs: number }[] = [];
  const ms = (f: number) => (at / SR) * 1000 + f * 10;
  let start = -1;
  let last = -1;
  for (let f = 0; f <= marked.length; f++) {
    if (f === marked.length || !marked[f]) continue;
    if (start >= 0 && f - last > 30) {
      spans.push({ startMs: ms(start), endMs: ms(last + 1) });
      start = -1;
    }
    if (start < 0) start = f;
    last = f;
  }
  if (start >= 0) spans.push({ startMs: ms(start), endMs: ms(last + 1) });
  return spans;
}

/**
 * The clip's true segments, by the fixtures' rules: phonated frames within 25 dB of the clip's loudest (and
 * 10 dB over the recording's own room, `backgroundDb` as mixed, for a real recording) that are audible in the mix
 * (at least as much energy as the room in the same 10 ms: the ideal binary mask), gaps under 300 ms merged, at
 * least 100 ms. And, for a real recording, its unsure stretches: phonated and audible frames over its own room
 * by the same ideal-binary-mask measure (at least 3 dB over it: the voice at least as strong as the room) but
 * under the 10 dB. The 10 dB is kept because a real recording's own room holds periodic sound that is not the
 * voice (on the tuned infant-cry-5, phonated frames 3-6 dB over its room have a median F0 of 62 Hz, hum or
 * handling, against 368 Hz for its cries), so a frame under it cannot be called the voice; but soft fussing lies
 * there too, which a practitioner would count, so a detector that hears it is not marked wrong either.
 */
function truthOf(
  x: Float32Array,
  backgroundDb: number | null,
  room: Float32Array,
  at: number,
  party: Clip['party'],
  kind: string,
): { truth: TruthSpan[]; unsure: { startMs: number; endMs: number }[] } {
  const db = frameDb(x);
  const top = Math.max(...db);
  const thr = backgroundDb === null ? top - 25 : Math.max(top - 25, backgroundDb + 10);
  const soft = backgroundDb === null ? thr : Math.max(top - 25, backgroundDb + 10 * Math.log10(2));
  const voiced = phonated(x, db.length);
  const audible = (d: number, f: number): boolean => {
    let sn = 0;
    for (let i = f * FRAME; i < (f + 1) * FRAME; i++) sn += (room[at + i] ?? 0) ** 2;
    return 10 ** (d / 10) * FRAME >= sn;
  };
  const active = Array.from(db, (d, f) => d >= thr && voiced[f] === 1 && audible(d, f));
  const unsure = Array.from(
    db,
    (d, f) => !active[f] && d >= soft && d < thr && voiced[f] === 1 && audible(d, f),
  );
  return {
    truth: spansOf(active, at)
      .filter((sp) => sp.endMs - sp.startMs >= 100)
      .map((sp) => ({ party, kind, ...sp })),
    unsure: spansOf(unsure, at),
  };
}

/** Whether the unsure stretches fill the pause from `fromMs` to `toMs`, leaving no gap of 300 ms or more. */
function bridged(
  unsure: readonly { startMs: number; endMs: number }[],
  fromMs: number,
  toMs: number,
): boolean {
  let at = fromMs;
  for (const u of [...unsure].sort((a, b) => a.startMs - b.startMs)) {
    if (u.endMs <= at || u.startMs >= toMs) continue;
    if (u.startMs - at >= 300) return false;
    at = Math.max(at, u.endMs);
  }
  return toMs - at < 300;
}

/**
 * The detections as scored, the same for every detector, where the truth cannot say (its unsure stretches, see
 * truthOf): a detection that touches no true segment and overlaps an unsure stretch is left out; one that begins
 * inside an unsure stretch running into a true segment (within the 300 ms merge gap) is taken to begin with that
 * segment; and one that runs on from a true segment into the next across a pause the unsure stretches fill (soft
 * fussing between two cries) counts as two, the second from where that segment begins. Whether the soft sound
 * began the vocalisation, or joined two, is the practitioner's call: either answer is right.
 */
export function scorable(
  r: Pick<HeldOutRecording, 'truth' | 'unsure'>,
  detected: readonly { startMs: number; endMs: number }[],
): { startMs: number; endMs: number }[] {
  const out: { startMs: number; endMs: number }[] = [];
  for (const d of detected) {
    const touched = r.truth.filter((t) => overlapMs(d, t) > 0).sort((a, b) => a.startMs - b.startMs);
    const first = touched[0];
    if (first === undefined) {
      if (!r.unsure.some((u) => overlapMs(d, u) > 0)) out.push(d);
      continue;
    }
    const into = r.unsure.find(
      (u) => d.startMs >= u.startMs && d.startMs < u.endMs && first.startMs - u.endMs < 300,
    );
    let startMs = into !== undefined && first.startMs > d.startMs ? first.startMs : d.startMs;
    for (let k = 1; k < touched.length; k++) {
      const a = touched[k - 1] as TruthSpan;
      const b = touched[k] as TruthSpan;
      if (!bridged(r.unsure, a.endMs, b.startMs)) continue;
      out.push({ ...d, startMs, endMs: b.startMs });
      startMs = b.startMs;
    }
    out.push(startMs === d.startMs ? d : { ...d, startMs });
  }
  return out;
}

export function mix(
  condition: HeldOutRecording['condition'],
  layout: number,
  voices: Clip[],
  room: (n: number, rnd: () => number) => Float32Array,
  roomDb: number,
): HeldOutRecording {
  const rnd = prng(1000 * layout + roomDb * -7 + condition.length);
  // Shuffle, alternating learner and adult where possible, as turns do.
  const ls = voices.filter((c) => c.party === 'learner').sort(() => rnd() - 0.5);
  const as = voices.filter((c) => c.party === 'practitioner').sort(() => rnd() - 0.5);
  const order: Clip[] = [];
  for (let i = 0; i < Math.max(ls.length, as.length); i++) {
    if (ls[i]) order.push(ls[i] as Clip);
    if (as[i]) order.push(as[i] as Clip);
  }
  const gaps = order.map(() => Math.round((0.8 + 1.7 * rnd()) * SR));
  const total = order.reduce((s, c, i) => s + c.x.length + (gaps[i] as number), SR);
  const bed = room(total, rnd);
  const bedScaled = scaled(bed, roomDb - rmsDb(bed));
  const out = bedScaled.slice();
  const truth: TruthSpan[] = [];
  const unsure: HeldOutRecording['unsure'] = [];
  const placed: PlacedClip[] = [];
  let at = SR;
  order.forEach((c, i) => {
    // Learners from soft (10 dB over the room) to loud; adults at a conversational 20-25 dB over it.
    const level = c.party === 'learner' ? roomDb + 10 + 15 * rnd() : roomDb + 20 + 5 * rnd();
    const gainDb = Math.min(level, -8) - activeDb(c.x);
    const x = scaled(c.x, gainDb);
    for (let j = 0; j < x.length; j++) out[at + j] = (out[at + j] as number) + (x[j] as number);
    const bg = c.backgroundDb === null ? null : c.backgroundDb + gainDb;
    const t = truthOf(x, bg, bedScaled, at, c.party, c.kind);
    truth.push(...t.truth);
    unsure.push(...t.unsure);
    placed.push({
      party: c.party,
      kind: c.kind,
      source: c.source,
      startMs: (at / SR) * 1000,
      endMs: ((at + x.length) / SR) * 1000,
    });
    at += x.length + (gaps[i] as number);
  });
  return { condition, layout, samples: out, truth, unsure, placed };
}

/** A room made of a real recording, from a random place in it, round again at its end. */
export function looped(src: Float32Array): (n: number, rnd: () => number) => Float32Array {
  return (n, rnd) => {
    const off = Math.floor(rnd() * src.length);
    return Float32Array.from({ length: n }, (_, i) => src[(i + off) % src.length] as number);
  };
}

/** A room and distant voices at equal power (each 3 dB under the total, before `mix` sets the level). */
export function withVoices(room: Float32Array, voices: Float32Array): Float32Array {
  const gr = 10 ** (-rmsDb(room) / 20);
  const gv = 10 ** ((-3 - rmsDb(voices)) / 20);
  return room.map((x, i) => x * gr + (voices[i] as number) * gv);
}

/** The held-out recordings: four conditions, two layouts each. */
export function heldOutRecordings(): HeldOutRecording[] {
  const c = clips();
  const bike = wav16k('noise-exercise-bike');
  const bikeRoom = looped(bike);
  const busyRoom = (n: number, rnd: () => number) => withVoices(bikeRoom(n, rnd), distantVoices(n));
  const out: HeldOutRecording[] = [];
  for (const layout of [0, 1]) {
    const half = (xs: Clip[]) => xs.filter((_, i) => i % 2 === layout);
    const all = [...half(c.learner), ...half(c.adult)];
    out.push(mix('quiet', layout, all, fan, -50));
    out.push(mix('sensory', layout, all, bubbleTube, -42));
    out.push(mix('busy', layout, all, busyRoom, -33));
    out.push(mix('real voices', layout, [...half(c.realLearner), ...half(c.realAdult)], bikeRoom, -40));
  }
  return out;
}

/** Why a true segment was not found, or why a detection matched nothing (scoreSegments' rule, in words). */
export type DetectionError =
  | 'missed' // no detection touches it
  | 'cut short' // onset within 150 ms, but the detection covers under half of it
  | 'onset early' // the detection touching it most starts more than 150 ms before it
  | 'onset late'
  | 'merged' // the detection touching it most was matched to another true segment
  | 'extra piece' // a detection inside a vocalisation that matched nothing (a split, or a stray part)
  | 'noise'; // a detection touching no true segment

export interface ErrorTally {
  segments: number;
  found: number;
  errors: Partial<Record<DetectionError, number>>;
}

/**
 * The errors of one scored recording, tallied by the source of the true segment they concern (`sourceOf`); a
 * detection touching no true segment under `noiseSource`'s name for it. `matchOf` is scoreSegments' for the same
 * input.
 */
export function tallyErrors(
  truth: readonly { startMs: number; endMs: number }[],
  detected: readonly { startMs: number; endMs: number }[],
  matchOf: readonly number[],
  sourceOf: (i: number) => string,
  into: Map<string, ErrorTally> = new Map(),
  noiseSource: (d: { startMs: number; endMs: number }) => string = () => 'no voice',
): Map<string, ErrorTally> {
  const at = (source: string): ErrorTally => {
    const t = into.get(source) ?? { segments: 0, found: 0, errors: {} };
    into.set(source, t);
    return t;
  };
  const bump = (source: string, e: DetectionError): void => {
    const t = at(source);
    t.errors[e] = (t.errors[e] ?? 0) + 1;
  };
  const used = new Set(matchOf.filter((m) => m >= 0));
  truth.forEach((t, i) => {
    const tally = at(sourceOf(i));
    tally.segments++;
    if ((matchOf[i] ?? -1) >= 0) {
      tally.found++;
      return;
    }
    let best = -1;
    let most = 0;
    detected.forEach((d, j) => {
      const o = overlapMs(d, t);
      if (o > most) {
        most = o;
        best = j;
      }
    });
    const d = detected[best];
    if (d === undefined) bump(sourceOf(i), 'missed');
    else if (used.has(best)) bump(sourceOf(i), 'merged');
    else if (d.startMs < t.startMs - 150) bump(sourceOf(i), 'onset early');
    else if (d.startMs > t.startMs + 150) bump(sourceOf(i), 'onset late');
    else bump(sourceOf(i), 'cut short');
  });
  detected.forEach((d, j) => {
    if (used.has(j)) return;
    const i = truth.findIndex((t) => overlapMs(d, t) > 0);
    bump(i >= 0 ? sourceOf(i) : noiseSource(d), i >= 0 ? 'extra piece' : 'noise');
  });
  return into;
}

/** A tally as one table cell: found/segments, then each kind of error with its count. */
export function tallyText(t: ErrorTally): string {
  const errs = Object.entries(t.errors)
    .map(([e, n]) => `${n} ${e}`)
    .join(', ');
  return `${t.segments > 0 ? `${t.found}/${t.segments}` : '-'}${errs ? `; ${errs}` : ''}`;
}

/** The source a held-out span comes from, as the breakdown groups them (the six FSDD men as one). */
export function heldOutSource(r: HeldOutRecording, span: { startMs: number; endMs: number }): string | null {
  const p = r.placed.find((c) => span.startMs < c.endMs && c.startMs < span.endMs);
  if (p === undefined) return null;
  return p.source.startsWith('fsdd-')
    ? 'FSDD men (real)'
    : p.source.startsWith('cry-')
      ? `${p.source} (real)`
      : p.source;
}
