import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
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
