import { type LiveSignals, POSE_LANDMARKS, POSE_STRIDE } from '../state/live.ts';
import type { DeviceStatus } from '../state/stores.ts';
import { MODEL_URLS, WASM_BINARY, WASM_LOADER } from './modelFiles.ts';
import type { VisionReply, VisionRequest } from './visionProtocol.ts';

export interface VisionHandlers {
  onStatus(status: DeviceStatus): void;
  /** Every analysed frame: its capture time, how many people, and the motion energy. */
  onResult(framePerfMs: number, people: Float32Array[], motion: number): void;
}

export interface Vision {
  /** Frames analysed so far and the total inference time, for the benchmark and the panel. */
  stats(): { frames: number; inferenceMs: number[] };
  close(): void;
}

/**
 * Feeds camera frames to the vision worker, one in flight at a time, and copies results into the live
 * signals for the stage. Frames are sent as transferred ImageBitmaps, keyed by their capture time.
 */
export function startVision(video: HTMLVideoElement, live: LiveSignals, handlers: VisionHandlers): Vision {
  const worker = new Worker(new URL('./visionWorker.ts', import.meta.url), { type: 'module' });
  const send = (m: VisionRequest, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  let busy = false;
  let closed = false;
  let frames = 0;
  const inferenceMs: number[] = [];

  worker.onmessage = (e: MessageEvent<VisionReply>) => {
    const m = e.data;
    if (m.type === 'ready') {
      handlers.onStatus({ state: 'on', label: `Pose (lite, ${m.delegate})` });
    } else if (m.type === 'failed') {
      handlers.onStatus({
        state: 'failed',
        message: `Body tracking could not start (${m.message}). Voice and touch still work.`,
      });
    } else {
      busy = false;
      frames++;
      if (inferenceMs.length < 100_000) inferenceMs.push(m.inferenceMs);
      live.visionMs = m.inferenceMs;
      const first = m.people[0];
      live.poseCount = m.people.length;
      if (first) live.pose.set(first.subarray(0, POSE_LANDMARKS * POSE_STRIDE));
      live.poseFramePerfMs = m.framePerfMs;
      handlers.onResult(m.framePerfMs, m.people, m.motion);
    }
  };
  worker.onerror = (e) => {
    handlers.onStatus({
      state: 'failed',
      message: `Body tracking stopped (${e.message}). Voice and touch still work.`,
    });
  };
  send({
    type: 'init',
    pose: 'lite',
    wasmLoaderPath: WASM_LOADER,
    wasmBinaryPath: WASM_BINARY,
    modelUrl: MODEL_URLS.poseLite,
  });

  // Motion energy needs frames even before the model is ready, so frames flow from the start.
  const onFrame = (now: number, meta?: VideoFrameCallbackMetadata) => {
    if (closed) return;
    if (!busy && video.readyState >= 2 && video.videoWidth > 0) {
      busy = true;
      const framePerfMs = meta?.captureTime ?? now;
      createImageBitmap(video)
        .then((bitmap) => send({ type: 'frame', bitmap, framePerfMs }, [bitmap]))
        .catch(() => {
          busy = false;
        });
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);

  return {
    stats: () => ({ frames, inferenceMs }),
    close() {
      closed = true;
      send({ type: 'close' });
      worker.terminate();
    },
  };
}
