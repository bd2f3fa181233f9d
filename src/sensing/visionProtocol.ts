import type { HeadPose, MouthGeometry } from '../core/motion/faceGeometry.ts';
import type { NormRect } from '../core/motion/motionEnergy.ts';

/** Messages between the page and the vision worker. Times are on the performance clock, in ms. */

export type VisionModel = 'pose' | 'hand' | 'face';
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
  | { type: 'frame'; bitmap: ImageBitmap; framePerfMs: number }
  | { type: 'close' };

/** One person the pose model found. */
export interface PersonSeen {
  /** 33 landmarks: x, y (0..1 of the image), visibility. */
  landmarks: Float32Array;
  box: NormRect;
  head: { x: number; y: number } | null;
}

export interface HandSeen {
  /** 21 landmarks: x, y (0..1 of the image), z. */
  landmarks: Float32Array;
  /** 'Left' or 'Right' as the model names it (for the unmirrored image). */
  handedness: string;
}

export interface FaceSeen {
  box: NormRect;
  pose: HeadPose;
  mouth: MouthGeometry;
}

export interface VisionResult {
  type: 'result';
  framePerfMs: number;
  /** Null when the pose model is not running (not loaded yet, or failed). */
  people: PersonSeen[] | null;
  /** Null when the model did not run on this frame (hands and face take turns). */
  hands: HandSeen[] | null;
  faces: FaceSeen[] | null;
  /** Time each model took on this frame, ms (only the models that ran). */
  timings: Partial<Record<VisionModel, number>>;
  /** Whole frame in the worker, ms. */
  inferenceMs: number;
}

export type VisionReply =
  | { type: 'model'; model: VisionModel; state: 'ready'; delegate: Delegate; variant?: string }
  | { type: 'model'; model: VisionModel; state: 'failed'; message: string }
  | VisionResult;
