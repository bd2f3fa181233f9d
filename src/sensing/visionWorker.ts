import { PoseLandmarker } from '@mediapipe/tasks-vision';
import { MotionMeter } from './motionMeter.ts';
import type { VisionReply, VisionRequest } from './visionProtocol.ts';

/**
 * Pose landmarks and motion energy, off the main thread. One frame in flight (the page waits for our reply
 * before sending another), so a slow model lowers the analysis rate and never the stage's frame rate.
 */
let landmarker: PoseLandmarker | null = null;
let lastTimestamp = 0;
const motion = new MotionMeter();

function reply(m: VisionReply, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(m, transfer);
}

async function init(req: Extract<VisionRequest, { type: 'init' }>): Promise<void> {
  try {
    // Absolute URLs on our own origin: the dev server rewrites root-relative dynamic imports (adding
    // `?import`), which breaks loading the runtime from the public folder.
    const fileset = {
      wasmLoaderPath: new URL(req.wasmLoaderPath, self.location.href).href,
      wasmBinaryPath: new URL(req.wasmBinaryPath, self.location.href).href,
    };
    // CPU by default: headless and many school PCs have no usable GPU, and the GPU delegate's first frame
    // can take seconds there. A later version chooses per machine by measuring both.
    landmarker = await PoseLandmarker.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: req.modelUrl, delegate: 'CPU' },
      runningMode: 'VIDEO',
      numPoses: 2,
    });
    reply({ type: 'ready', delegate: 'CPU' });
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

function analyse(bitmap: ImageBitmap, framePerfMs: number): void {
  const started = performance.now();
  let people: Float32Array[] = [];
  let energy = 0;
  try {
    energy = motion.measure(bitmap, framePerfMs);
    if (landmarker) {
      // MediaPipe needs strictly rising timestamps.
      const ts = framePerfMs > lastTimestamp ? framePerfMs : lastTimestamp + 1;
      lastTimestamp = ts;
      const result = landmarker.detectForVideo(bitmap, ts);
      people = result.landmarks.map((person) => {
        const out = new Float32Array(person.length * 3);
        person.forEach((p, i) => {
          out[i * 3] = p.x;
          out[i * 3 + 1] = p.y;
          out[i * 3 + 2] = p.visibility ?? 1;
        });
        return out;
      });
    }
  } finally {
    bitmap.close();
  }
  reply(
    { type: 'result', framePerfMs, people, motion: energy, inferenceMs: performance.now() - started },
    people.map((p) => p.buffer),
  );
}

self.onmessage = (e: MessageEvent<VisionRequest>) => {
  const req = e.data;
  switch (req.type) {
    case 'init':
      void init(req);
      break;
    case 'frame':
      analyse(req.bitmap, req.framePerfMs);
      break;
    case 'close':
      landmarker?.close();
      landmarker = null;
      break;
  }
};
