// First: confines the worker's requests to the app's origin before MediaPipe's code runs.
import './confineWorker.ts';
import { FaceLandmarker, type NormalizedLandmark, PoseLandmarker } from '@mediapipe/tasks-vision';
import { headPoseFromMatrix, mouthGeometry } from '../core/motion/faceGeometry.ts';
import type { NormRect } from '../core/motion/motionEnergy.ts';
import { VisionScheduler } from '../core/motion/visionScheduler.ts';
import type {
  Delegate,
  FaceSeen,
  ModelOutcome,
  PersonSeen,
  VisionInit,
  VisionModel,
  VisionReply,
  VisionRequest,
  VisionResult,
} from './visionProtocol.ts';

/**
 * Pose and face landmarks, off the main thread (motion energy has a worker of its own, motionWorker.ts, fed
 * every camera frame). One frame in flight (the page waits for our reply before sending another), so a slow
 * model lowers the analysis rate and never the stage's frame rate; the scheduler keeps each frame's work near a
 * budget by running the face model only when the pose model leaves room (or it has waited too long).
 */

/** tasks-vision 1.1.0 declares this type but does not export it. */
type WasmFileset = Parameters<typeof PoseLandmarker.createFromOptions>[0];

// The DOM and WebWorker libs are both in tsconfig, so `self` is typed as a Window here.
const scope = self as unknown as DedicatedWorkerGlobalScope;

let pose: PoseLandmarker | null = null;
let face: FaceLandmarker | null = null;
let scheduler = new VisionScheduler<VisionModel>(['pose'], ['face']);
let lastTimestamp = 0;
const warned = new Set<VisionModel>();

/**
 * MediaPipe's own log lines at error severity (`E1205 18:56:55.696999 2172416 calculator_graph.cc:945] ...`).
 * It prints them to the console as well as throwing from the call (checked with tasks-vision 1.1.0, where every
 * graph error seen did both), so a call is taken as failed on either: a result that came back after MediaPipe
 * printed an error is not trusted as "nobody there". Its INFO and warning lines (the TFLite delegate, the
 * feedback-tensor notice, NORM_RECT) are not errors.
 */
const MEDIAPIPE_ERROR = /^[EF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ [\w.]+:\d+\]/;
let mediapipeErrors = 0;
// Watched from the start: each task's WASM binds console.error and console.warn when it loads, so a wrapper put
// in later would never see its lines. Everything is still printed as it was.
for (const level of ['error', 'warn'] as const) {
  const print = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && MEDIAPIPE_ERROR.test(args[0])) mediapipeErrors++;
    print(...args);
  };
}

function reply(m: VisionReply, transfer: Transferable[] = []): void {
  scope.postMessage(m, transfer);
}

/**
 * Whether WebGL here is a software renderer (SwiftShader in headless Chromium, llvmpipe on Linux without a
 * driver, Microsoft's Basic Render Driver): MediaPipe's GPU delegate is then about 10x slower than its CPU one
 * and its first frame takes seconds. No WebGL at all counts as software too.
 */
function softwareRenderer(): boolean {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
  } catch {
    return true;
  }
}

/**
 * A fileset for one task. Absolute URLs, because the dev server rewrites root-relative dynamic imports; and a
 * query string per task, because tasks-vision clears the loader's global once a task is made and an ES module
 * runs once per URL, so a second task on the same URL fails with "ModuleFactory not set.".
 */
function fileset(init: VisionInit, task: string): WasmFileset {
  const loader = new URL(init.wasmLoaderPath, scope.location.href);
  loader.searchParams.set('task', task);
  return {
    wasmLoaderPath: loader.href,
    wasmBinaryPath: new URL(init.wasmBinaryPath, scope.location.href).href,
  };
}

/** Creates one task on the chosen delegate, falling back to CPU when the GPU one cannot start. */
async function create<T>(
  init: VisionInit,
  model: VisionModel,
  delegate: Delegate,
  make: (files: WasmFileset, delegate: Delegate, canvas: OffscreenCanvas | undefined) => Promise<T>,
): Promise<{ task: T; delegate: Delegate }> {
  if (delegate === 'GPU') {
    try {
      // In a worker MediaPipe makes its GL surface only on a canvas it is given.
      return { task: await make(fileset(init, `${model}-gpu`), 'GPU', new OffscreenCanvas(1, 1)), delegate };
    } catch {
      // Fall through to CPU: a driver that refuses the delegate is common on school PCs.
    }
  }
  return { task: await make(fileset(init, model), 'CPU', undefined), delegate: 'CPU' };
}

