import { describe, expect, it } from 'vitest';
import {
  type ColourFrame,
  cellMeans,
  flashReport,
  type LuminanceFrame,
  maxFlashesPerWindow,
  relativeLuminance,
} from '../../../../src/core/safety/flashCounter.ts';

/** A one-cell screen whose luminance is `f(t)`, sampled at 60 Hz for `ms`. */
function frames(ms: number, f: (t: number) => number): LuminanceFrame[] {
  const out: LuminanceFrame[] = [];
  for (let t = 0; t < ms; t += 1000 / 60) out.push({ tMs: t, cells: Float32Array.of(f(t)) });
  return out;
}

describe('flash counting (WCAG 2.3.1 general flash)', () => {
  it('counts a screen blinking 5 times a second as 5 flashes in a second', () => {
    const blink = frames(3000, (t) => (Math.floor(t / 100) % 2 === 0 ? 0.05 : 0.6));
    expect(maxFlashesPerWindow(blink)).toBe(5);
  });

  it('counts nothing when the change is under 10 %', () => {
    expect(maxFlashesPerWindow(frames(2000, (t) => (Math.floor(t / 100) % 2 ? 0.1 : 0.15)))).toBe(0);
  });

  it('ignores changes whose darker state is above 0.80', () => {
    expect(maxFlashesPerWindow(frames(2000, (t) => (Math.floor(t / 100) % 2 ? 0.85 : 1)))).toBe(0);
  });

  it('counts a slow pulse once a second as at most one flash a second', () => {
    const pulse = frames(4000, (t) => 0.3 + 0.25 * Math.sin((2 * Math.PI * t) / 1000));
    expect(maxFlashesPerWindow(pulse)).toBeLessThanOrEqual(1);
  });

  it('takes relative luminance from sRGB (white 1, black 0, yellow mostly green)', () => {
    const l = relativeLuminance(Uint8Array.of(255, 255, 255, 255, 0, 0, 0, 255, 255, 196, 0, 255));
    expect(l[0]).toBeCloseTo(1, 5);
    expect(l[1]).toBeCloseTo(0, 5);
    expect(l[2]).toBeGreaterThan(0.5);
  });
});

describe('flash counting in colour frames (general and red)', () => {
  const colourFrames = (ms: number, f: (t: number) => [number, number, number]): ColourFrame[] => {
    const out: ColourFrame[] = [];
    for (let t = 0; t < ms; t += 1000 / 60) out.push({ tMs: t, rgb: Float32Array.from(f(t)) });
    return out;
  };

  it('counts a saturated red blinking on black as red flashes, and a yellow one as none', () => {
    const red = colourFrames(3000, (t) => (Math.floor(t / 125) % 2 ? [230, 20, 20] : [5, 5, 5]));
    expect(flashReport(red).red).toBe(4);
    const yellow = colourFrames(3000, (t) => (Math.floor(t / 125) % 2 ? [255, 196, 0] : [5, 5, 5]));
    expect(flashReport(yellow)).toEqual({ general: 4, red: 0 });
  });

  it('counts no red flash for a dim red whose (R - G - B) x 320 changes by 20 or less', () => {
    // Linear R of 60/255 is about 0.045: (R - G - B) x 320 is about 14.
    const dim = colourFrames(3000, (t) => (Math.floor(t / 125) % 2 ? [60, 0, 0] : [0, 0, 0]));
    expect(flashReport(dim).red).toBe(0);
  });

  it('averages every pixel of a cell', () => {
    // 4 x 2 image, 2 x 1 cells: the left cell holds one white pixel of four.
    const rgba = new Uint8Array(4 * 2 * 4);
    rgba.set([255, 255, 255, 255], 0);
    const means = cellMeans(rgba, 4, 2, 2, 1);
    expect([...means]).toEqual([63.75, 63.75, 63.75, 0, 0, 0]);
  });
});
