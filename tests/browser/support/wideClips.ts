import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TMP_DIR } from './media.ts';
import { CLIP_FPS } from './visionClips.ts';

/**
 * A 16:9 fake camera with a person whose hands are at known places, for checking where the stage draws them.
 *
 * 640x360, because that is what Chromium passes on unchanged for the app's request (ideal 640x480): a fake
 * camera of 854x480, 960x540 or 1280x720 comes out centre-cropped and scaled to 640x480 (resizeMode
 * "crop-and-scale"), and one of 768x432 as 640x432, so the page would never see a 16:9 frame.
 */

export interface Point {
  x: number;
  y: number;
}

export interface WideHandsClip {
  path: string;
  width: number;
  height: number;
  /** The clip's length; Chromium loops it. */
  durationMs: number;
  /**
   * Where each index finger is (pose landmarks 19 and 20, the person's left and right: the points the stage
   * draws while they are visible), normalised 0..1 of the camera's own, unmirrored image.
   */
  hands: { left: Point; right: Point };
}

const W = 640;
const H = 360;
const DURATION_S = 5;
/** The first frame of this clip is the footage: a woman standing, arms held out and down, hands open. */
const YOGA = 'tests/fixtures/clip-full-body-yoga.mp4';
const YOGA_SIZE = 576;
/**
 * Where the pose model finds the index fingers on that frame, 0..1 of it: measured once with
 * tests/browser/pages/handLandmarks.html (the app's pose model and settings) on the frame taken out as a PNG
 * (ffmpeg -i clip-full-body-yoga.mp4 -frames:v 1), settled over 20 runs; visibility 0.82 and 0.92, so the stage
 * draws these points and not the wrists. The same page on the clip's own frames found the left one within 2 px
 * and the right one within 3 px across and 6.5 px up (of 640x360) of where the placement below puts them: a
 * landmark on a limb moves a little with the picture's scale, and that is the truth's own uncertainty.
 */
const FOOTAGE_HANDS = { left: { x: 0.6348, y: 0.5351 }, right: { x: 0.3564, y: 0.5548 } };
/** The square of the footage around the person (head to feet, both hands) that the clip shows. */
const CROP = { x: 112, y: 120, size: 352 };
/**
 * The square scaled to the clip's height and put at its left edge: the person stands on the camera's left, and
 * their right hand is 95 px (0.15 of the width) from the edge, where a 4:3 assumption draws it far wrong.
 */
const PLACED = { x: 0, y: 0, size: H };

/**
 * The yoga clip's first frame held still for 5 s (with the mild temporal noise of the other vision clips, so it
 * is a still person seen through a noisy sensor), its middle square scaled into the left of a dark 640x360
 * frame; the truth is the measured hand positions carried through that crop, scale and placement.
 */
export function wideHandsClip(): WideHandsClip {
  mkdirSync(TMP_DIR, { recursive: true });
  const name = 'camera-16x9-hands';
  const path = join(TMP_DIR, `${name}.y4m`);
  const truthPath = join(TMP_DIR, `${name}.json`);
  if (existsSync(path) && existsSync(truthPath))
    return JSON.parse(readFileSync(truthPath, 'utf8')) as WideHandsClip;
  const frames = DURATION_S * CLIP_FPS;
  const filter = [
    `trim=end_frame=1,setpts=PTS-STARTPTS,loop=loop=${frames - 1}:size=1:start=0,setpts=N/${CLIP_FPS}/TB`,
    `crop=${CROP.size}:${CROP.size}:${CROP.x}:${CROP.y},scale=${PLACED.size}:${PLACED.size},setsar=1`,
    `pad=${W}:${H}:${PLACED.x}:${PLACED.y}:color=0x303030,noise=alls=3:allf=t,format=yuv420p`,
  ].join(',');
  execFileSync('ffmpeg', [
    ...['-loglevel', 'error', '-y', '-i', YOGA, '-vf', filter],
    ...['-frames:v', String(frames), '-r', String(CLIP_FPS), '-pix_fmt', 'yuv420p', path],
  ]);
  const scale = PLACED.size / CROP.size;
  const place = (p: Point): Point => ({
    x: (PLACED.x + (p.x * YOGA_SIZE - CROP.x) * scale) / W,
    y: (PLACED.y + (p.y * YOGA_SIZE - CROP.y) * scale) / H,
  });
  const clip: WideHandsClip = {
    path,
    width: W,
    height: H,
    durationMs: DURATION_S * 1000,
    hands: { left: place(FOOTAGE_HANDS.left), right: place(FOOTAGE_HANDS.right) },
  };
  writeFileSync(truthPath, JSON.stringify(clip));
  return clip;
}
