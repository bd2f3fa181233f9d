import { describe, expect, it } from 'vitest';
import { maxFlashesPerSecond, SAFE_BRIGHTNESS_RATES, slew } from '../../../src/core/safety/slew.ts';

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
