import { describe, expect, it } from 'vitest';
import type { PerfMs } from '../../../../src/core/clock.ts';
import type { MovementEvent } from '../../../../src/core/events.ts';
import { MotionEnergyAnalyser, type NormRect } from '../../../../src/core/motion/motionEnergy.ts';
import { BurstSegmenter, MovementBurstDetector } from '../../../../src/core/motion/movementBursts.ts';
import { type Blob, SceneRenderer } from '../../support/synth.ts';

const W = 160;
const H = 120;
const FRAME_MS = 1000 / 30;

interface Movement {
  startMs: number;
  endMs: number;
  /** Whole cycles of a sine back-and-forth, so the blob ends where it started. */
  hz: number;
  ampPx: number;
  /** Instead of a sine: out and back at this constant speed (one triangle over the movement). */
  slidePxPerS?: number;
}

function blobX(tMs: number, x0: number, moves: readonly Movement[]): number {
  for (const m of moves) {
    if (tMs > m.startMs && tMs < m.endMs) {
      if (m.slidePxPerS !== undefined) {
        const half = (m.endMs - m.startMs) / 2;
        const u = tMs - m.startMs;
        return x0 + (m.slidePxPerS * (u < half ? u : 2 * half - u)) / 1000;
      }
      return x0 + m.ampPx * Math.sin(2 * Math.PI * m.hz * ((tMs - m.startMs) / 1000));
    }
  }
  return x0;
}

interface RunResult {
  bursts: MovementEvent<PerfMs>[];
  starts: number[];
  maxRatioWhenStill: number;
}

/** Runs a synthetic scene through the analyser and a detector fed by one energy read-out. */
function run(opts: {
  durationMs: number;
  moves: readonly Movement[];
  blob: Omit<Blob, 'x'> & { x0: number };
  noiseSigma: number;
  gainAt?: (t: number) => number;
  calibrateAtMs?: number;
  readout: (a: MotionEnergyAnalyser) => number;
  sensitivity?: number;
}): RunResult {
  const scene = new SceneRenderer({
    width: W,
    height: H,
    noiseSigma: opts.noiseSigma,
    seed: 7,
    ...(opts.gainAt ? { gainAt: opts.gainAt } : {}),
  });
  const analyser = new MotionEnergyAnalyser();
  const detector = new MovementBurstDetector('learner', { sensitivity: opts.sensitivity ?? 1 });
  const bursts: MovementEvent<PerfMs>[] = [];
  const starts: number[] = [];
  let maxRatioWhenStill = 0;
  let firstResult: unknown = null;
  for (let i = 0; i * FRAME_MS <= opts.durationMs; i++) {
    const t = i * FRAME_MS;
    if (opts.calibrateAtMs !== undefined && i === Math.round(opts.calibrateAtMs / FRAME_MS)) {
      detector.startCalibration(t);
    }
    const { x0, ...rest } = opts.blob;
    const frame = scene.render(t, [{ ...rest, x: blobX(t, x0, opts.moves) }]);
    const result = analyser.push(frame, t);
    firstResult ??= result;
    // The analyser reuses its result object: nothing is made per frame.
    expect(result).toBe(firstResult);
    const u = detector.push(t, opts.readout(analyser));
    const moving = opts.moves.some((m) => t >= m.startMs - 100 && t <= m.endMs + 100);
    if (!moving && !detector.calibrating) maxRatioWhenStill = Math.max(maxRatioWhenStill, detector.lastRatio);
    if (u?.type === 'end') bursts.push(u.event);
    if (u?.type === 'start') starts.push(u.startMs);
  }
  const last = detector.flush();
  if (last?.type === 'end') bursts.push(last.event);
  return { bursts, starts, maxRatioWhenStill };
}

/** Light rising by half over 15 s, and auto-exposure jumping 15 % at 7.5 s. */
const slowRampAndExposureStep = (t: number) => (0.8 + (0.4 * t) / 15_000) * (t >= 7500 ? 1.15 : 1);
const BLOB = { x0: 100, y: 60, size: 3, contrast: 45 };
const BLOB_BOX: NormRect = { x: 0.5, y: 0.3, width: 0.25, height: 0.5 };

