import type { NormalizedLandmark } from '@mediapipe/tasks-vision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelsReport, Timings, WorkerReply } from './pages/modelsWorker.ts';
import { launch, pagesUrl, type Session } from './support/browser.ts';

/**
 * The model bundles built by scripts/build-models.mjs, loaded from the app's own origin in a module worker, on
 * real photos. Checks what the app relies on: the counts, that the points land where a body is, and that
 * nothing (tasks-vision's usage logging included) goes to another origin.
 */

// MediaPipe pose indices.
const NOSE = 0;
const LEFT_SHOULDER = 11;
const RIGHT_SHOULDER = 12;
const LEFT_HIP = 23;
const RIGHT_HIP = 24;

// Face mesh indices: the corners of each eye, then the two iris centres that scripts/build-models.mjs appends
// (its Fix 2).
const EYE_A = [33, 133] as const;
const EYE_B = [362, 263] as const;
const IRIS_CENTRES = [468, 473] as const;

function point(points: NormalizedLandmark[] | undefined, index: number): NormalizedLandmark {
  const p = points?.[index];
  if (!p) throw new Error(`landmark ${index} is missing`);
  return p;
}

const inside = (p: NormalizedLandmark) => p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1;

function timing(name: string, t: Timings): string {
  const [first = Number.NaN, ...rest] = t.detectMs;
  const sorted = [...rest].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return `${name}: create ${t.createMs.toFixed(0)} ms, first detect ${first.toFixed(0)} ms, then median ${median.toFixed(0)} ms`;
}

describe('MediaPipe model bundles in a module worker', () => {
  let session: Session;
  let report: ModelsReport;

  beforeAll(async () => {
    session = await launch({ noDevices: true });
    await session.page.goto(`${pagesUrl()}/tests/browser/pages/models.html`);
    await session.page.waitForFunction(() => window.modelsReply !== undefined, null, { timeout: 170_000 });
    const reply: WorkerReply | undefined = await session.page.evaluate(() => window.modelsReply);
    if (!reply?.ok) throw new Error(`The model page failed: ${reply?.error ?? 'no reply'}`);
    report = reply.report;
    console.log(
      [
        timing('pose lite', report.poseLite),
        timing('pose full', report.poseFull),
        timing('face', report.face),
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await session?.close();
  });

  for (const model of ['poseLite', 'poseFull'] as const) {
    it(`${model} finds 33 plausible pose landmarks on the portrait`, () => {
      const { poses } = report[model];
      expect(poses).toHaveLength(1);
      const pose = poses[0];
      expect(pose).toHaveLength(33);
      const nose = point(pose, NOSE);
      const leftShoulder = point(pose, LEFT_SHOULDER);
      const rightShoulder = point(pose, RIGHT_SHOULDER);
      for (const p of [nose, leftShoulder, rightShoulder]) expect(inside(p)).toBe(true);
      // Image y grows downwards; the sitter faces the camera, so their left shoulder is on the image's right.
      expect(nose.y).toBeLessThan(Math.min(leftShoulder.y, rightShoulder.y));
      expect(nose.y).toBeLessThan(Math.min(point(pose, LEFT_HIP).y, point(pose, RIGHT_HIP).y));
      expect(leftShoulder.x).toBeGreaterThan(rightShoulder.x);
      expect(nose.x).toBeGreaterThan(rightShoulder.x);
      expect(nose.x).toBeLessThan(leftShoulder.x);
    });
  }

  it('finds 478 face landmarks, irises on the eyes, and a head pose matrix', () => {
    const { faces, matrices } = report.face;
    expect(faces).toHaveLength(1);
    const face = faces[0];
    expect(face).toHaveLength(478);
    for (const p of face ?? []) expect(inside(p)).toBe(true);

    // Scrambled outputs (the failure Fix 2 avoids) would not put one iris centre in each eye.
    const centre = ([a, b]: readonly [number, number]) => {
      const p = point(face, a);
      const q = point(face, b);
      return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2, width: Math.hypot(p.x - q.x, p.y - q.y) };
    };
    const eyes = [centre(EYE_A), centre(EYE_B)];
    const nearest = IRIS_CENTRES.map((index) => {
      const iris = point(face, index);
      const distances = eyes.map((eye) => Math.hypot(iris.x - eye.x, iris.y - eye.y) / eye.width);
      const best = distances[0] ?? Infinity;
      const other = distances[1] ?? Infinity;
      expect(Math.min(best, other)).toBeLessThan(0.5);
      return best < other ? 0 : 1;
    });
    expect(nearest[0]).not.toBe(nearest[1]);

    expect(matrices).toHaveLength(1);
    const matrix = matrices[0];
    expect(matrix?.rows).toBe(4);
    expect(matrix?.columns).toBe(4);
    expect(matrix?.data).toHaveLength(16);
    for (const value of matrix?.data ?? []) expect(Number.isFinite(value)).toBe(true);
  });

  it('made every request to its own origin', () => {
    const origin = new URL(pagesUrl()).origin;
    const urls = session.requests.map((r) => r.url());
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    // The bundles and the runtime really came from the app's origin, not from a cache of a CDN.
    for (const path of ['/models/pose_landmarker_lite.task', '/models/face_landmarker.task', '/wasm/']) {
      expect(urls.some((url) => new URL(url).pathname.startsWith(path))).toBe(true);
    }
  });
});
