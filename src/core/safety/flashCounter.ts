import type { Ms } from '../units.ts';

/**
 * Counts flashes in rendered frames, by WCAG 2.3.1's definition of a general flash: a pair of opposing
 * changes in relative luminance of 10 % or more (of the maximum), where the darker state is below 0.80.
 * Every area of the screen is checked on its own (a grid of cells): Attune does not rely on the small-area
 * exemption, because a learner sits close to a large board.
 */
export interface FlashParams {
  /** Smallest change that counts as a transition, in relative luminance (0..1). */
  minChange: number;
  /** A transition only counts when its darker end is below this. */
  darkerBelow: number;
  windowMs: Ms;
}

export const WCAG_FLASH: FlashParams = { minChange: 0.1, darkerBelow: 0.8, windowMs: 1000 };

/** sRGB 8-bit channel to linear light (WCAG's relative luminance formula). */
function linear(c8: number): number {
  const c = c8 / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of each pixel of an RGBA image (one cell each). */
export function relativeLuminance(rgba: Uint8ClampedArray | Uint8Array): Float32Array {
  const out = new Float32Array(rgba.length / 4);
  for (let i = 0, j = 0; i < out.length; i++, j += 4) {
    out[i] =
      0.2126 * linear(rgba[j] ?? 0) + 0.7152 * linear(rgba[j + 1] ?? 0) + 0.0722 * linear(rgba[j + 2] ?? 0);
  }
  return out;
}

export interface LuminanceFrame {
  tMs: Ms;
  /** Relative luminance per cell. */
  cells: Float32Array;
}

/**
 * The most flashes seen in any one cell within any window of `windowMs`. A transition is recorded when the
 * luminance has moved by `minChange` from the last extreme in the opposite direction; two opposing
 * transitions make one flash.
 */
export function maxFlashesPerWindow(
  frames: readonly LuminanceFrame[],
  params: FlashParams = WCAG_FLASH,
): number {
  const first = frames[0];
  if (!first) return 0;
  const cells = first.cells.length;
  let worst = 0;
  for (let c = 0; c < cells; c++) {
    const transitions: Ms[] = [];
    // The extreme reached in the current direction; a move of minChange back from it is a transition.
    let anchor = first.cells[c] ?? 0;
    let low = anchor;
    let high = anchor;
    let direction = 0; // +1 rising, -1 falling, 0 not yet moved
    const counts = (a: number, b: number) =>
      Math.abs(a - b) >= params.minChange && Math.min(a, b) < params.darkerBelow;
    for (const f of frames) {
      const v = f.cells[c] ?? 0;
      if (direction === 0) {
        low = Math.min(low, v);
        high = Math.max(high, v);
        if (counts(v, low) && v > low) {
          transitions.push(f.tMs);
          direction = 1;
          anchor = v;
        } else if (counts(v, high) && v < high) {
          transitions.push(f.tMs);
          direction = -1;
          anchor = v;
        }
      } else if (direction === 1) {
        if (v > anchor) anchor = v;
        else if (counts(v, anchor)) {
          transitions.push(f.tMs);
          direction = -1;
          anchor = v;
        }
      } else if (v < anchor) {
        anchor = v;
      } else if (counts(v, anchor)) {
        transitions.push(f.tMs);
        direction = 1;
        anchor = v;
      }
    }
    // Two transitions make a flash: count pairs inside each window.
    let lo = 0;
    for (let hi = 0; hi < transitions.length; hi++) {
      while ((transitions[hi] ?? 0) - (transitions[lo] ?? 0) >= params.windowMs) lo++;
      worst = Math.max(worst, Math.floor((hi - lo + 1) / 2));
    }
  }
  return worst;
}
