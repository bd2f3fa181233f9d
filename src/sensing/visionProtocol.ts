/** Messages between the page and the vision worker. Times are on the performance clock, in ms. */
export type VisionRequest =
  | { type: 'init'; pose: 'lite' | 'full'; wasmLoaderPath: string; wasmBinaryPath: string; modelUrl: string }
  | { type: 'frame'; bitmap: ImageBitmap; framePerfMs: number }
  | { type: 'close' };

export type VisionReply =
  | { type: 'ready'; delegate: 'CPU' | 'GPU' }
  | { type: 'failed'; message: string }
  | {
      type: 'result';
      framePerfMs: number;
      /** Pose landmarks of each person seen: x, y, visibility per landmark, 33 landmarks a person. */
      people: Float32Array[];
      /** Motion energy of the busiest region of the frame (core/motion/motionEnergy.ts units). */
      motion: number;
      inferenceMs: number;
    };
