import type { MotionRegion } from '../core/motion/scene.ts';
import { VisionPacer } from '../core/motion/visionPacer.ts';
import type { DeviceStatus } from '../state/stores.ts';
import { MODEL_URLS, WASM_BINARY, WASM_LOADER } from './modelFiles.ts';
import { type MotionStats, startMotion } from './motion.ts';
import type { MotionResult } from './motionProtocol.ts';
import { watchFrames } from './visionFrames.ts';
import type {
  Delegate,
  ModelOutcome,
  VisionModel,
  VisionReply,
  VisionRequest,
  VisionResult,
} from './visionProtocol.ts';

/** What the camera's two workers publish. Nothing here asks anything back. */
export interface VisionHandlers {
  onStatus(status: DeviceStatus): void;
  /** Every frame the models analysed: who is where, faces, and the frame's real size. */
  onFrame(result: VisionResult): void;
  /** Motion energy of every camera frame (from the motion worker, apart from the models). */
  onMotion(result: MotionResult): void;
}

export interface VisionOptions {
  /** The full pose model is more accurate for a learner lying down or half in view, and about twice as slow. */
  pose: 'lite' | 'full';
  delegate: 'auto' | Delegate;
  budgetMs: number;
}

export interface VisionStats {
  frames: number;
  /** Whole-frame time in the worker, ms, per analysed frame. */
  inferenceMs: number[];
  /** Each model's time per run, ms, and the motion worker's per camera frame. */
  modelMs: Record<VisionModel | 'motion', number[]>;
  /** How each model's calls ended: someone found, nobody there, or failed. */
  calls: Record<VisionModel, Record<ModelOutcome, number>>;
  /** performance.now() of each analysed frame's reply, for frames analysed per second. */
  replyPerfMs: number[];
  /** Motion energy, measured on every camera frame apart from the models (motion.ts). */
  motion: MotionStats;
  /**
   * The camera's own count of frames delivered and the capture time of the latest: together they show whether
   * the camera keeps its frame rate (a starved fake camera in a test slows down instead of dropping frames).
   */
  camera: { presentedFrames: number; captureMs: number };
}

export interface Vision {
  /** Feeds frames from this video, or stops feeding (camera lost) while the models stay loaded. */
  setVideo(video: HTMLVideoElement | null): void;
  /** Where each tracked person's motion is to be measured from the next camera frame on. */
  setRegions(regions: MotionRegion[]): void;
  /** The sound underran: send the models fewer frames for a while (see core/motion/visionPacer.ts). */
  backOff(): void;
  stats(): VisionStats;
  close(): void;
}

const NAMES: Record<VisionModel, string> = { pose: 'body', face: 'face' };
const LOST: Record<VisionModel, string> = {
  pose: 'movement is still measured, but nobody can be told apart',
  face: 'attention, smiles and mouth movement are not logged',
};
const MODELS: readonly VisionModel[] = ['pose', 'face'];

/** `?pose=full` in the address asks for the full pose model. */
function optionsFromAddress(): Partial<VisionOptions> {
  const q = new URLSearchParams(globalThis.location?.search ?? '');
  return q.get('pose') === 'full' ? { pose: 'full' } : {};
}

const MAX_SAMPLES = 100_000;

/** Stats before any frame, around the motion worker's own (also what diagnostics report with no vision). */
export function emptyVisionStats(motion: MotionStats): VisionStats {
  return {
    frames: 0,
    inferenceMs: [],
    // The motion worker's own list: one sample a camera frame.
    modelMs: { pose: [], face: [], motion: motion.ms },
    calls: { pose: { seen: 0, nobody: 0, failed: 0 }, face: { seen: 0, nobody: 0, failed: 0 } },
    replyPerfMs: [],
    motion,
    camera: { presentedFrames: 0, captureMs: 0 },
  };
}

/** The panel's line for body and face tracking, from which models are ready and which failed (and why). */
function modelStatus(
  ready: ReadonlyMap<VisionModel, Delegate>,
  failed: ReadonlyMap<VisionModel, string>,
  poseVariant: VisionOptions['pose'],
): DeviceStatus {
  const on = MODELS.filter((m) => ready.has(m));
  const lost = MODELS.filter((m) => failed.has(m));
  if (on.length === 0 && lost.length === MODELS.length) {
    return {
      state: 'failed',
      message: `Body and face tracking could not start (${failed.get('pose')}). Movement is still measured; voice and touch work.`,
    };
  }
  const problems = lost.map((m) => `${NAMES[m]} tracking could not start (${failed.get(m)}): ${LOST[m]}`);
  const delegates = [...new Set(on.map((m) => ready.get(m)))].join(' and ');
  const names = on.map((m) => (m === 'pose' ? `body (${poseVariant})` : NAMES[m]));
  const label = on.length ? `${names.join(', ')} on ${delegates}` : 'loading';
  return { state: 'on', label: problems.length ? `${label}. ${problems.join('. ')}.` : label };
}

