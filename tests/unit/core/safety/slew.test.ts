import { describe, expect, it } from 'vitest';
import {
  BrightnessGovernor,
  maxFlashesPerSecond,
  SAFE_BRIGHTNESS_RATES,
  slew,
} from '../../../../src/core/safety/slew.ts';

describe('brightness slew limiter', () => {
  it('never allows more than three flashes a second (WCAG 2.3.1)', () => {
    expect(maxFlashesPerSecond()).toBeLessThanOrEqual(3);
  });

  it('turns a jump from dark to full into a fade of at least the rise time', () => {
    let level = 0;
    let ms = 0;
    while (level < 1) {
      level = slew(level, 1, 16.7);
      ms += 16.7;
    }
    expect(ms).toBeGreaterThanOrEqual(SAFE_BRIGHTNESS_RATES.riseMs);
  });

  it('fades down more slowly than it rises', () => {
    const up = slew(0, 1, 100);
    const down = 1 - slew(1, 0, 100);
    expect(down).toBeLessThan(up);
  });

  it('completes no more than three on-off cycles in a second of a target toggling every frame', () => {
    // The worst input: the target flips between dark and full on every 60 Hz frame.
    let level = 0;
    let rising = true;
    let flashes = 0;
    let lastExtreme = 0;
    for (let f = 0; f < 60; f++) {
      const target = f % 2 === 0 ? 1 : 0;
      const next = slew(level, target, 1000 / 60);
      if (rising && next < level) {
        if (level - lastExtreme >= 0.1) flashes++;
        lastExtreme = level;
        rising = false;
      } else if (!rising && next > level) {
        lastExtreme = level;
        rising = true;
      }
      level = next;
    }
    expect(flashes).toBeLessThanOrEqual(3);
  });
});

describe('brightness governor', () => {
  /** Flashes (pairs of opposing changes of at least 10 %) of a brightness stepped at 60 Hz. */
  function flashesPerSecond(
    level: (t: number, target: number, dt: number) => number,
    target: (t: number) => number,
  ): number {
    const dt = 1000 / 60;
    let anchor = 0;
    let dir = 0;
    let transitions = 0;
    for (let t = 0; t < 3000; t += dt) {
      const v = level(t, target(t), dt);
      if (dir >= 0 && v > anchor) anchor = dir === 0 ? anchor : v;
      if (dir <= 0 && v < anchor) anchor = dir === 0 ? anchor : v;
      if (Math.abs(v - anchor) >= 0.1) {
        const d = Math.sign(v - anchor);
        if (d !== dir) transitions++;
        dir = d;
        anchor = v;
      }
    }
    return transitions / 2 / 3;
  }
  // A voice switching on and off four times a second (120 ms on, 130 ms off): the case that broke slope limits.
  const pulsing = (t: number) => (t % 250 < 120 ? 1 : 0);

  it('a slope limit alone lets a 4 Hz pulse flash more than three times a second', () => {
    let v = 0;
    expect(flashesPerSecond((_t, target, dt) => (v = slew(v, target, dt)), pulsing)).toBeGreaterThan(3);
  });

  it('the governor keeps the same pulse at or under 2.5 flashes a second, and still follows it', () => {
    const g = new BrightnessGovernor();
    const rate = flashesPerSecond((t, target, dt) => g.step(target, dt, t), pulsing);
    expect(rate).toBeLessThanOrEqual(2.5);
    expect(rate).toBeGreaterThan(0);
  });
});
