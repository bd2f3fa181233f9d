import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TMP_DIR } from './media.ts';

/**
 * Fake-camera clips for the vision tests, made from the committed real footage and photos with ffmpeg, each
 * with its ground truth written beside it by this generator: when something moves, and where. 640x480 at
 * 30 fps, y4m (raw, so built into .tmp at test time). Mild temporal noise (ffmpeg `noise`, strength 3, about
 * a real webcam's) is added to every frame, so "still" is a still person seen through a noisy sensor, not a
 * frozen picture.
 */

/** Every clip's frame rate. */
export const CLIP_FPS = 30;
const FPS = CLIP_FPS;
const W = 640;
const H = 480;
const WAVE = 'tests/fixtures/clip-webcam-wave.mp4';
const PORTRAIT = 'tests/fixtures/person-portrait-upper-body.jpg';
const HANDS = 'tests/fixtures/hands-two-open.jpg';
const NOISE = 'noise=alls=3:allf=t';

export interface Interval {
  startMs: number;
  endMs: number;
}

export interface VisionClip {
  path: string;
  /** The clip's length; Chromium loops it. */
  durationMs: number;
  /** When something in the clip moves (truth for movement bursts). */
  moving: Interval[];
  /** Where the moving person or hand is, normalised 0..1 of the camera's own image. */
  moverAt: { x: number; y: number } | null;
  /** Where a still person is, when the clip has one beside the mover. */
  stillAt: { x: number; y: number } | null;
}

function build(name: string, make: (out: string) => Omit<VisionClip, 'path'>): VisionClip {
  mkdirSync(TMP_DIR, { recursive: true });
  const path = join(TMP_DIR, `${name}.y4m`);
  const truthPath = join(TMP_DIR, `${name}.json`);
  if (existsSync(path) && existsSync(truthPath))
    return JSON.parse(readFileSync(truthPath, 'utf8')) as VisionClip;
  const truth = { path, ...make(path) };
  writeFileSync(truthPath, JSON.stringify(truth));
  return truth;
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
}

/**
 * Frames of the waving clip (a woman raises her hand, waves and lowers it; 57 frames = 1.9 s at 30 fps) held
 * still on its last frame between waves: still 3 s, wave, still 3.1 s, wave, still 2.1 s = 12 s. The loop seam
 * joins two still copies of the same frame, so it makes no movement; each wave starts with a jump from the last
 * frame to the first, which lies inside the wave's interval. Scaled into a `w` x `h` box.
 */
function waveSequence(w: number, h: number): { filter: string; moving: Interval[]; frames: number } {
  const moveFrames = 57;
  const stills = [90, 93, 63];
  const fit = `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=0x303030`;
  const filter = [
    `[0:v]${fit},fps=${FPS},trim=end_frame=${moveFrames},setpts=PTS-STARTPTS,split=3[m1][m2][tail]`,
    `[tail]reverse,trim=end_frame=1,setpts=PTS-STARTPTS,split=3[l1][l2][l3]`,
    ...stills.map((n, i) => `[l${i + 1}]loop=loop=${n - 1}:size=1:start=0,setpts=N/${FPS}/TB[s${i + 1}]`),
    `[s1][m1][s2][m2][s3]concat=n=5:v=1:a=0[seq]`,
  ].join(';');
  const frameMs = 1000 / FPS;
  const m1 = stills[0] as number;
  const m2 = m1 + moveFrames + (stills[1] as number);
  return {
    filter,
    frames: moveFrames * 2 + stills.reduce((a, b) => a + b, 0),
    moving: [
      { startMs: m1 * frameMs, endMs: (m1 + moveFrames) * frameMs },
      { startMs: m2 * frameMs, endMs: (m2 + moveFrames) * frameMs },
    ],
  };
}

/** A person holding still: the portrait photo, fitted to the frame, 10 s, noise only. */
export function stillPersonClip(): VisionClip {
  return build('vision-still-person', (out) => {
    ffmpeg([
      ...['-loop', '1', '-framerate', String(FPS), '-t', '10', '-i', PORTRAIT],
      ...[
        '-vf',
        `scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=0x303030,${NOISE},format=yuv420p`,
      ],
      ...['-r', String(FPS), '-pix_fmt', 'yuv420p', out],
    ]);
    return { durationMs: 10_000, moving: [], moverAt: { x: 0.5, y: 0.5 }, stillAt: null };
  });
}

