/**
 * The models as the app's vision worker runs them (a module worker, the ES-module WASM loader from the app's
 * origin with a query string per task, the CPU delegate), asked two questions:
 *
 * - restart: what a face graph does after a call it refuses (one call given its previous timestamp), and whether
 *   setting its options again brings it back. The vision worker restarts a task's graph after a failed call.
 * - projection: whether the pose landmarks on a 4:3 frame are where they are on the same frame padded to a
 *   square. The pose graph warns "Using NORM_RECT without IMAGE_DIMENSIONS is only supported for the square
 *   ROI"; if its landmarks were projected as if the frame were square, the two would differ by tens of pixels.
 */
import { FaceLandmarker, PoseLandmarker } from '@mediapipe/tasks-vision';
import { MODEL_URLS, WASM_BINARY, WASM_LOADER } from '../../../src/sensing/modelFiles.ts';

export type CheckName = 'restart' | 'projection';

export interface FaceCall {
  timestampMs: number;
  faces: number;
  matrices: number;
  /** What the call threw, or null. */
  error: string | null;
}

export interface RestartReport {
  check: 'restart';
  /** The call (index) given its previous timestamp again. */
  repeatedAt: number;
  /** The calls on a graph left as it is after the refused call. */
  leftAlone: FaceCall[];
  /** The same calls on a graph whose options were set again after the refused call. */
  restarted: FaceCall[];
}

export interface ProjectionReport {
  check: 'projection';
  /** People found on the 4:3 frame and on the square one. */
  people: [number, number];
  /** Landmarks compared (those with visibility 0.8 or more on the 4:3 frame). */
  compared: number;
  /** Mean distance between the two, and the mean signed difference across and down, in pixels of the frame. */
  meanPx: number;
  meanDxPx: number;
  meanDyPx: number;
}

export type ChecksReply =
  | { ok: true; report: RestartReport | ProjectionReport }
  | { ok: false; error: string };

/** tasks-vision 1.1.0 declares this type but does not export it. */
type WasmFileset = Parameters<typeof PoseLandmarker.createFromOptions>[0];

// The DOM and WebWorker libs are both in tsconfig, so `self` is typed as a Window here.
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** A fileset of its own per task: an ES module runs once per URL, and tasks-vision clears its global after one. */
function fileset(task: string): WasmFileset {
  const loader = new URL(WASM_LOADER, scope.location.href);
  loader.searchParams.set('task', task);
  return { wasmLoaderPath: loader.href, wasmBinaryPath: new URL(WASM_BINARY, scope.location.href).href };
}

const CALLS = 10;
const REPEATED_AT = 4;

async function faceCalls(name: string, frame: ImageBitmap, restart: boolean): Promise<FaceCall[]> {
  const face = await FaceLandmarker.createFromOptions(fileset(name), {
    baseOptions: { modelAssetPath: MODEL_URLS.face, delegate: 'CPU' },
    runningMode: 'VIDEO',
    numFaces: 2,
    outputFacialTransformationMatrixes: true,
  });
  const calls: FaceCall[] = [];
  let timestampMs = 1000;
  for (let i = 0; i < CALLS; i++) {
    if (i !== REPEATED_AT) timestampMs += 33;
    const call: FaceCall = { timestampMs, faces: 0, matrices: 0, error: null };
    try {
      const r = face.detectForVideo(frame, timestampMs);
      call.faces = r.faceLandmarks.length;
      call.matrices = r.facialTransformationMatrixes.length;
    } catch (error) {
      call.error = error instanceof Error ? error.message : String(error);
      if (restart) {
        try {
          void face.setOptions({});
        } catch {
          // The dead graph's error, thrown once more as the new graph replaces it.
        }
      }
    }
    calls.push(call);
  }
  face.close();
  return calls;
}

async function projection(frame: ImageBitmap): Promise<ProjectionReport> {
  const make = (name: string) =>
    PoseLandmarker.createFromOptions(fileset(name), {
      baseOptions: { modelAssetPath: MODEL_URLS.poseLite, delegate: 'CPU' },
      runningMode: 'IMAGE',
      numPoses: 2,
    });
  const plain = await make('pose-plain');
  const squared = await make('pose-square');
  const w = frame.width;
  const h = frame.height;
  const side = Math.max(w, h);
  const canvas = new OffscreenCanvas(side, side);
  canvas.getContext('2d')?.drawImage(frame, (side - w) / 2, (side - h) / 2);
  const square = canvas.transferToImageBitmap();
  const a = plain.detect(frame).landmarks;
  const b = squared.detect(square).landmarks;
  square.close();
  plain.close();
  squared.close();
  let sum = 0;
  let dx = 0;
  let dy = 0;
  let compared = 0;
  const first = a[0] ?? [];
  const other = b[0] ?? [];
  first.forEach((p, i) => {
    const q = other[i];
    if (!q || (p.visibility ?? 0) < 0.8) return;
    // The square frame's point, back in the 4:3 frame's pixels.
    const x = q.x * side - (side - w) / 2;
    const y = q.y * side - (side - h) / 2;
    sum += Math.hypot(p.x * w - x, p.y * h - y);
    dx += p.x * w - x;
    dy += p.y * h - y;
    compared++;
  });
  const n = Math.max(1, compared);
  return {
    check: 'projection',
    people: [a.length, b.length],
    compared,
    meanPx: sum / n,
    meanDxPx: dx / n,
    meanDyPx: dy / n,
  };
}

scope.addEventListener('message', async (event: MessageEvent<{ check: CheckName; frame: ImageBitmap }>) => {
  const { check, frame } = event.data;
  let reply: ChecksReply;
  try {
    const report: RestartReport | ProjectionReport =
      check === 'restart'
        ? {
            check,
            repeatedAt: REPEATED_AT,
            leftAlone: await faceCalls('face-left-alone', frame, false),
            restarted: await faceCalls('face-restarted', frame, true),
          }
        : await projection(frame);
    reply = { ok: true, report };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    frame.close();
  }
  scope.postMessage(reply);
});
