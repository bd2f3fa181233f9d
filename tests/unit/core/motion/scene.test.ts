import { describe, expect, it } from 'vitest';
import type { PerfMs } from '../../../../src/core/clock.ts';
import type { MovementEvent, SeenEvent } from '../../../../src/core/events.ts';
import { CANONICAL_NEUTRAL_MOUTH, type HeadPose } from '../../../../src/core/motion/faceGeometry.ts';
import type { NormRect } from '../../../../src/core/motion/motionEnergy.ts';
import {
  SceneAnalyser,
  type SceneFace,
  type ScenePerson,
  type SceneUpdate,
} from '../../../../src/core/motion/scene.ts';
import { gaussian, rng } from '../../support/synth.ts';

const FRAME_MS = 50;
const LEFT: NormRect = { x: 0.05, y: 0.1, width: 0.35, height: 0.85 };
const RIGHT: NormRect = { x: 0.6, y: 0.1, width: 0.35, height: 0.85 };
const CELLS = new Float32Array(48);

/** Still-scene noise around 1e-6 (under the 3e-6 floor) and movement of 1e-4 while `moving` says so. */
function energy(noise: () => number, moving: boolean): number {
  return Math.max(0, 1e-6 + 5e-7 * noise()) + (moving ? 1e-4 : 0);
}

/** A test frame: what the models found and the motion measured on the same camera frame. */
interface TestFrame {
  anywhereEnergy: number;
  cells: Float32Array;
  /** Each detection with the energy measured inside its box. */
  people: (ScenePerson & { energy: number })[];
  faces: SceneFace[] | null;
}

/** Feeds both streams on every frame, each detection's energy by the track id it was given. */
function run(
  frames: number,
  frame: (i: number, t: number) => Partial<TestFrame>,
  before?: (scene: SceneAnalyser, i: number) => void,
): { scene: SceneAnalyser; moves: MovementEvent<PerfMs>[]; seen: SeenEvent<PerfMs>[] } {
  const scene = new SceneAnalyser();
  const out: SceneUpdate[] = [];
  for (let i = 0; i < frames; i++) {
    before?.(scene, i);
    const t = i * FRAME_MS;
    const f: TestFrame = { anywhereEnergy: 0, cells: CELLS, people: [], faces: null, ...frame(i, t) };
    out.push(...scene.pushSeen({ tMs: t, aspect: 4 / 3, people: f.people, faces: f.faces }));
    const byRegion = new Map(scene.people.map((p, j) => [p.trackId, f.people[j]?.energy ?? 0]));
    out.push(
      ...scene.pushMotion({
        tMs: t,
        anywhereEnergy: f.anywhereEnergy,
        cells: f.cells,
        gridCols: 8,
        gridRows: 6,
        byRegion,
      }),
    );
  }
  out.push(...scene.flush());
  return {
    scene,
    moves: out.flatMap((u) => (u.type === 'movement' ? [u.event] : [])),
    seen: out.flatMap((u) => (u.type === 'seen' ? [u.event] : [])),
  };
}

/** The second person moves from 2 s to 4 s and from 6 s to 7 s; the first never does. */
const rightMoving = (t: number) => (t >= 2000 && t < 4000) || (t >= 6000 && t < 7000);

