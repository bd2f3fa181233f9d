import type { Ms } from '../units.ts';

/**
 * Moves `current` toward `target` no faster than the given rates (full range 0..1 per the stated time).
 * Used on every brightness that can cover much of the screen: a rise takes at least `riseMs` and a fall at
 * least `fallMs`, so a full on-off cycle takes `riseMs + fallMs`. With the defaults below that is 650 ms, which
 * keeps any flash well under WCAG 2.3.1's three per second, and turns every change into a fade, never a jump.
 */
export interface SlewRates {
  riseMs: Ms;
  fallMs: Ms;
}

export const SAFE_BRIGHTNESS_RATES: SlewRates = { riseMs: 250, fallMs: 400 };

export function slew(
  current: number,
  target: number,
  dtMs: Ms,
  rates: SlewRates = SAFE_BRIGHTNESS_RATES,
): number {
  if (target > current) return Math.min(target, current + dtMs / rates.riseMs);
  return Math.max(target, current - dtMs / rates.fallMs);
}

/** Most flashes (opposing change pairs) that rates allow in one second: the governor's own guarantee. */
export function maxFlashesPerSecond(rates: SlewRates = SAFE_BRIGHTNESS_RATES): number {
  return 1000 / (rates.riseMs + rates.fallMs);
}

/**
 * A brightness that fades (as `slew`) and may also turn back only so often. Slope limits alone bound full
 * swings but not small fast ones: a voice pulsing four times a second made the bloom rise and fall by a third
 * four times a second, which is four flashes. A flash is two opposing changes, so turning back at most every
 * `minReversalMs` (200 ms: five turns a second) keeps any flash rate at or under 2.5 a second.
 */
export class BrightnessGovernor {
  value = 0;
  private direction = 0;
  private lastReversalMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly rates: SlewRates = SAFE_BRIGHTNESS_RATES,
    readonly minReversalMs = 200,
  ) {}

  step(target: number, dtMs: Ms, nowMs: Ms): number {
    const wanted = Math.sign(target - this.value);
    if (wanted !== 0 && wanted !== this.direction) {
      // Hold where it is until a reversal is allowed again.
      if (this.direction !== 0 && nowMs - this.lastReversalMs < this.minReversalMs) return this.value;
      if (this.direction !== 0) this.lastReversalMs = nowMs;
      this.direction = wanted;
    }
    this.value = slew(this.value, target, dtMs, this.rates);
    return this.value;
  }
}
