import type { MotionRegion } from '../core/motion/scene.ts';

/** Messages between the page and the motion worker. Times are on the page's performance clock, in ms. */

export type MotionRequest =
  /**
   * A camera's frames as a stream (MediaStreamTrackProcessor's readable, transferred): the worker reads every
   * frame the camera gives, however busy the page is. `pageTimeOrigin` (the page's performance.timeOrigin) puts
   * the frames' capture timestamps on the page's clock.
   */
  | { type: 'stream'; readable: ReadableStream<VideoFrame>; generation: number; pageTimeOrigin: number }
  /** One camera frame, where the browser has no track processor (the page sends every frame it sees). */
  | { type: 'frame'; image: VideoFrame | ImageBitmap; framePerfMs: number; generation: number }
  /** Where each tracked person is (the latest pose): their motion is measured there on every frame from now. */
  | { type: 'regions'; regions: MotionRegion[] }
  /**
   * Another camera, or none (unplugged): stop reading the old stream, forget the previous frame and the learnt
   * noise. `generation` is the page's count of camera changes; replies carry the generation of their frame, so
   * the page drops any for an older camera.
   */
  | { type: 'reset'; generation: number };

export interface MotionResult {
  type: 'motion';
  framePerfMs: number;
  generation: number;
  /** False on the first frame after a start or reset: nothing to difference against yet (energies are 0). */
  ready: boolean;
  /** Energy of the busiest grid cell anywhere in view (core/motion/motionEnergy.ts units). */
  anywhere: number;
  /** Every grid cell's energy, row-major. */
  cells: Float32Array;
  gridCols: number;
  gridRows: number;
  /** The regions measured on this frame (ids) and the energy in each (the busiest grid cell's share of it). */
  regionIds: number[];
  regionEnergy: number[];
  /** The worker's time for this frame (shrink, grey, difference, regions), ms. */
  ms: number;
}