/** Starts the vision worker and has it load the models; its replies and a failure go to the handlers given. */
function startModels(
  opts: VisionOptions,
  onReply: (m: VisionReply) => void,
  onStatus: (s: DeviceStatus) => void,
): Worker {
  const worker = new Worker(new URL('./visionWorker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<VisionReply>) => onReply(e.data);
  worker.onerror = (e) => {
    onStatus({
      state: 'failed',
      message: `Body tracking stopped (${e.message}). Voice and touch still work.`,
    });
  };
  const init: VisionRequest = {
    type: 'init',
    pose: opts.pose,
    wasmLoaderPath: WASM_LOADER,
    wasmBinaryPath: WASM_BINARY,
    modelUrls: {
      pose: opts.pose === 'full' ? MODEL_URLS.poseFull : MODEL_URLS.poseLite,
      face: MODEL_URLS.face,
    },
    delegate: opts.delegate,
    budgetMs: opts.budgetMs,
  };
  worker.postMessage(init);
  return worker;
}

/**
 * Feeds camera frames to two workers: every frame to the motion worker (motion.ts), and to the vision worker's
 * models one frame in flight at a time (a slow model lowers the analysis rate, never the motion rate or the
 * stage's). Results are published as they come, with their frame's capture time and size. Frames to the models
 * are transferred ImageBitmaps, keyed by their capture time. The workers outlive a camera: when the camera is
 * unplugged the models stay loaded, and a camera plugged back in is fed to them at once.
 */
export function startVision(handlers: VisionHandlers, options: Partial<VisionOptions> = {}): Vision {
  const opts: VisionOptions = {
    pose: 'lite',
    delegate: 'auto',
    budgetMs: 50,
    ...optionsFromAddress(),
    ...options,
  };
  let worker: Worker | null = null;
  const send = (m: VisionRequest, transfer: Transferable[] = []) => worker?.postMessage(m, transfer);
  let busy = false;
  let closed = false;
  let video: HTMLVideoElement | null = null;
  /** Bumped on every setVideo, so a bitmap of an old video is not sent. */
  let generation = 0;
  let stopFrames: () => void = () => undefined;
  const motion = startMotion(handlers.onMotion);
  const stats = emptyVisionStats(motion.stats);
  const pacer = new VisionPacer();
  const ready = new Map<VisionModel, Delegate>();
  const failed = new Map<VisionModel, string>();

  const report = () => handlers.onStatus(modelStatus(ready, failed, opts.pose));

  const keep = (a: number[], v: number) => {
    if (a.length < MAX_SAMPLES) a.push(v);
  };

  const onReply = (m: VisionReply) => {
    if (m.type === 'model') {
      if (m.state === 'ready') ready.set(m.model, m.delegate);
      else failed.set(m.model, m.message);
      report();
      return;
    }
    if (m.final) {
      busy = false;
      stats.frames++;
      keep(stats.inferenceMs, m.inferenceMs);
      keep(stats.replyPerfMs, performance.now());
    }
    for (const [k, v] of Object.entries(m.timings) as [VisionModel, number][]) keep(stats.modelMs[k], v);
    for (const [k, v] of Object.entries(m.outcomes) as [VisionModel, ModelOutcome][]) stats.calls[k][v]++;
    // A frame analysed after the camera went is not published: nothing is drawn from an old frame.
    if (video) handlers.onFrame(m);
  };
  /**
   * The models load when the first camera comes, not with the page: with no camera (or none yet) they would
   * take seconds of the processor and tens of MB for nothing to look at. Once loaded they stay for the page's
   * life, whatever the camera does.
   */
  const load = () => {
    if (worker || closed) return;
    handlers.onStatus({ state: 'starting' });
    worker = startModels(opts, onReply, handlers.onStatus);
  };
  handlers.onStatus({ state: 'missing', message: 'starts when a camera is found' });

  const feed = (v: HTMLVideoElement, gen: number) => {
    // Frames flow from the start, so the first model result comes as soon as a model is ready.
    return watchFrames(v, ({ captureMs, presentedFrames }) => {
      if (closed || gen !== generation) return;
      stats.camera.presentedFrames = presentedFrames;
      stats.camera.captureMs = captureMs;
      if (busy || !pacer.take(performance.now())) return;
      busy = true;
      createImageBitmap(v)
        .then((bitmap) => {
          if (gen !== generation) {
            bitmap.close();
            busy = false;
            return;
          }
          send({ type: 'frame', bitmap, framePerfMs: captureMs }, [bitmap]);
        })
        .catch(() => {
          busy = false;
        });
    });
  };

  return {
    setVideo(v) {
      generation++;
      stopFrames();
      stopFrames = () => undefined;
      video = v;
      motion.setVideo(v);
      if (v) {
        load();
        stopFrames = feed(v, generation);
      }
    },
    setRegions: (regions) => motion.setRegions(regions),
    backOff: () => pacer.underrun(performance.now()),
    stats: () => stats,
    close() {
      closed = true;
      stopFrames();
      motion.close();
      send({ type: 'close' });
      worker?.terminate();
    },
  };
}
