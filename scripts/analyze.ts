/**
 * The offline analyser: the live voice path (src/core/audio) and turn-taking (src/core/turns) over a WAV file.
 *
 *   npm run --silent analyze -- REC.wav [--learner SAMPLE.wav] [--practitioner SAMPLE.wav]
 *
 * Whose voice: `--practitioner` alone labels a segment confidently unlike the practitioner `learner` (one learner
 * and one practitioner per recording); `--learner` as well refines it (a voice unlike both is `unknown`).
 *
 * Prints JSON on stdout. Any failure (missing, empty or corrupt file, bad arguments) prints one line on stderr
 * and exits with status 1 (2 for bad arguments).
 */
import { readFileSync, statSync } from 'node:fs';
import type { VoiceParty } from '../src/core/audio/attribution.ts';
import { analyseSamples } from '../src/core/audio/voiceAnalyser.ts';
import { decodeWav, WavError } from '../src/core/audio/wav.ts';
import {
  attributeVoice,
  featureExtractor,
  featureOfSamples,
  type KnownVoices,
  profileFromSamples,
} from '../src/core/audio/whoseVoice.ts';
import type { VocalEvent } from '../src/core/events.ts';
import { turnParams } from '../src/core/turns/params.ts';
import { summariseSession } from '../src/core/turns/summary.ts';
import { analyseTurns } from '../src/core/turns/tracker.ts';
import type { Hz } from '../src/core/units.ts';

class UsageError extends Error {}

interface Args {
  rec: string;
  enrol: Partial<Record<VoiceParty, string>>;
}

const MAX_WAV_BYTES = 2 ** 31 - 1;

const USAGE = 'usage: analyze REC.wav [--learner SAMPLE.wav] [--practitioner SAMPLE.wav]';

function parseArgs(argv: string[]): Args {
  let rec: string | undefined;
  const enrol: Partial<Record<VoiceParty, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--learner' || a === '--practitioner') {
      const v = argv[++i];
      if (!v) throw new UsageError(`${a} needs a WAV file; ${USAGE}`);
      enrol[a === '--learner' ? 'learner' : 'practitioner'] = v;
    } else if (a === '-h' || a === '--help') {
      throw new UsageError(USAGE);
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option ${a}; ${USAGE}`);
    } else if (rec === undefined) {
      rec = a;
    } else {
      throw new UsageError(`more than one recording given; ${USAGE}`);
    }
  }
  if (rec === undefined) throw new UsageError(USAGE);
  return { rec, enrol };
}

function readWav(path: string): ReturnType<typeof decodeWav> {
  let bytes: Uint8Array;
  try {
    // Refused by size before reading: Node cannot hold a larger file at once, and an 8-hour recording (the
    // longest the reader accepts) is far smaller at any rate a recorder uses.
    const size = statSync(path).size;
    if (size > MAX_WAV_BYTES)
      throw new Error(
        `${path}: too large (${(size / 2 ** 30).toFixed(1)} GB; at most 2 GB): cut it into parts`,
      );
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new Error(
      `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read'}`,
    );
  }
  try {
    return decodeWav(bytes);
  } catch (e) {
    if (e instanceof WavError) throw new Error(`${path}: ${e.message}`);
    throw e;
  }
}

/** Linear interpolation: enough for an enrolment sample recorded at another rate (features are band-limited). */
function resample(x: Float32Array, from: Hz, to: Hz): Float32Array {
  if (from === to) return x;
  const n = Math.floor((x.length * to) / from);
  const y = new Float32Array(n);
  const step = from / to;
  for (let i = 0; i < n; i++) {
    const p = i * step;
    const j = Math.floor(p);
    const f = p - j;
    y[i] = (x[j] ?? 0) * (1 - f) + (x[j + 1] ?? x[j] ?? 0) * f;
  }
  return y;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const wav = readWav(args.rec);
  const sr = wav.sampleRate;
  const { segments } = analyseSamples(wav.samples, sr);

  // Whose voice (core/audio/whoseVoice.ts): the practitioner's sample alone is enough (a segment confidently
  // unlike the practitioner is the learner's); the learner's sample refines it (a voice unlike both is unknown).
  const extractor = featureExtractor(sr);
  const voices: KnownVoices = {};
  const enrolled: VoiceParty[] = [];
  for (const party of ['learner', 'practitioner'] as const) {
    const path = args.enrol[party];
    if (!path) continue;
    const sample = readWav(path);
    const profile = profileFromSamples(extractor, resample(sample.samples, sample.sampleRate, sr));
    if (profile === null) throw new Error(`${path}: no voice found in the ${party}'s sample`);
    voices[party] = profile;
    enrolled.push(party);
  }

  const events: VocalEvent[] = segments.map((s) => {
    let party: VocalEvent['party'] = 'unknown';
    let confidence = 0;
    if (enrolled.length > 0) {
      const a0 = Math.max(0, Math.floor((s.startMs / 1000) * sr));
      const a1 = Math.min(wav.samples.length, Math.ceil((s.endMs / 1000) * sr));
      const verdict = attributeVoice(featureOfSamples(extractor, wav.samples.subarray(a0, a1)), voices);
      party = verdict.party;
      confidence = verdict.confidence;
    }
    return {
      kind: 'vocal',
      party,
      startMs: s.startMs,
      endMs: s.endMs,
      peakDbfs: s.peakDbfs,
      pitchHz: s.pitchHz,
      confidence,
    };
  });

  const params = turnParams();
  const analysis = analyseTurns(events, params);
  const durationMs = Math.round(wav.durationMs);
  const summary = summariseSession(events, params, durationMs, analysis);
  const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
  const out = {
    durationMs,
    sampleRate: sr,
    channels: wav.channels,
    enrolled,
    segments: events.map((e, i) => ({
      party: e.party,
      channel: 'voice' as const,
      startMs: e.startMs,
      endMs: e.endMs,
      pitchHz: round1(e.pitchHz),
      pitchMinHz: round1(segments[i]?.pitchMinHz ?? null),
      pitchMaxHz: round1(segments[i]?.pitchMaxHz ?? null),
      peakDbfs: round1(e.peakDbfs),
      confidence: Math.round(e.confidence * 1000) / 1000,
    })),
    turns: analysis.turns,
    summary,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

try {
  main();
} catch (e) {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`analyze: ${msg.split('\n')[0]}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
}
