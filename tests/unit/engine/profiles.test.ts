import { describe, expect, it } from 'vitest';
import { publishMotionCells } from '../../../src/engine/profiles.ts';
import type { MotionResult } from '../../../src/sensing/motionProtocol.ts';
import { createLiveSignals } from '../../../src/state/live.ts';

function motion(cells: number[], ready = true): MotionResult {
  return {
    type: 'motion',
    framePerfMs: 1234,
    generation: 1,
    ready,
    anywhere: Math.max(...cells),
    cells: Float32Array.from(cells),
    gridCols: 3,
    gridRows: 2,
    regionIds: [],
    regionEnergy: [],
    ms: 1,
  };
}

describe('the motion grid in the live signals', () => {
  it('gives each cell relative to the movement threshold, with the grid and the frame time', () => {
    const live = createLiveSignals();
    publishMotionCells(live, motion([0, 1e-6, 2e-6, 4e-6, 0, 6e-6]), 2e-6);
    expect(Array.from(live.motionCells.subarray(0, 6)).map((v) => Number(v.toFixed(3)))).toEqual([
      0, 0.5, 1, 2, 0, 3,
    ]);
    expect([live.motionCols, live.motionRows, live.motionFramePerfMs]).toEqual([3, 2, 1234]);
  });

  it('shows nothing for a first frame, which has nothing to compare against', () => {
    const live = createLiveSignals();
    publishMotionCells(live, motion([1, 1, 1, 1, 1, 1], false), 2e-6);
    expect(Math.max(...live.motionCells)).toBe(0);
  });

  it('reuses the same cells from frame to frame (nothing allocated per camera frame)', () => {
    const live = createLiveSignals();
    const cells = live.motionCells;
    publishMotionCells(live, motion([1, 0, 0, 0, 0, 0]), 1);
    publishMotionCells(live, motion([0, 0, 0, 0, 0, 1]), 1);
    expect(live.motionCells).toBe(cells);
    expect(live.motionCells[0]).toBe(0);
    expect(live.motionCells[5]).toBe(1);
  });
});