describe('scene: movement per party', () => {
  it('with one person and nobody marked, movement anywhere is the learner (the rule before tracking)', () => {
    const n = gaussian(rng(1));
    const { moves } = run(200, (_, t) => ({
      anywhereEnergy: energy(n, rightMoving(t)),
      people: [{ box: LEFT, energy: 0, head: null }],
    }));
    expect(moves.map((m) => m.party)).toEqual(['learner', 'learner']);
  });

  it('with two people and nobody marked, movement is nobody in particular', () => {
    const n = gaussian(rng(2));
    const { moves } = run(200, (_, t) => ({
      anywhereEnergy: energy(n, rightMoving(t)),
      people: [
        { box: LEFT, energy: energy(n, false), head: null },
        { box: RIGHT, energy: energy(n, rightMoving(t)), head: null },
      ],
    }));
    expect(moves.map((m) => m.party)).toEqual(['unknown', 'unknown']);
  });

  for (const tapped of ['right', 'left'] as const) {
    it(`attributes the moving person's bursts to whoever was tapped (${tapped} tapped as the learner)`, () => {
      const n = gaussian(rng(3));
      const { moves } = run(
        200,
        (i, t) => {
          // Detections arrive in either order, as the pose model gives them.
          const people = [
            { box: LEFT, energy: energy(n, false), head: null },
            { box: RIGHT, energy: energy(n, rightMoving(t)), head: null },
          ];
          return { anywhereEnergy: energy(n, rightMoving(t)), people: i % 2 ? people.reverse() : people };
        },
        (scene, i) => {
          if (i === 5) scene.markLearner(tapped === 'right' ? { x: 0.75, y: 0.5 } : { x: 0.2, y: 0.5 });
        },
      );
      const who = tapped === 'right' ? 'learner' : 'practitioner';
      expect(moves.map((m) => m.party)).toEqual([who, who]);
      expect(moves[0]?.startMs).toBeGreaterThanOrEqual(1900);
      expect(moves[0]?.startMs).toBeLessThanOrEqual(2100);
      expect(moves[1]?.endMs).toBeGreaterThanOrEqual(6800);
    });
  }

  it('puts burst edges on camera frames when the pose model sees only a few uneven frames a second', () => {
    const n = gaussian(rng(5));
    const jitter = rng(6);
    const scene = new SceneAnalyser();
    const out: SceneUpdate[] = [];
    const cameraMs = 1000 / 30;
    let nextSeenMs = 0;
    for (let i = 0; i < 300; i++) {
      const t = i * cameraMs;
      if (t >= nextSeenMs) {
        // Pose at 3.5 to 6 frames a second, as on a busy two-core machine.
        out.push(
          ...scene.pushSeen({
            tMs: t,
            aspect: 4 / 3,
            people: [
              { box: LEFT, head: null },
              { box: RIGHT, head: null },
            ],
            faces: null,
          }),
        );
        if (i === 0) scene.markLearner({ x: 0.75, y: 0.5 });
        nextSeenMs = t + 170 + 120 * jitter();
      }
      // The motion worker measures each region the scene asked for, on every camera frame.
      const byRegion = new Map(
        scene
          .regions()
          .map((r) => [r.id, energy(n, r.id === scene.tracker.get('learner')?.trackId && rightMoving(t))]),
      );
      out.push(
        ...scene.pushMotion({ tMs: t, anywhereEnergy: 0, cells: CELLS, gridCols: 8, gridRows: 6, byRegion }),
      );
    }
    out.push(...scene.flush());
    const moves = out.flatMap((u) => (u.type === 'movement' ? [u.event] : []));
    expect(moves.map((m) => m.party)).toEqual(['learner', 'learner']);
    const truth = [
      [2000, 4000],
      [6000, 7000],
    ];
    moves.forEach((m, i) => {
      expect(Math.abs(m.startMs - (truth[i]?.[0] ?? 0))).toBeLessThanOrEqual(cameraMs + 1);
      expect(Math.abs(m.endMs - (truth[i]?.[1] ?? 0))).toBeLessThanOrEqual(cameraMs + 1);
    });
  });

  it('keeps watching a marked learner the pose model loses, in the grid cells where they were', () => {
    const n = gaussian(rng(4));
    const { moves } = run(
      200,
      (_i, t) => {
        const cells = new Float32Array(48).map(() => energy(n, false));
        // Cell (row 3, col 6) is inside RIGHT; it moves while the model finds nobody there.
        if (rightMoving(t)) cells[3 * 8 + 6] = 1e-4;
        const lost = t >= 1500;
        return {
          cells,
          people: lost
            ? [{ box: LEFT, energy: energy(n, false), head: null }]
            : [
                { box: LEFT, energy: energy(n, false), head: null },
                { box: RIGHT, energy: 0, head: null },
              ],
        };
      },
      (scene, i) => {
        if (i === 2) scene.markLearner({ x: 0.75, y: 0.5 });
      },
    );
    expect(moves.map((m) => m.party)).toEqual(['learner', 'learner']);
  });
});

