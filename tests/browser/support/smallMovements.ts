import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sox, TMP_DIR } from './media.ts';
import { CLIP_FPS, type VisionClip } from './visionClips.ts';

const W = 640;
const H = 480;
const PORTRAIT = 'tests/fixtures/person-portrait-upper-body.jpg';
/**
 * Where the portrait's head is once fitted to 640x480 (the photo is 820x1024, so it is 384x480 from x = 128):
 * measured on the fitted frame, the face from about (255, 15) to (375, 170).
 */
const HEAD = { x: 250, y: 5, width: 132, height: 172 };

/**
 * A head nodding a little and nothing else moving: the portrait photo held still (with a webcam's mild noise),
 * its head, cut out of the same photo, moving up and down 6 px either way (about two centimetres at this
 * distance, a small nod) at 1.5 Hz from 2 to 5 s and from 8 to 11 s of a 12 s loop. The arms stay crossed and still, so
 * no wrist moves: whatever answers the nod comes from the motion worker's grid, not from the pose's hands.
 * Drawn at four times the size and shrunk (area average), so the head moves in quarter pixels as a camera
 * sees it (see smallHandClip in visionClips.ts, which shows a hand moving a few centimetres the same way).
 */
export function noddingHeadClip(): VisionClip {
  mkdirSync(TMP_DIR, { recursive: true });
  const name = 'small-head-nod-6px';
  const path = join(TMP_DIR, `${name}.y4m`);
  const truthPath = join(TMP_DIR, `${name}.json`);
  if (existsSync(path) && existsSync(truthPath))
    return JSON.parse(readFileSync(truthPath, 'utf8')) as VisionClip;
  const moving = [
    { startMs: 2000, endMs: 5000 },
    { startMs: 8000, endMs: 11_000 },
  ];
  const on = moving.map((m) => `between(t,${m.startMs / 1000},${m.endMs / 1000})`).join('+');
  const fit = `scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=0x303030`;
  const { x, y, width, height } = HEAD;
  execFileSync('ffmpeg', [
    ...['-loglevel', 'error', '-y'],
    ...['-loop', '1', '-framerate', String(CLIP_FPS), '-t', '12', '-i', PORTRAIT],
    ...[
      '-filter_complex',
      [
        `[0:v]${fit},scale=${4 * W}:${4 * H}:flags=neighbor,split[bg][src]`,
        `[src]crop=${4 * width}:${4 * height}:${4 * x}:${4 * y}[head]`,
        `[bg][head]overlay=x=${4 * x}:y='${4 * y}+(${on})*24*sin(2*PI*1.5*t)':eval=frame,scale=${W}:${H}:flags=area,noise=alls=3:allf=t,format=yuv420p[v]`,
      ].join(';'),
    ],
    ...['-map', '[v]', '-t', '12', '-r', String(CLIP_FPS), '-pix_fmt', 'yuv420p', path],
  ]);
  const truth: VisionClip = {
    path,
    durationMs: 12_000,
    moving,
    moverAt: { x: (x + width / 2) / W, y: (y + height / 2) / H },
    // The flag on the camera's left: nothing there moves, and no hand is near it.
    stillAt: { x: 150 / W, y: 200 / H },
  };
  writeFileSync(truthPath, JSON.stringify(truth));
  return truth;
}

/** A quiet room and nobody sounding: soft brown noise, 10 s. */
export function quietMicFile(): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const path = join(TMP_DIR, 'mic-quiet-room.wav');
  if (!existsSync(path))
    sox(['-n', '-r', '48000', '-c', '1', '-b', '16', path, 'synth', '10', 'brownnoise', 'vol', '0.02']);
  return path;
}