/** A person waving at known times (two waves in a 12 s loop), full frame. */
export function wavingClip(): VisionClip {
  return build('vision-waving', (out) => {
    const seq = waveSequence(W, H);
    ffmpeg([
      ...['-i', WAVE],
      ...['-filter_complex', `${seq.filter};[seq]${NOISE},format=yuv420p[v]`],
      ...['-map', '[v]', '-r', String(FPS), '-pix_fmt', 'yuv420p', out],
    ]);
    return {
      durationMs: (seq.frames * 1000) / FPS,
      moving: seq.moving,
      moverAt: { x: 0.5, y: 0.5 },
      stillAt: null,
    };
  });
}

/**
 * Two people side by side: on the camera's left the portrait photo, still; on the right the waving woman at
 * known times. The preview is mirrored, so on screen the waving woman is on the left.
 */
export function twoPeopleClip(): VisionClip {
  return build('vision-two-people', (out) => {
    const half = W / 2;
    const seq = waveSequence(half, H);
    const still = `[1:v]scale=${half}:${H}:force_original_aspect_ratio=decrease,pad=${half}:${H}:(ow-iw)/2:(oh-ih)/2:color=0x303030,setsar=1[left]`;
    ffmpeg([
      ...['-i', WAVE, '-loop', '1', '-framerate', String(FPS), '-i', PORTRAIT],
      ...[
        '-filter_complex',
        `${seq.filter};${still};[left][seq]hstack=inputs=2:shortest=1,${NOISE},format=yuv420p[v]`,
      ],
      ...['-map', '[v]', '-frames:v', String(seq.frames), '-r', String(FPS), '-pix_fmt', 'yuv420p', out],
    ]);
    return {
      durationMs: (seq.frames * 1000) / FPS,
      moving: seq.moving,
      moverAt: { x: 0.75, y: 0.5 },
      stillAt: { x: 0.25, y: 0.5 },
    };
  });
}

/**
 * A hand moving a few centimetres: the portrait photo as the person, and over it one open hand cut from a
 * real photo, 64 px wide (a hand about 9 cm across), that sways 8 px either way (about a centimetre each side,
 * two to three centimetres of travel) at 1.5 Hz from 4 to 6 s and from 9 to 11 s of a 12 s loop, and holds
 * still otherwise.
 *
 * The sway is drawn at four times the size and shrunk (area average), so the hand moves in quarter pixels as
 * a camera sees a real hand. Drawn at full size, ffmpeg's overlay puts it on whole pixels, and at each turn
 * the sine stays on the same pixel for up to four frames (133 ms): the first turn of the second sway was a
 * frozen hand inside the truth's "moving" interval, and a burst could rightly start only after it.
 */
export function smallHandClip(): VisionClip {
  return build('vision-small-hand-subpixel', (out) => {
    const moving: Interval[] = [
      { startMs: 4000, endMs: 6000 },
      { startMs: 9000, endMs: 11_000 },
    ];
    const on = moving.map((m) => `between(t,${m.startMs / 1000},${m.endMs / 1000})`).join('+');
    ffmpeg([
      ...['-loop', '1', '-framerate', String(FPS), '-t', '12', '-i', PORTRAIT],
      ...['-loop', '1', '-framerate', String(FPS), '-t', '12', '-i', HANDS],
      ...[
        '-filter_complex',
        [
          // The background blown up 4x by repeating pixels, so shrinking it back gives the same picture.
          `[0:v]scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=0x303030,scale=${4 * W}:${4 * H}:flags=neighbor[bg]`,
          // The right-hand one of the two open hands in the photo (720x382), cropped and made hand-sized (x4).
          `[1:v]crop=300:340:400:20,scale=256:-2,format=rgba,colorkey=0xF4F4F4:0.2:0.1[hand]`,
          `[bg][hand]overlay=x='1880+(${on})*32*sin(2*PI*1.5*t)':y=1200:eval=frame,scale=${W}:${H}:flags=area,${NOISE},format=yuv420p[v]`,
        ].join(';'),
      ],
      ...['-map', '[v]', '-t', '12', '-r', String(FPS), '-pix_fmt', 'yuv420p', out],
    ]);
    return { durationMs: 12_000, moving, moverAt: { x: 500 / W, y: 340 / H }, stillAt: null };
  });
}