async function init(req: VisionInit): Promise<void> {
  scheduler = new VisionScheduler<VisionModel>(['pose'], ['face'], { budgetMs: req.budgetMs });
  const delegate: Delegate = req.delegate === 'auto' ? (softwareRenderer() ? 'CPU' : 'GPU') : req.delegate;
  const failed = (model: VisionModel, error: unknown) =>
    reply({
      type: 'model',
      model,
      state: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
  // One after another, pose first: the stage follows pose, and on two cores parallel loading only competes.
  // The pose graph prints "Using NORM_RECT without IMAGE_DIMENSIONS is only supported for the square ROI" once,
  // when it first finds someone, whatever the frame's shape: it projects its landmarks back from a crop that is
  // square in pixels, for which that projection is exact (measured: on a 640x480 frame and on the same frame
  // padded to a square, the landmarks agree within about a pixel).
  try {
    const made = await create(req, 'pose', delegate, (files, d, canvas) =>
      PoseLandmarker.createFromOptions(files, {
        baseOptions: { modelAssetPath: req.modelUrls.pose, delegate: d },
        canvas,
        runningMode: 'VIDEO',
        numPoses: 2,
      }),
    );
    pose = made.task;
    reply({ type: 'model', model: 'pose', state: 'ready', delegate: made.delegate, variant: req.pose });
  } catch (error) {
    failed('pose', error);
  }
  try {
    const made = await create(req, 'face', delegate, (files, d, canvas) =>
      FaceLandmarker.createFromOptions(files, {
        baseOptions: { modelAssetPath: req.modelUrls.face, delegate: d },
        canvas,
        runningMode: 'VIDEO',
        numFaces: 2,
        outputFacialTransformationMatrixes: true,
      }),
    );
    face = made.task;
    reply({ type: 'model', model: 'face', state: 'ready', delegate: made.delegate });
  } catch (error) {
    failed('face', error);
  }
}

/** Box of the landmarks seen (visibility 0.5 or more; all of them if fewer than 3 are), padded by 10 %. */
function boxOf(points: readonly NormalizedLandmark[]): NormRect {
  let seen = points.filter((p) => (p.visibility ?? 1) >= 0.5);
  if (seen.length < 3) seen = [...points];
  let x0 = 1;
  let y0 = 1;
  let x1 = 0;
  let y1 = 0;
  for (const p of seen) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  const padX = (x1 - x0) * 0.1;
  const padY = (y1 - y0) * 0.1;
  x0 = Math.max(0, x0 - padX);
  y0 = Math.max(0, y0 - padY);
  x1 = Math.min(1, x1 + padX);
  y1 = Math.min(1, y1 + padY);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

function flat(points: readonly NormalizedLandmark[], third: (p: NormalizedLandmark) => number): Float32Array {
  const out = new Float32Array(points.length * 3);
  points.forEach((p, i) => {
    out[i * 3] = p.x;
    out[i * 3 + 1] = p.y;
    out[i * 3 + 2] = third(p);
  });
  return out;
}

/**
 * Starts a task's graph afresh after a failed call. A MediaPipe graph that has failed once stays failed: every
 * later call on it throws "Graph has errors" with the first error's text, for the rest of the session. Measured
 * with the face model: one call given its previous timestamp failed with "Packet timestamp mismatch on a
 * calculator receiving from stream norm_rect", and so did every face call after it, each printing the same two
 * error lines; one bad frame cost the model for good, and nothing told the page. Setting the options again
 * builds a new graph on the same WASM and model, fetching nothing, in tens of milliseconds, and the next call
 * works (the tracking from frame to frame starts over). The dead graph's error is thrown once more as it goes.
 */
function restart(task: PoseLandmarker | FaceLandmarker | null): void {
  try {
    void task?.setOptions({});
  } catch {
    // The old graph's error, already counted and reported with the call that failed.
  }
}

function analyse(bitmap: ImageBitmap, framePerfMs: number): void {
  const started = performance.now();
  const timings: VisionResult['timings'] = {};
  const outcomes: VisionResult['outcomes'] = {};
  let people: PersonSeen[] | null = null;
  let faces: FaceSeen[] | null = null;
  const frameWidth = bitmap.width;
  const frameHeight = bitmap.height;
  try {
    // Each task is a graph of its own in a WASM module of its own (see fileset), and a graph refuses a timestamp
    // at or below its last one, in whole microseconds: fractional milliseconds can round onto the previous
    // frame's. One clock of whole, rising milliseconds gives every task a rising series, whichever frames it
    // runs on (the face model skips some), and a refused timestamp kills the graph (see restart).
    const ts = Math.max(Math.floor(framePerfMs), lastTimestamp + 1);
    lastTimestamp = ts;
    const aspect = frameWidth / Math.max(1, frameHeight);
    const plan = scheduler.plan(framePerfMs, (t) => (t === 'pose' ? pose : face) !== null);
    for (const [i, task] of plan.entries()) {
      const t0 = performance.now();
      const errorsBefore = mediapipeErrors;
      try {
        outcomes[task] = detect(task);
      } catch (error) {
        outcomes[task] = 'failed';
        // One model's bad frame must not stop the others or the reply (the page waits for it).
        if (!warned.has(task)) {
          warned.add(task);
          console.warn(`vision: ${task} failed on a frame:`, error);
        }
      }
      if (mediapipeErrors > errorsBefore) outcomes[task] = 'failed';
      if (outcomes[task] === 'failed') {
        // Nothing from a failed call is passed on, whatever it returned.
        if (task === 'pose') people = null;
        else faces = null;
        restart(task === 'pose' ? pose : face);
      }
      const ms = performance.now() - t0;
      timings[task] = ms;
      scheduler.record(task, ms, framePerfMs);
      // The stage follows the pose: it goes out now, not after the face model has run on the same frame.
      if (task === 'pose' && i < plan.length - 1) {
        send(false);
        people = null;
      }
    }
    function detect(task: VisionModel): ModelOutcome {
      if (task === 'pose' && pose) {
        const found = pose.detectForVideo(bitmap, ts).landmarks.map((person) => {
          const box = boxOf(person);
          const nose = person[0];
          return {
            landmarks: flat(person, (p) => p.visibility ?? 1),
            box,
            head: nose && (nose.visibility ?? 1) >= 0.5 ? { x: nose.x, y: nose.y } : null,
          };
        });
        people = found;
        return found.length > 0 ? 'seen' : 'nobody';
      }
      if (task === 'face' && face) {
        const r = face.detectForVideo(bitmap, ts);
        const found: FaceSeen[] = [];
        r.faceLandmarks.forEach((points, i) => {
          const matrix = r.facialTransformationMatrixes[i];
          if (!matrix || points.length < 468) return;
          found.push({
            box: boxOf(points),
            pose: headPoseFromMatrix(matrix.data),
            mouth: mouthGeometry(points, aspect),
          });
        });
        faces = found;
        return found.length > 0 ? 'seen' : 'nobody';
      }
      return 'failed';
    }
  } finally {
    bitmap.close();
  }
  send(true);

  /** What the models found since the last reply; `final` once the frame is done and the next may come. */
  function send(final: boolean): void {
    // `detect` assigns these from a nested function, which TypeScript's narrowing does not see.
    const seenPeople = people as PersonSeen[] | null;
    const transfer: Transferable[] = [];
    for (const p of seenPeople ?? []) transfer.push(p.landmarks.buffer);
    reply(
      {
        type: 'result',
        final,
        framePerfMs,
        frameWidth,
        frameHeight,
        people: seenPeople,
        faces: final ? faces : null,
        outcomes: { ...outcomes },
        timings: { ...timings },
        inferenceMs: performance.now() - started,
      },
      transfer,
    );
    for (const k of Object.keys(outcomes) as VisionModel[]) {
      delete outcomes[k];
      delete timings[k];
    }
  }
}

scope.onmessage = (e: MessageEvent<VisionRequest>) => {
  const req = e.data;
  switch (req.type) {
    case 'init':
      void init(req);
      break;
    case 'frame':
      analyse(req.bitmap, req.framePerfMs);
      break;
    case 'close':
      for (const t of [pose, face]) t?.close();
      pose = null;
      face = null;
      break;
  }
};
