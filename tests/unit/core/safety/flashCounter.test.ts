import { describe, expect, it } from 'vitest';
import {
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
