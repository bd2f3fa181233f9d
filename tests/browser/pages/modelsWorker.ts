/**
 * Runs every model bundle once, the way the app's vision worker will: a module worker, the ES-module WASM loader
 * from the app's own origin, the CPU delegate (headless WebGL is software and about 10x slower).
 */
import {
  FaceLandmarker,
  type FaceLandmarkerResult,
  type Matrix,
  type NormalizedLandmark,
  PoseLandmarker,
  type PoseLandmarkerResult,
} from '@mediapipe/tasks-vision';
import { MODEL_URLS, WASM_BINARY, WASM_LOADER } from '../../../src/sensing/modelFiles.ts';

/** tasks-vision 1.1.0 declares this type but does not export it. */
type WasmFileset = Parameters<typeof PoseLandmarker.createFromOptions>[0];

export interface ModelImages {
  portrait: ImageBitmap;
  astronaut: ImageBitmap;
}

export interface Timings {
  createMs: number;
  /** Every detect in order: the first one includes warm-up. */
  detectMs: number[];
}

export interface PoseReport extends Timings {
  poses: NormalizedLandmark[][];
}

export interface FaceReport extends Timings {
  faces: NormalizedLandmark[][];
  matrices: Matrix[];
}

export interface ModelsReport {
  poseLite: PoseReport;
  poseFull: PoseReport;
  face: FaceReport;
}

export type WorkerReply = { ok: true; report: ModelsReport } | { ok: false; error: string };

/** Enough runs to see the cost after warm-up without making the test slow on a 2-core machine. */
const RUNS = 5;

/**
 * A fileset for one task. Absolute URLs, because tasks-vision loads its loader with a dynamic `import()`, which
 * Vite's dev server rewrites to `?import` for a root-relative path and then refuses to serve from the public
 * folder; a full URL is left alone, and is still the app's own origin. The query differs per task because
 * tasks-vision clears the `ModuleFactory` global that the loader module sets once created, and an ES module is
 * evaluated only once per URL: a second task on the same URL fails with "ModuleFactory not set.".
 */
function fileset(task: string): WasmFileset {
  const loader = new URL(WASM_LOADER, self.location.href);
  loader.searchParams.set('task', task);
  return { wasmLoaderPath: loader.href, wasmBinaryPath: new URL(WASM_BINARY, self.location.href).href };
}
const baseOptions = (modelAssetPath: string) => ({ modelAssetPath, delegate: 'CPU' as const });

interface Task<R> {
  detect(image: ImageBitmap): R;
  close(): void;
}

async function measure<R, O>(
  name: string,
  create: (files: WasmFileset) => Promise<Task<R>>,
  image: ImageBitmap,
  read: (result: R) => O,
): Promise<O & Timings> {
  const started = performance.now();
  const task = await create(fileset(name)).catch((error: unknown) => {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const createMs = performance.now() - started;
  const detectMs: number[] = [];
  let first: R | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = task.detect(image);
    detectMs.push(performance.now() - t0);
    first ??= result;
  }
  // close() is where tasks-vision 1.1.0 tries to send its usage log: the test checks that nothing left.
  task.close();
  if (first === undefined) throw new Error('No detect ran.');
  return { ...read(first), createMs, detectMs };
}

async function run({ portrait, astronaut }: ModelImages): Promise<ModelsReport> {
  const pose = (name: string, url: string) =>
    measure(
      name,
      (files) =>
        PoseLandmarker.createFromOptions(files, { baseOptions: baseOptions(url), runningMode: 'IMAGE' }),
      portrait,
      (r: PoseLandmarkerResult) => ({ poses: r.landmarks }),
    );
  const poseLite = await pose('poseLite', MODEL_URLS.poseLite);
  const poseFull = await pose('poseFull', MODEL_URLS.poseFull);
  const face = await measure(
    'face',
    (files) =>
      FaceLandmarker.createFromOptions(files, {
        baseOptions: baseOptions(MODEL_URLS.face),
        runningMode: 'IMAGE',
        numFaces: 1,
        outputFacialTransformationMatrixes: true,
      }),
    astronaut,
    (r: FaceLandmarkerResult) => ({ faces: r.faceLandmarks, matrices: r.facialTransformationMatrixes }),
  );
  return { poseLite, poseFull, face };
}

// The DOM and WebWorker libs are both in tsconfig, so `self` is typed as a Window here.
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', async (event: MessageEvent<ModelImages>) => {
  let reply: WorkerReply;
  try {
    reply = { ok: true, report: await run(event.data) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    for (const image of Object.values(event.data)) image.close();
  }
  scope.postMessage(reply);
});
