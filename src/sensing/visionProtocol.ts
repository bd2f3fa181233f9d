import type { PerfMs } from '../core/clock.ts';
import type { HeadPose, MouthGeometry } from '../core/motion/faceGeometry.ts';
import type { NormRect } from '../core/motion/motionEnergy.ts';

/** Messages between the page and the vision worker. Times are on the performance clock, in ms. */

/**
 * The landmark models the worker runs. No hand model: the stage's hand trails follow the pose model's wrists
 * and index fingers, which it has on every analysed frame, and small movements are measured as motion energy
 * on every camera frame; a hand model on top cost 25-86 ms a frame on a two-core PC, so on a school PC it ran
 * about twice a second, too seldom to draw with, and nothing used what it found.
 */
export type VisionModel = 'pose' | 'face';
/** What one model made of one frame: someone found, nobody there, or the call failed. */
export type ModelOutcome = 'seen' | 'nobody' | 'failed';
export type Delegate = 'CPU' | 'GPU';

export interface VisionInit {
  type: 'init';
  pose: 'lite' | 'full';
  wasmLoaderPath: string;
  wasmBinaryPath: string;
  modelUrls: Record<VisionModel, string>;
  /** 'auto': GPU when WebGL is a real GPU (not a software renderer), falling back to CPU if GPU fails. */
  delegate: 'auto' | Delegate;
  /** Target work per analysed frame (see core/motion/visionScheduler.ts). */
  budgetMs: number;
}

export type VisionRequest =
  | VisionInit
  | { type: 'frame'; bitmap: ImageBitmap; framePerfMs: PerfMs }
  | { type: 'close' };

/** One person the pose model found. */
export interface PersonSeen {
  /** 33 landmarks: x, y (0..1 of the image), visibility. */
  landmarks: Float32Array;
  box: NormRect;
  head: { x: number; y: number } | null;
}

export interface FaceSeen {
  box: NormRect;
  pose: HeadPose;
  mouth: MouthGeometry;
}

export interface VisionResult {
  type: 'result';
  /**
   * False on the pose model's result, sent ahead when the face model is to run on the same frame (the stage
   * follows the pose and should not wait for the face); true on the frame's last reply, after which the worker
   * takes the next frame. A frame's replies share its `framePerfMs`.
   */
  final: boolean;
  framePerfMs: PerfMs;
  /**
   * The analysed frame's size in pixels, as the camera delivered it: every position above is a fraction of it,
   * so whoever draws or measures them needs its shape (webcams are 4:3, 16:9 and others).
   */
  frameWidth: number;
  frameHeight: number;
  /** Null when the pose model did not run or failed on this frame (not loaded yet, or a bad frame), or was sent ahead. */
  people: PersonSeen[] | null;
  /** Null when the face model did not run on this frame (it runs when the frame's budget leaves room). */
  faces: FaceSeen[] | null;
  /** What each model that ran made of this frame. */
  outcomes: Partial<Record<VisionModel, ModelOutcome>>;
  /** Time each model took on this frame, ms (only the models that ran). */
  timings: Partial<Record<VisionModel, number>>;
  /** The frame's time in the worker so far, ms (the whole frame's on the final reply). */
  inferenceMs: number;
}

export type VisionReply =
  | { type: 'model'; model: VisionModel; state: 'ready'; delegate: Delegate; variant?: string }
  | { type: 'model'; model: VisionModel; state: 'failed'; message: string }
  | VisionResult;
