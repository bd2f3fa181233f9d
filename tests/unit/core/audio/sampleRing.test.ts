import { describe, expect, it } from 'vitest';
import { SampleRing } from '../../../../src/core/audio/sampleRing.ts';

/** Blocks of a counting stream: sample i has the value i, so a copy shows exactly which samples it holds. */
function feed(ring: SampleRing, total: number, block: number): void {
  for (let at = 0; at < total; at += block) {
    const n = Math.min(block, total - at);
    ring.write(Float32Array.from({ length: n }, (_, k) => at + k));
  }
}

describe('sample ring (the mic worklet keeps the last seconds in it)', () => {
  it('copies a range by stream index, across the wrap', () => {
    const ring = new SampleRing(1000);
    feed(ring, 2500, 128);
    expect(ring.written).toBe(2500);
    expect(ring.oldest).toBe(1500);
    // 1900..2100 sits across the buffer's end (2000 is index 0 again).
    expect(Array.from(ring.copy(1900, 2100) ?? [])).toEqual(Array.from({ length: 200 }, (_, k) => 1900 + k));
  });

  it('clips to what is still held and what has been written, and says null for nothing', () => {
    const ring = new SampleRing(1000);
    feed(ring, 2500, 128);
    const old = ring.copy(1000, 1600);
    expect(old?.length).toBe(100);
    expect(old?.[0]).toBe(1500);
    expect(ring.copy(2400, 3000)?.length).toBe(100);
    expect(ring.copy(0, 1400)).toBeNull();
    expect(ring.copy(2600, 2700)).toBeNull();
  });

  it('keeps the tail of a block longer than itself', () => {
    const ring = new SampleRing(100);
    feed(ring, 350, 350);
    expect(ring.written).toBe(350);
    expect(Array.from(ring.copy(0, 350) ?? [])).toEqual(Array.from({ length: 100 }, (_, k) => 250 + k));
  });

  it('hands out copies: later writes do not change them', () => {
    const ring = new SampleRing(10);
    feed(ring, 10, 5);
    const c = ring.copy(0, 10);
    ring.write(new Float32Array(10).fill(-1));
    expect(Array.from(c ?? [])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
