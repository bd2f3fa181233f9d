import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Generated media lives here: big (y4m is raw video), rebuilt at test time, never committed. */
export const TMP_DIR = resolve('.tmp/media');

function fresh(out: string, inputs: string[]): boolean {
  if (!existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  return inputs.every((i) => statSync(i).mtimeMs <= built);
}

/** Converts a committed clip to the 640x480 30 fps y4m that Chromium's fake camera reads. */
export function y4mFromClip(clip: string, name = clip.replace(/^.*\//, '').replace(/\.\w+$/, '')): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const out = join(TMP_DIR, `${name}.y4m`);
  if (fresh(out, [clip])) return out;
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    clip,
    '-vf',
    'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,fps=30',
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
  return out;
}

/** A vocalisation placed in a generated microphone file: the ground truth the tests check against. */
export interface TrueVocalisation {
  startMs: number;
  endMs: number;
}

export interface MicFile {
  path: string;
  durationMs: number;
  vocalisations: TrueVocalisation[];
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' });
}

/**
 * sox in repeatable mode: its noise and its dither (a rate or depth change dithers) are seeded the same on every
 * run, so a checkout builds byte-identical files and a test cannot pass on one build and fail on the next.
 */
export function sox(args: string[]): string {
  return run('sox', ['-R', ...args]);
}

export function soxDurationMs(path: string): number {
  return Math.round(Number(run('soxi', ['-D', path]).trim()) * 1000);
}

const MIC_RATE = 48000;

/**
 * Speaks `text` with espeak-ng and trims the silence around it, so the truth is where the voice really is.
 * `shiftCents` moves the whole spectrum (formants too), as a child's shorter vocal tract does.
 */
export function spokenClip(
  out: string,
  espeakArgs: string[],
  text: string,
  maxSeconds?: number,
  shiftCents = 0,
): number {
  const raw = out.replace(/\.wav$/, '-raw.wav');
  run('espeak-ng', ['-w', raw, ...espeakArgs, text]);
  const trim = maxSeconds === undefined ? [] : ['trim', '0', String(maxSeconds)];
  // Mono at 48 kHz, silence trimmed at both ends (the reverse trick trims the tail), then normalised to -12 dB.
  const silence = ['silence', '1', '0.01', '0.5%'];
  sox([
    raw,
    '-r',
    String(MIC_RATE),
    '-c',
    '1',
    '-b',
    '16',
    out,
    ...(shiftCents === 0 ? [] : ['pitch', String(shiftCents)]),
    ...silence,
    'reverse',
    ...silence,
    'reverse',
    ...trim,
    'gain',
    '-n',
    '-12',
  ]);
  return soxDurationMs(out);
}

/**
 * Places clips at known times over soft room noise (brown noise, about -50 dBFS) in a file of `durationMs`,
 * and writes the truth (where each clip is) beside it. Cached: an existing file and truth are reused.
 * `noiseDraw` picks another stretch of the same repeatable room noise (tests that check over several rooms).
 */
export function mixMicFile(
  name: string,
  durationMs: number,
  make: () => { path: string; at: number }[],
  noiseDraw = 0,
): MicFile {
  mkdirSync(TMP_DIR, { recursive: true });
  const path = join(TMP_DIR, `${name}.wav`);
  const truthPath = join(TMP_DIR, `${name}.json`);
  if (existsSync(path) && existsSync(truthPath))
    return JSON.parse(readFileSync(truthPath, 'utf8')) as MicFile;
  const parts: string[] = [];
  const vocalisations: TrueVocalisation[] = [];
  for (const [i, clip] of make().entries()) {
    const len = soxDurationMs(clip.path);
    const placed = join(TMP_DIR, `${name}-p${i}.wav`);
    sox([
      clip.path,
      placed,
      'pad',
      String(clip.at / 1000),
      String(Math.max(0, (durationMs - clip.at - len) / 1000)),
    ]);
    parts.push(placed);
    vocalisations.push({ startMs: clip.at, endMs: clip.at + len });
  }
  const noise = join(TMP_DIR, `${name}-noise.wav`);
  const format = ['-r', String(MIC_RATE), '-c', '1', '-b', '16'];
  // Draw k of the room: the same repeatable noise, from k x 10 s further on.
  const skip = noiseDraw * 10;
  sox([
    '-n',
    ...format,
    noise,
    'synth',
    String(skip + durationMs / 1000),
    'brownnoise',
    'vol',
    '0.01',
    'trim',
    String(skip),
  ]);
  sox(['-m', noise, ...parts, ...format, path, 'trim', '0', String(durationMs / 1000)]);
  const file: MicFile = { path, durationMs, vocalisations };
  writeFileSync(truthPath, JSON.stringify(file));
  return file;
}

/**
 * A microphone recording with child-like vocalisations (espeak-ng at a high pitch) at known times over soft
 * room noise. Chromium loops it.
 */
export function makeMicFile(name = 'mic-vocalisations', noiseDraw = 0): MicFile {
  const sounds = [
    { text: 'aah', pitch: 85, at: 1000 },
    { text: 'ooh', pitch: 95, at: 4300 },
    { text: 'eee', pitch: 75, at: 7600 },
  ];
  return mixMicFile(
    name,
    10_000,
    () =>
      sounds.map((s, i) => {
        const path = join(TMP_DIR, `${name}-v${i}.wav`);
        spokenClip(path, ['-p', String(s.pitch), '-s', '90'], s.text);
        return { path, at: s.at };
      }),
    noiseDraw,
  );
}

/**
 * The worst a voice can do to the stage: a loud buzz switching on and off four times a second (0.12 s on,
 * 0.13 s off) for the whole file, over quiet noise.
 */
export function makePulsingMicFile(name = 'mic-pulsing'): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const path = join(TMP_DIR, `${name}.wav`);
  if (existsSync(path)) return path;
  const pulse = join(TMP_DIR, `${name}-pulse.wav`);
  sox([
    '-n',
    '-r',
    '48000',
    '-c',
    '1',
    '-b',
    '16',
    pulse,
    'synth',
    '0.12',
    'sawtooth',
    '320',
    'vol',
    '0.5',
    'pad',
    '0',
    '0.13',
  ]);
  sox([pulse, path, 'repeat', '39']);
  return path;
}

/**
 * One voice talking twice in a 10 s loop (an adult espeak-ng voice, at 0.5 s and 5.5 s, each about 2.5 s),
 * over soft room noise: any 5 s of it holds enough voice to enrol, and each utterance is a vocal segment with
 * seconds of quiet after it (time to press a correction key before the next). Chromium loops it.
 */
export function makeVoiceMicFile(name = 'mic-voice'): MicFile {
  return mixMicFile(name, 10_000, () => {
    const path = join(TMP_DIR, `${name}-v.wav`);
    spokenClip(path, ['-v', 'en+f3', '-p', '55', '-s', '140'], 'hello there shall we play together now', 3);
    return [500, 5500].map((at) => ({ path, at }));
  });
}
