/**
 * The pose model as the app's vision worker runs it (module worker, pose lite, VIDEO mode, CPU delegate, two
 * poses), on one still picture shown `runs` times over as a still camera would show it: in VIDEO mode the model
 * tracks from frame to frame, and the app sees the settled, tracked answer, not the first one.
 */
import { PoseLandmarker } from '@mediapipe/tasks-vision';
import { MODEL_URLS, WASM_BINARY, WASM_LOADER } from '../../../src/sensing/modelFiles.ts';

/** The hand landmarks the stage draws: wrists (15, 16) and index fingers (19, 20). */
const HANDS = { leftWrist: 15, rightWrist: 16, leftIndex: 19, rightIndex: 20 } as const;
export type HandName = keyof typeof HANDS;

export interface HandPoint {
  /** Mean over the settled runs, 0..1 of the picture. */
  x: number;
  y: number;
  visibility: number;
  /** Largest distance of one run's point from the mean, in pixels of the picture. */
  spreadPx: number;
}

export type HandLandmarksReply =
  | { ok: true; width: number; height: number; runs: number; hands: Record<HandName, HandPoint> }
  | { ok: false; error: string };

// The DOM and WebWorker libs are both in tsconfig, so `self` is typed as a Window here.
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Runs before these are left out: the model finds the person from scratch, then settles into tracking. */
const SETTLE = 5;

async function measure(image: ImageBitmap, runs: number): Promise<HandLandmarksReply> {
  // Absolute URLs, as in the app's worker: the dev server rewrites a root-relative dynamic import.
  const pose = await PoseLandmarker.createFromOptions(
    {
      wasmLoaderPath: new URL(WASM_LOADER, scope.location.href).href,
      wasmBinaryPath: new URL(WASM_BINARY, scope.location.href).href,
    },
    {
      baseOptions: { modelAssetPath: MODEL_URLS.poseLite, delegate: 'CPU' },
      runningMode: 'VIDEO',
      numPoses: 2,
    },
  );
  const seen: Record<HandName, { x: number; y: number; visibility: number }[]> = {
    leftWrist: [],
    rightWrist: [],
    leftIndex: [],
    rightIndex: [],
  };
  try {
    for (let i = 0; i < SETTLE + runs; i++) {
      const people = pose.detectForVideo(image, (i + 1) * 33).landmarks;
      if (people.length !== 1) throw new Error(`run ${i}: ${people.length} people found, expected one`);
      if (i < SETTLE) continue;
      for (const name of Object.keys(HANDS) as HandName[]) {
        const p = people[0]?.[HANDS[name]];
        if (p) seen[name].push({ x: p.x, y: p.y, visibility: p.visibility ?? 1 });
      }
    }
  } finally {
    pose.close();
  }
  const mean = (list: { x: number; y: number; visibility: number }[]): HandPoint => {
    const n = Math.max(1, list.length);
    const x = list.reduce((a, p) => a + p.x, 0) / n;
    const y = list.reduce((a, p) => a + p.y, 0) / n;
    const visibility = list.reduce((a, p) => a + p.visibility, 0) / n;
    const spreadPx = Math.max(
      0,
      ...list.map((p) => Math.hypot((p.x - x) * image.width, (p.y - y) * image.height)),
    );
    return { x, y, visibility, spreadPx };
  };
  return {
    ok: true,
    width: image.width,
    height: image.height,
    runs,
    hands: {
      leftWrist: mean(seen.leftWrist),
      rightWrist: mean(seen.rightWrist),
      leftIndex: mean(seen.leftIndex),
      rightIndex: mean(seen.rightIndex),
    },
  };
}

scope.onmessage = (event: MessageEvent<{ image: ImageBitmap; runs: number }>) => {
  const { image, runs } = event.data;
  measure(image, runs)
    .then((reply) => scope.postMessage(reply))
    .catch((error: unknown) => scope.postMessage({ ok: false, error: String(error) }));
};
