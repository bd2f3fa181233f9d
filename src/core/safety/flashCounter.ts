import type { Ms } from '../units.ts';
import {
  type GeneralFlashParams,
  generalSample,
  generalTest,
  luminanceOf,
  type RedFlashParams,
  redSample,
  redTest,
  type Sample,
  type TransitionTest,
  TransitionTracker,
  WCAG_GENERAL,
  WCAG_RED,
} from './transitions.ts';

/**
 * Counts flashes in rendered frames, by WCAG 2.3.1's definitions (see transitions.ts). Every area of the screen
 * is checked on its own (a grid of cells): Attune does not rely on the small-area exemption, because a learner
 * sits close to a large board.
 */
export interface FlashParams extends GeneralFlashParams {
  windowMs: Ms;
}

export const WCAG_FLASH: FlashParams = { ...WCAG_GENERAL, windowMs: 1000 };

/** Relative luminance of each pixel of an RGBA image (one cell each). */
export function relativeLuminance(rgba: Uint8ClampedArray | Uint8Array): Float32Array {
  const out = new Float32Array(rgba.length / 4);
  for (let i = 0, j = 0; i < out.length; i++, j += 4) {
    out[i] = luminanceOf(rgba[j] ?? 0, rgba[j + 1] ?? 0, rgba[j + 2] ?? 0);
  }
  return out;
}

export interface LuminanceFrame {
  tMs: Ms;
  /** Relative luminance per cell. */
  cells: Float32Array;
}

/** A rendered frame as the mean sRGB colour of each cell: r, g, b (0..255) per cell. */
export interface ColourFrame {
  tMs: Ms;
  rgb: Float32Array;
}

/**
 * The mean sRGB colour of each cell of a `cols` x `rows` grid over an RGBA image (top row first): every pixel
 * counts, so a small bright shape anywhere in a cell moves its mean.
 */
export function cellMeans(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  cols: number,
  rows: number,
  out = new Float32Array(cols * rows * 3),
): Float32Array {
  const counts = new Float32Array(cols * rows);
  out.fill(0);
  for (let y = 0; y < height; y++) {
    const row = Math.min(rows - 1, Math.floor((y * rows) / height));
    for (let x = 0; x < width; x++) {
      const cell = row * cols + Math.min(cols - 1, Math.floor((x * cols) / width));
      const p = (y * width + x) * 4;
      out[cell * 3] = (out[cell * 3] ?? 0) + (rgba[p] ?? 0);
      out[cell * 3 + 1] = (out[cell * 3 + 1] ?? 0) + (rgba[p + 1] ?? 0);
      out[cell * 3 + 2] = (out[cell * 3 + 2] ?? 0) + (rgba[p + 2] ?? 0);
      counts[cell] = (counts[cell] ?? 0) + 1;
    }
  }
  for (let c = 0; c < counts.length; c++) {
    const n = Math.max(1, counts[c] ?? 1);
    for (let k = 0; k < 3; k++) out[c * 3 + k] = (out[c * 3 + k] ?? 0) / n;
  }
  return out;
}

/** The most flashes (two opposing transitions) within any window of `windowMs`, in one cell's transition times. */
function flashesInWindow(transitions: readonly Ms[], windowMs: Ms): number {
  let worst = 0;
  let lo = 0;
  for (let hi = 0; hi < transitions.length; hi++) {
    while ((transitions[hi] ?? 0) - (transitions[lo] ?? 0) >= windowMs) lo++;
    worst = Math.max(worst, Math.floor((hi - lo + 1) / 2));
  }
  return worst;
}

/** The most flashes in any one cell within any window, for samples of each cell taken from each frame. */
function worstCell(
  count: number,
  cells: number,
  sampleAt: (frame: number, cell: number) => { tMs: Ms; s: Sample },
  test: TransitionTest,
  windowMs: Ms,
): number {
  let worst = 0;
  for (let c = 0; c < cells; c++) {
    const tracker = new TransitionTracker(test);
    const transitions: Ms[] = [];
    for (let f = 0; f < count; f++) {
      const { tMs, s } = sampleAt(f, c);
      if (tracker.push(s) !== 0) transitions.push(tMs);
    }
    worst = Math.max(worst, flashesInWindow(transitions, windowMs));
  }
  return worst;
}

/** The most general flashes seen in any one cell within any window of `windowMs`. */
export function maxFlashesPerWindow(
  frames: readonly LuminanceFrame[],
  params: FlashParams = WCAG_FLASH,
): number {
  const cells = frames[0]?.cells.length ?? 0;
  return worstCell(
    frames.length,
    cells,
    (f, c) => {
      const frame = frames[f];
      return { tMs: frame?.tMs ?? 0, s: { v: frame?.cells[c] ?? 0, saturated: false } };
    },
    generalTest(params),
    params.windowMs,
  );
}

export interface FlashReport {
  /** The most general flashes in any cell within any second. */
  general: number;
  /** The most red flashes in any cell within any second. */
  red: number;
}

/** General and red flashes in colour frames, each the most seen in any one cell within any window. */
export function flashReport(
  frames: readonly ColourFrame[],
  general: GeneralFlashParams = WCAG_GENERAL,
  red: RedFlashParams = WCAG_RED,
  windowMs: Ms = WCAG_FLASH.windowMs,
): FlashReport {
  const cells = (frames[0]?.rgb.length ?? 0) / 3;
  const at = (make: (r: number, g: number, b: number) => Sample) => (f: number, c: number) => {
    const frame = frames[f];
    const rgb = frame?.rgb;
    return {
      tMs: frame?.tMs ?? 0,
      s: make(rgb?.[c * 3] ?? 0, rgb?.[c * 3 + 1] ?? 0, rgb?.[c * 3 + 2] ?? 0),
    };
  };
  return {
    general: worstCell(frames.length, cells, at(generalSample), generalTest(general), windowMs),
    red: worstCell(
      frames.length,
      cells,
      at((r, g, b) => redSample(r, g, b, red)),
      redTest(red),
      windowMs,
    ),
  };
}