const facing = (yawDeg: number): HeadPose => {
  const r = (yawDeg * Math.PI) / 180;
  return { yawDeg, pitchDeg: 0, forward: [Math.sin(r), 0, Math.cos(r)], positionCm: [0, 0, -60] };
};

describe('scene: faces and distance', () => {
  it('logs attention toward the screen, a smile, and mouth movement for the learner', () => {
    const smile = {
      ...CANONICAL_NEUTRAL_MOUTH,
      widthRatio: CANONICAL_NEUTRAL_MOUTH.widthRatio * 1.25,
      cornerLift: 0.07,
    };
    const mouths: number[] = [];
    const { seen } = run(
      100,
      (i, t) => {
        const face: SceneFace = {
          box: { x: 0.2, y: 0.15, width: 0.15, height: 0.2 },
          // Toward the lens for the first 3 s, then turned far away.
          pose: facing(t < 3000 ? 5 : 70),
          mouth:
            t >= 1000 && t < 2000
              ? smile
              : {
                  ...CANONICAL_NEUTRAL_MOUTH,
                  openRatio: t >= 3000 ? 0.064 + 0.1 * (Math.floor(i / 2) % 2) : 0.064,
                },
        };
        return { people: [{ box: LEFT, energy: 0, head: null }], faces: i % 2 ? [face] : null };
      },
      (scene, i) => {
        if (i === 90) mouths.push(scene.mouth.learner);
      },
    );
    const attention = seen.filter((e) => e.kind === 'attention');
    expect(attention).toHaveLength(1);
    expect(attention[0]).toMatchObject({ party: 'learner', target: 'screen' });
    expect(attention[0]?.endMs).toBeGreaterThan(2800);
    const smiles = seen.filter((e) => e.kind === 'smile');
    expect(smiles).toHaveLength(1);
    expect(smiles[0]?.startMs).toBeGreaterThanOrEqual(1000);
    expect(smiles[0]?.endMs).toBeLessThan(2100);
    // Opening and closing every frame reads as a moving mouth.
    expect(mouths[0]).toBeGreaterThan(0.3);
  });

  it('logs time spent close together and a distance summary for each 10 s window', () => {
    const apart: NormRect = { x: 0.7, y: 0.1, width: 0.25, height: 0.85 };
    const near: NormRect = { x: 0.38, y: 0.1, width: 0.25, height: 0.85 };
    const { seen } = run(
      440,
      (_, t) => ({
        people: [
          { box: { x: 0.05, y: 0.1, width: 0.3, height: 0.85 }, energy: 0, head: null },
          { box: t >= 5000 && t < 9000 ? near : apart, energy: 0, head: null },
        ],
      }),
      (scene, i) => {
        if (i === 1) scene.markLearner({ x: 0.2, y: 0.5 });
      },
    );
    const close = seen.filter((e) => e.kind === 'proximity');
    expect(close).toHaveLength(1);
    expect(close[0]?.startMs).toBeCloseTo(5000, -2);
    expect(close[0]?.endMs).toBeCloseTo(8950, -2);
    const windows = seen.filter((e) => e.kind === 'distance');
    expect(windows.length).toBe(3);
    const first = windows[0];
    if (first?.kind !== 'distance') throw new Error('no window');
    expect(first.coverage).toBeGreaterThan(0.95);
    expect(first.minCentres).toBeLessThan(first.meanCentres);
  });
});
