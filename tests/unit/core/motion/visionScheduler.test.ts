import { describe, expect, it } from 'vitest';
import { VisionScheduler } from '../../../../src/core/motion/visionScheduler.ts';

type Task = 'pose' | 'hand' | 'face';

/** Runs the scheduler over `frames` frames with fixed model costs; returns which tasks ran on each frame. */
function simulate(
  costs: Record<Task, number>,
  frames: number,
  budgetMs = 50,
  available: Task[] = ['pose', 'hand', 'face'],
) {
  const s = new VisionScheduler<Task>(['pose'], ['hand', 'face'], { budgetMs, maxStaleMs: 500 });
  let t = 0;
  const runs: Task[][] = [];
  for (let i = 0; i < frames; i++) {
    const plan = s.plan(t, (task) => available.includes(task));
    runs.push(plan);
    let work = 0;
    for (const task of plan) {
      s.record(task, costs[task], t);
      work += costs[task];
    }
    // One frame in flight: the next frame is taken when this one is done, on a 30 fps camera.
    t += Math.max(33.3, Math.ceil(work / 33.3) * 33.3);
  }
  return { runs, scheduler: s, endMs: t };
}

describe('vision scheduler: pose every frame, hands and face in turn within a budget', () => {
  it('runs everything every frame when it all fits', () => {
    const { runs } = simulate({ pose: 10, hand: 20, face: 10 }, 20);
    expect(runs.slice(2).every((r) => r.length === 3)).toBe(true);
  });

  it('on a machine like this one (pose 35, hands 40, face 11 ms) keeps pose every frame, face most, hands at least every 500 ms', () => {
    const { runs } = simulate({ pose: 35, hand: 40, face: 11 }, 200);
    expect(runs.every((r) => r[0] === 'pose')).toBe(true);
    const steady = runs.slice(5);
    const face = steady.filter((r) => r.includes('face')).length;
    const hand = steady.filter((r) => r.includes('hand')).length;
    expect(face / steady.length).toBeGreaterThan(0.7);
    expect(hand).toBeGreaterThan(0);
    // Never both on one frame (75+ ms over a 50 ms budget), and hands never wait more than ~500 ms.
    expect(steady.some((r) => r.includes('hand') && r.includes('face'))).toBe(false);
    let gap = 0;
    let maxGap = 0;
    for (const r of steady) {
      gap = r.includes('hand') ? 0 : gap + 1;
      maxGap = Math.max(maxGap, gap);
    }
    expect(maxGap).toBeLessThanOrEqual(Math.ceil(500 / 66.6) + 1);
  });

  it('when pose alone overruns the budget, runs the others on every other frame, in turn, so none starves', () => {
    const { runs, scheduler } = simulate({ pose: 90, hand: 40, face: 30 }, 60);
    expect(scheduler.budgetMs).toBeCloseTo(120, 0);
    const steady = runs.slice(5);
    expect(steady.every((r) => r[0] === 'pose' && r.length <= 2)).toBe(true);
    // Frames of pose alone between them keep pose's rate up; with two tasks in turn each waits up to
    // maxStaleMs, and then runs even straight after the other.
    expect(steady.filter((r) => r.length === 1).length).toBeGreaterThan(steady.length / 3);
    expect(steady.filter((r) => r.includes('hand')).length).toBeGreaterThan(5);
    expect(steady.filter((r) => r.includes('face')).length).toBeGreaterThan(5);
  });

  it('with one task in turn and pose over budget, runs it every other frame (not on every frame)', () => {
    const s = new VisionScheduler<'pose' | 'face'>(['pose'], ['face'], { budgetMs: 50, maxStaleMs: 500 });
    let t = 0;
    let withFace = 0;
    const frames = 40;
    for (let i = 0; i < frames; i++) {
      const plan = s.plan(t);
      if (i >= 4 && plan.includes('face')) withFace++;
      for (const task of plan) s.record(task, task === 'pose' ? 100 : 60, t);
      t += plan.includes('face') ? 166 : 100;
    }
    expect(withFace).toBe((frames - 4) / 2);
  });

  it('still runs a task in turn that has waited maxStaleMs, even straight after another frame carried one', () => {
    const s = new VisionScheduler<'pose' | 'face'>(['pose'], ['face'], { budgetMs: 50, maxStaleMs: 500 });
    s.record('pose', 100, 0);
    s.record('face', 60, 0);
    expect(s.plan(600)).toEqual(['pose', 'face']);
    s.record('face', 60, 600);
    // The frame right after carried face and is not stale: pose alone.
    expect(s.plan(700)).toEqual(['pose']);
    // A slow analysis rate: the next frame comes after maxStaleMs, so face runs though the last frame had none...
    expect(s.plan(1300)).toEqual(['pose', 'face']);
    s.record('face', 60, 1300);
    // ...and again after another stale gap, though the frame before carried it.
    expect(s.plan(1900)).toEqual(['pose', 'face']);
  });

  it('leaves out a model that is not loaded and carries on with the rest', () => {
    const { runs } = simulate({ pose: 20, hand: 20, face: 10 }, 20, 50, ['pose', 'face']);
    expect(runs.every((r) => !r.includes('hand'))).toBe(true);
    expect(runs.slice(1).every((r) => r.includes('face'))).toBe(true);
    const noPose = simulate({ pose: 20, hand: 20, face: 10 }, 10, 50, ['hand', 'face']).runs;
    expect(noPose.every((r) => !r.includes('pose') && r.length > 0)).toBe(true);
  });
});
