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