describe('motion energy and movement bursts', () => {
  it('a still scene with camera noise, a slow lighting ramp and an exposure step gives no burst', () => {
    for (const calibrateAtMs of [undefined, 0]) {
      for (const readout of [
        (a: MotionEnergyAnalyser) => a.result.maxCell,
        (a: MotionEnergyAnalyser) => a.result.total,
      ]) {
        const r = run({
          durationMs: 15_000,
          moves: [],
          blob: { ...BLOB, contrast: 0 },
          noiseSigma: 3,
          gainAt: slowRampAndExposureStep,
          readout,
          ...(calibrateAtMs === undefined ? {} : { calibrateAtMs }),
        });
        expect(r.bursts).toEqual([]);
        expect(r.maxRatioWhenStill).toBeLessThan(1);
      }
    }
  });

  it('a 3x3 blob moving a few pixels gives bursts at the right times, short ones dropped, close ones merged', () => {
    // Truth times fall between frames (+13 ms), as real movements do.
    const moves: Movement[] = [
      { startMs: 4013, endMs: 5013, hz: 2, ampPx: 2 }, // a hand, ~3.5 cm at 2 m
      { startMs: 7013, endMs: 7513, hz: 2, ampPx: 2 },
      { startMs: 9013, endMs: 9113, hz: 10, ampPx: 1 }, // 100 ms: under minBurstMs
      { startMs: 11_013, endMs: 11_513, hz: 2, ampPx: 2 }, // 300 ms apart: merge
      { startMs: 11_813, endMs: 12_313, hz: 2, ampPx: 2 },
      // Slow and steady: half a pixel per frame (~1 cm per frame at 2 m), out and back.
      { startMs: 15_013, endMs: 16_013, hz: 0, ampPx: 0, slidePxPerS: 15 },
    ];
    const truth = [
      [4013, 5013],
      [7013, 7513],
      [11_013, 12_313],
      [15_013, 16_013],
    ];
    const readouts: Record<string, (a: MotionEnergyAnalyser) => number> = {
      anywhere: (a) => a.result.maxCell,
      box: (a) => a.energyIn(BLOB_BOX),
      frame: (a) => a.result.total,
    };
    const errors: Record<string, number[]> = {};
    for (const [name, readout] of Object.entries(readouts)) {
      const r = run({
        durationMs: 18_000,
        moves,
        blob: BLOB,
        noiseSigma: 2,
        gainAt: slowRampAndExposureStep,
        calibrateAtMs: 0,
        readout,
      });
      expect(
        r.bursts.map((b) => [Math.round(b.startMs), Math.round(b.endMs)]),
        name,
      ).toHaveLength(truth.length);
      const errs: number[] = [];
      r.bursts.forEach((b, i) => {
        const [s, e] = truth[i] as [number, number];
        errs.push(b.startMs - s, b.endMs - e);
        expect(Math.abs(b.startMs - s), `${name} burst ${i} start`).toBeLessThanOrEqual(200);
        expect(Math.abs(b.endMs - e), `${name} burst ${i} end`).toBeLessThanOrEqual(200);
        expect(b.peakEnergy).toBeGreaterThan(1);
        expect(r.starts[i]).toBe(b.startMs);
      });
      errors[name] = errs.map(Math.round);
    }
    console.log('burst timing errors, ms (start, end per burst):', JSON.stringify(errors));
  });

  it('energy in a rectangle counts only movement inside it', () => {
    const scene = new SceneRenderer({ width: W, height: H, noiseSigma: 2, seed: 3 });
    const a = new MotionEnergyAnalyser();
    let inside = 0;
    let outside = 0;
    let total = 0;
    for (let i = 0; i < 60; i++) {
      const t = i * FRAME_MS;
      a.push(scene.render(t, [{ x: 100 + 2 * Math.sin(i / 2), y: 60, size: 3, contrast: 45 }]), t);
      if (i > 30) {
        inside += a.energyIn(BLOB_BOX);
        outside += a.energyIn({ x: 0, y: 0, width: 0.5, height: 1 });
        total += a.result.total;
      }
    }
    expect(inside).toBeGreaterThan(0.9 * total);
    expect(outside).toBeLessThan(0.05 * total);
    expect(a.result.centroidX).toBeGreaterThan(0.6);
  });
});

describe('BurstSegmenter timing rules', () => {
  function segment(aboveMs: Array<[number, number]>, durationMs: number, params = {}) {
    const s = new BurstSegmenter('practitioner', params);
    const out: MovementEvent<PerfMs>[] = [];
    for (let t = 0; t <= durationMs; t += 10) {
      const above = aboveMs.some(([a, b]) => t > a && t <= b);
      const u = s.push(t, above ? 2 : 0.2);
      if (u?.type === 'end') out.push(u.event);
    }
    const u = s.flush();
    if (u?.type === 'end') out.push(u.event);
    return out.map((e) => [e.startMs, e.endMs]);
  }

  it('needs 200 ms above threshold, merges gaps under 500 ms, splits gaps of 500 ms or more', () => {
    expect(segment([[100, 250]], 2000)).toEqual([]);
    expect(segment([[100, 300]], 2000)).toEqual([[100, 300]]);
    expect(
      segment(
        [
          [100, 400],
          [800, 1000],
        ],
        3000,
      ),
    ).toEqual([[100, 1000]]);
    expect(
      segment(
        [
          [100, 400],
          [900, 1200],
        ],
        3000,
      ),
    ).toEqual([
      [100, 400],
      [900, 1200],
    ]);
    // A one-frame dropout while the 200 ms are being counted does not restart the count.
    expect(
      segment(
        [
          [100, 200],
          [250, 320],
        ],
        2000,
      ),
    ).toEqual([[100, 320]]);
    // An open burst is closed by flush.
    expect(segment([[100, 2000]], 2000)).toEqual([[100, 2000]]);
  });
});
