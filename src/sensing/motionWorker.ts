import type { MotionRegion } from '../core/motion/scene.ts';
import { MotionMeter } from './motionMeter.ts';
import type { MotionRequest, MotionResult } from './motionProtocol.ts';

/**
 * Motion energy of every camera frame, in a worker of its own: about a millisecond a frame, so it keeps up
 * with the camera while the models in the vision worker take 30-250 ms a frame. Apart from them it never waits
 * for inference, and inference never waits for it. Each person's energy is measured in the regions the page
 * last sent (the tracked people's boxes from the latest pose).
 */

// The DOM and WebWorker libs are both in tsconfig, so `self` is typed as a Window here.
const scope = self as unknown as DedicatedWorkerGlobalScope;

const meter = new MotionMeter();
let regions: MotionRegion[] = [];
let generation = 0;
let reader: ReadableStreamDefaultReader<VideoFrame> | null = null;

/** Frames the page sent one by one (no track processor), measured in order. */
let pageFrames: Promise<void> = Promise.resolve();

async function measure(image: VideoFrame | ImageBitmap, framePerfMs: number, gen: number): Promise<void> {
  const started = performance.now();
  let anywhere = 0;
  try {
    anywhere = await meter.measure(image, framePerfMs);
  } finally {
    image.close();
  }
  const a = meter.analyser;
  const cells = new Float32Array(a.result.cells);
  const reply: MotionResult = {
    type: 'motion',
    framePerfMs,
    generation: gen,
    ready: a.result.ready,
    anywhere,
    cells,
    gridCols: a.params.gridCols,
    gridRows: a.params.gridRows,
    regionIds: regions.map((r) => r.id),
    regionEnergy: regions.map((r) => a.maxCellEnergyIn(r.box)),
    ms: 0,
  };
  reply.ms = performance.now() - started;
  scope.postMessage(reply, [cells.buffer]);
}

/**
 * Reads a camera's frames until the stream ends or a reset. A VideoFrame's timestamp is its capture time on the
 * browser's monotonic clock (µs), whose origin the page cannot see; its offset to the page's performance clock
 * is taken as the smallest (arrival - capture) seen so far, i.e. capture time plus the quickest delivery. That
 * errs late by the pipeline's least latency (about a millisecond, measured) and never by a slow frame's delay.
 */
async function readStream(readable: ReadableStream<VideoFrame>, gen: number, pageTimeOrigin: number) {
  const r = readable.getReader();
  reader = r;
  let offset = Number.POSITIVE_INFINITY;
  try {
    for (;;) {
      const { value, done } = await r.read();
      if (done) break;
      if (gen !== generation) {
        value.close();
        break;
      }
      const arrived = performance.timeOrigin + performance.now() - pageTimeOrigin;
      const captured = value.timestamp / 1000;
      offset = Math.min(offset, arrived - captured);
      await measure(value, captured + offset, gen);
    }
  } catch {
    // A camera unplugged ends its stream with an error: the page sees the track end and says so.
  } finally {
    if (reader === r) reader = null;
  }
}

scope.onmessage = (e: MessageEvent<MotionRequest>) => {
  const req = e.data;
  switch (req.type) {
    case 'stream':
      if (req.generation === generation) void readStream(req.readable, req.generation, req.pageTimeOrigin);
      else void req.readable.cancel();
      break;
    case 'frame':
      if (req.generation === generation) {
        const { image, framePerfMs, generation: gen } = req;
        pageFrames = pageFrames.then(() => measure(image, framePerfMs, gen)).catch(() => undefined);
      } else req.image.close();
      break;
    case 'regions':
      regions = req.regions;
      break;
    case 'reset':
      generation = req.generation;
      void reader?.cancel().catch(() => undefined);
      reader = null;
      // The regions stay: the tracker still holds the people, and the next pose after a reset replaces them.
      meter.analyser.reset();
      break;
  }
};
