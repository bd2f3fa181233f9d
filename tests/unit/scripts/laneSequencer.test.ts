import { describe, expect, it } from 'vitest';
import { type Planned, planLanes } from '../../browser/support/laneSequencer.ts';
import { usesTimingLane } from '../../browser/support/timingLane.ts';

interface File extends Planned {
  name: string;
}

/** Plays the pool as it runs: the next file in the list goes to the worker free first; timed files wait on the lane. */
function play(order: readonly File[]): { end: number; waited: number } {
  const freeAt = [0, 0];
  let lane = 0;
  let waited = 0;
  for (const f of order) {
    const w = (freeAt[0] ?? 0) <= (freeAt[1] ?? 0) ? 0 : 1;
    const now = freeAt[w] ?? 0;
    const start = f.timed ? Math.max(now, lane) : now;
    waited += start - now;
    freeAt[w] = start + f.ms;
    if (f.timed) lane = start + f.ms;
  }
  return { end: Math.max(...freeAt), waited };
}

const files: File[] = [
  ...[110, 106, 100, 83, 69, 32].map((ms, i) => ({ name: `camera${i}`, timed: true, ms })),
  ...[86, 74, 46, 36, 35, 30, 25, 20].map((ms, i) => ({ name: `browser${i}`, timed: false, ms })),
  ...Array.from({ length: 40 }, (_, i) => ({ name: `unit${i}`, timed: false, ms: 1 })),
];

describe('the order of test files for two workers and one timing lane', () => {
  it('keeps every file, once', () => {
    const order = planLanes(files);
    expect(order.map((f) => f.name).sort()).toEqual(files.map((f) => f.name).sort());
  });

  it('ends when the longer of the timing lane and an even share of all the work ends', () => {
    const total = files.reduce((s, f) => s + f.ms, 0);
    const timed = files.filter((f) => f.timed).reduce((s, f) => s + f.ms, 0);
    const { end } = play(planLanes(files));
    expect(end).toBeLessThanOrEqual(Math.max(timed, total / 2) + 1);
    // The order a project's own sort gives (longest first, whatever the lane) leaves the lane idle and ends later.
    expect(play([...files].sort((a, b) => b.ms - a.ms)).end).toBeGreaterThan(end + 50);
  });

  it('with little in the timing lane, waits on it never, and leaves the short files for the end', () => {
    const light = files.filter((f) => !f.timed || f.ms < 90);
    const order = planLanes(light);
    expect(play(order).waited).toBe(0);
    expect(order.slice(-10).every((f) => f.ms === 1)).toBe(true);
  });
});

describe('which test files are in the timing lane', () => {
  it('every launch with a camera clip, however the option is written, and a file that takes the lane', () => {
    expect(usesTimingLane('s = await launch({ video: clip.path, audio: mic.path });')).toBe(true);
    expect(
      usesTimingLane('const video = y4mFromClip(c);\ns = await launch({ video, audio: mic.path });'),
    ).toBe(true);
    expect(usesTimingLane('s = await launch({\n  audio: a,\n  video: wavingClip().path,\n});')).toBe(true);
    expect(usesTimingLane('beforeAll(() => takeTimingLane());')).toBe(true);
  });

  it('not a launch with a microphone alone or no devices, whatever else mentions video', () => {
    expect(usesTimingLane('s = await launch({ audio: mic.path, noCamera: true });')).toBe(false);
    expect(usesTimingLane('// the camera video, drawn\ns = await launch({ noDevices: true });')).toBe(false);
  });
});
