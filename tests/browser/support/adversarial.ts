import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TMP_DIR } from './media.ts';

/**
 * The hardest input the safety tests give the stage and the sound: a camera picture strobing, a voice switching
 * on and off ten times a second, and (in the tests) a storm of touches. Built at test time into the temporary
 * media folder (y4m is raw video), each once.
 */

/**
 * The waving-person clip with its whole picture switching between much brighter and much darker every second
 * frame (7.5 times a second at 30 fps): motion energy everywhere, on every frame, while a person is still seen.
 */
export function strobingClip(): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const out = join(TMP_DIR, 'strobing-wave.y4m');
  if (existsSync(out)) return out;
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    'tests/fixtures/clip-webcam-wave.mp4',
    '-vf',
    [
      'scale=640:480:force_original_aspect_ratio=decrease',
      'pad=640:480:(ow-iw)/2:(oh-ih)/2',
      'fps=30',
      "eq=brightness='if(mod(floor(n/2),2),0.3,-0.3)':eval=frame",
    ].join(','),
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
  return out;
}

/** A loud buzz switching on and off `hz` times a second (half on, half off) for 10 s; Chromium loops it. */
export function togglingVoiceFile(hz = 10): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const out = join(TMP_DIR, `voice-toggling-${hz}hz.wav`);
  if (existsSync(out)) return out;
  const pulse = join(TMP_DIR, `voice-toggling-${hz}hz-pulse.wav`);
  const half = String(0.5 / hz);
  const format = ['-r', '48000', '-c', '1', '-b', '16'];
  execFileSync('sox', [
    '-R',
    '-n',
    ...format,
    pulse,
    'synth',
    half,
    'sawtooth',
    '320',
    'vol',
    '0.5',
    'pad',
    '0',
    half,
  ]);
  execFileSync('sox', ['-R', pulse, out, 'repeat', String(10 * hz - 1)]);
  return out;
}

/** A microphone that hears nothing but the faintest room noise, for 10 s. */
export function silentMicFile(): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const out = join(TMP_DIR, 'mic-silent.wav');
  if (existsSync(out)) return out;
  execFileSync('sox', [
    '-R',
    '-n',
    '-r',
    '48000',
    '-c',
    '1',
    '-b',
    '16',
    out,
    'synth',
    '10',
    'brownnoise',
    'vol',
    '0.0005',
  ]);
  return out;
}
