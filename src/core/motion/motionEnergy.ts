import type { Ms, Unit } from '../units.ts';

/**
 * Motion energy by frame differencing on a small grey copy of each camera frame (the browser adapter makes it,
 * typically 160x120). No model is involved, so a finger that moves registers even when no body is found.
 *
 * Per frame:
 * 1. d = current - previous, per pixel.
 * 2. Global brightness compensation: auto-exposure and lights change every pixel together, but not by the same
 *    amount (a gain change moves bright pixels more than dark ones). So the median of d is taken separately for
 *    pixels of each brightness band (by the previous frame's luma) and subtracted: a robust, piecewise "brightness
 *    transfer function". The median ignores the moving pixels as long as they are under half of a band.
 * 3. Per-pixel noise: each pixel keeps a running median of its own |d| (a multiplicative quantile tracker, no
 *    history buffer). Sensor noise differs by brightness and by place (a flickering fairy light, a TV in view),
 *    so one global threshold would either miss a finger or fire on the TV; pixels that flicker all the time learn
 *    a high noise level and stop counting.
 * 4. A pixel contributes its excess change over `noiseK` times its noise level; the rest is ignored.
 *
 * Energy unit: the sum of excess change over a region divided by (255 x all pixels of the frame), i.e. the
 * fraction of the frame that changed at full contrast. Every region (grid cell, person box, whole frame) uses
 * the same denominator, so the same finger gives the same energy whichever region contains it, and cells sum to
 * the whole frame. Values are small: a 3x3 blob of contrast 45 moving about a pixel per frame on 160x120 is
 * about 2e-5; a still scene with camera noise (sigma 3 levels) stays under 2e-6 per grid cell and 4e-6 over
 * the whole frame.
 *
 * Steady state allocates nothing: buffers are made on the first frame (or when the frame size changes) and the
 * result object is reused; read it before the next `push`.
 */

/** A grey image, one byte per pixel, row-major, top-left first. */
export interface LumaFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A rectangle in normalised image coordinates: 0..1 of the frame's width (x) and height (y). */
export interface NormRect {
  x: Unit;
  y: Unit;
  width: Unit;
  height: Unit;
}

/** Fraction of the frame changing at full contrast (see the module comment). */
export type MotionEnergy = number;

export interface MotionEnergyParams {
  /** Grid for "anywhere in view" motion, so a small movement is not diluted by the whole frame's noise. */
  gridCols: number;
  gridRows: number;
  /**
   * A pixel counts only beyond this many times its own typical |difference| (the median, ~0.67 sigma of the
   * difference): 6 is ~4 sigma. Measured on a 160x120 still scene (noise sigma 2-3 levels): 5 lets ~10x more
   * noise energy through than 6; 4 another ~10x.
   */
  noiseK: number;
  /** Lowest typical |difference| per pixel, in luma levels: keeps quantisation steps of a clean camera out. */
  noiseFloorLevels: number;
  /**
   * Lowest starting typical |difference|, in luma levels: the start is taken from the first difference's median,
   * but not below this, so a first frame that happens to be clean does not make the first second trigger-happy.
   */
  noiseInitialLevels: number;
  /**
   * Per-frame multiplicative step of the per-pixel noise tracker. 0.02 adapts a factor of two in ~35 frames
   * (about a second at 30 fps); a pixel covered by moving things for under half the time keeps its level.
   * Larger steps scatter the per-pixel estimates more, and the pixels that wander low fire on plain noise.
   */
  noiseStepPerFrame: number;
  /** Brightness bands for the exposure compensation (a power of two, up to 256). */
  brightnessBands: number;
  /** A band with fewer pixels than this uses the whole frame's median shift instead of its own. */
  minPixelsPerBand: number;
}

export const DEFAULT_MOTION_ENERGY_PARAMS: Readonly<MotionEnergyParams> = Object.freeze({
  gridCols: 8,
  gridRows: 6,
  noiseK: 6,
  noiseFloorLevels: 1,
  noiseInitialLevels: 2,
  noiseStepPerFrame: 0.02,
  brightnessBands: 16,
  minPixelsPerBand: 64,
});

/** What one frame's analysis found. Reused between frames. */
export interface MotionFrame {
  tMs: Ms;
  /** False on the first frame (and after a size change): there is nothing to difference against yet. */
  ready: boolean;
  /** Whole-frame energy. */
  total: MotionEnergy;
  /** Energy per grid cell, row-major, `gridRows * gridCols` long. */
  readonly cells: Float32Array;
  /** The largest cell's energy and its index: "something moved somewhere" without knowing who. */
  maxCell: MotionEnergy;
  maxCellIndex: number;
  /** Fraction of pixels counted as changed. */
  changedFraction: Unit;
  /** Median global brightness change removed this frame, in luma levels (a large value = exposure jump). */
  brightnessShiftLevels: number;
  /** Centre of the changed area (energy-weighted), normalised; NaN when nothing changed. */
  centroidX: Unit;
  centroidY: Unit;
}

const DIFF_BINS = 511; // d in -255..255

export class MotionEnergyAnalyser {
  readonly params: Readonly<MotionEnergyParams>;
  readonly result: MotionFrame;
  private width = 0;
  private height = 0;
  private prev = new Uint8Array(0);
  private noise = new Float32Array(0);
  /** Integral image of excess change, (width+1) x (height+1), for O(1) sums over any rectangle. */
  private integral = new Float64Array(0);
  /** Grid cell of each column and of each row, so the hot loop does no division. */
  private cellOfX = new Uint16Array(0);
  private cellOfY = new Uint16Array(0);
  private readonly bandHist: Uint32Array;
  private readonly bandCount: Uint32Array;
  private readonly bandShift: Int16Array;
  private readonly globalHist = new Uint32Array(DIFF_BINS);
  private readonly bandBitShift: number;
  private noiseLearnt = false;

  constructor(params: Partial<MotionEnergyParams> = {}) {
    this.params = Object.freeze({ ...DEFAULT_MOTION_ENERGY_PARAMS, ...params });
    const bands = this.params.brightnessBands;
    if (!Number.isInteger(Math.log2(bands)) || bands < 1 || bands > 256) {
      throw new Error(`brightnessBands must be a power of two up to 256, got ${bands}`);
    }
    this.bandBitShift = 8 - Math.log2(bands);
    this.bandHist = new Uint32Array(bands * DIFF_BINS);
    this.bandCount = new Uint32Array(bands);
    this.bandShift = new Int16Array(bands);
    this.result = {
      tMs: 0,
      ready: false,
      total: 0,
      cells: new Float32Array(this.params.gridCols * this.params.gridRows),
      maxCell: 0,
      maxCellIndex: 0,
      changedFraction: 0,
      brightnessShiftLevels: 0,
      centroidX: Number.NaN,
      centroidY: Number.NaN,
    };
  }

  /** Forgets the previous frame and the learnt noise (e.g. the camera was changed). */
  reset(): void {
    this.width = 0;
    this.height = 0;
    this.noiseLearnt = false;
    this.result.ready = false;
  }

  push(frame: LumaFrame, tMs: Ms): MotionFrame {
    const { width: w, height: h, data } = frame;
    if (data.length < w * h) throw new Error(`LumaFrame data has ${data.length} bytes for ${w}x${h}`);
    const r = this.result;
    r.tMs = tMs;
    if (w !== this.width || h !== this.height) {
      this.allocate(w, h);
      this.prev.set(data.subarray(0, w * h));
      this.clearResult();
      return r;
    }
    const n = w * h;
    const p = this.params;
    const prev = this.prev;

    this.measureBrightnessShift(data, n);
    const bs = this.bandBitShift;
    const bandShift = this.bandShift;
    const globalHist = this.globalHist;

    const noise = this.noise;
    if (!this.noiseLearnt) {
      // Start every pixel at the frame's own typical |difference| (after compensation), so the first second is
      // neither blind nor trigger-happy; each pixel then learns its own.
      globalHist.fill(0);
      for (let i = 0; i < n; i++) {
        const a = prev[i] as number;
        const d = (data[i] as number) - a - (bandShift[a >> bs] as number);
        (globalHist[Math.min(255, Math.abs(d)) + 255] as number)++;
      }
      const typical = Math.max(p.noiseFloorLevels, medianOfHist(globalHist, 0, n), p.noiseInitialLevels);
      noise.fill(typical);
      this.noiseLearnt = true;
    }

    // 3-4: excess over per-pixel noise, into the grid, the integral image and the centroid sums.
    const up = 1 + p.noiseStepPerFrame;
    const down = 1 / up;
    const k = p.noiseK;
    const floor = p.noiseFloorLevels;
    const cells = r.cells;
    cells.fill(0);
    const ii = this.integral;
    const stride = w + 1;
    const cellOfX = this.cellOfX;
    let total = 0;
    let changed = 0;
    let sumX = 0;
    let sumY = 0;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      const cellRow = (this.cellOfY[y] as number) * p.gridCols;
      let rowSum = 0;
      let rowX = 0;
      for (let x = 0; x < w; x++) {
        const i = row + x;
        const a = prev[i] as number;
        const d = Math.abs((data[i] as number) - a - (bandShift[a >> bs] as number));
        const nz = noise[i] as number;
        const excess = d - k * nz;
        if (excess > 0) {
          rowSum += excess;
          rowX += excess * x;
          changed++;
          (cells[cellRow + (cellOfX[x] as number)] as number) += excess;
        }
        const next = d > nz ? nz * up : nz * down;
        noise[i] = Math.max(floor, next);
        const o = (y + 1) * stride + x + 1;
        ii[o] = (ii[o - stride] as number) + rowSum;
      }
      total += rowSum;
      sumX += rowX;
      sumY += rowSum * y;
    }
    // subarray makes a view object, so only when the buffer is longer than the image.
    prev.set(data.length === n ? data : data.subarray(0, n));

    const norm = 1 / (255 * n);
    let maxCell = 0;
    let maxIdx = 0;
    for (let c = 0; c < cells.length; c++) {
      const e = (cells[c] as number) * norm;
      cells[c] = e;
      if (e > maxCell) {
        maxCell = e;
        maxIdx = c;
      }
    }
    r.ready = true;
    r.total = total * norm;
    r.maxCell = maxCell;
    r.maxCellIndex = maxIdx;
    r.changedFraction = changed / n;
    r.centroidX = total > 0 ? (sumX / total + 0.5) / w : Number.NaN;
    r.centroidY = total > 0 ? (sumY / total + 0.5) / h : Number.NaN;
    return r;
  }

  /**
   * Steps 1-2: the median raw difference per brightness band (a light switched on or the camera's exposure
   * shifting moves every pixel of a band alike), into `bandShift`. Locals, not `this.` fields, in the hot loops:
   * measurably faster.
   */
  private measureBrightnessShift(data: LumaFrame['data'], n: number): void {
    const p = this.params;
    const prev = this.prev;
    const r = this.result;
    const bandHist = this.bandHist;
    const bandCount = this.bandCount;
    const bandShift = this.bandShift;
    const globalHist = this.globalHist;
    bandHist.fill(0);
    bandCount.fill(0);
    const bs = this.bandBitShift;
    for (let i = 0; i < n; i++) {
      const a = prev[i] as number;
      const band = a >> bs;
      (bandHist[band * DIFF_BINS + (data[i] as number) - a + 255] as number)++;
    }
    globalHist.fill(0);
    for (let b = 0; b < p.brightnessBands; b++) {
      let c = 0;
      for (let j = 0, o = b * DIFF_BINS; j < DIFF_BINS; j++, o++) {
        const v = bandHist[o] as number;
        c += v;
        globalHist[j] = (globalHist[j] as number) + v;
      }
      bandCount[b] = c;
    }
    const globalShift = medianOfHist(globalHist, 0, n);
    r.brightnessShiftLevels = globalShift;
    for (let b = 0; b < p.brightnessBands; b++) {
      const c = bandCount[b] as number;
      bandShift[b] = c >= p.minPixelsPerBand ? medianOfHist(bandHist, b * DIFF_BINS, c) : globalShift;
    }
  }

  /** Energy of the last frame inside a rectangle (normalised coordinates, clipped to the frame). O(1). */
  energyIn(rect: NormRect): MotionEnergy {
    if (!this.result.ready) return 0;
    const w = this.width;
    const h = this.height;
    const x0 = clampInt(Math.round(rect.x * w), 0, w);
    const x1 = clampInt(Math.round((rect.x + rect.width) * w), 0, w);
    const y0 = clampInt(Math.round(rect.y * h), 0, h);
    const y1 = clampInt(Math.round((rect.y + rect.height) * h), 0, h);
    if (x1 <= x0 || y1 <= y0) return 0;
    const s = w + 1;
    const ii = this.integral;
    const sum =
      (ii[y1 * s + x1] as number) -
      (ii[y0 * s + x1] as number) -
      (ii[y1 * s + x0] as number) +
      (ii[y0 * s + x0] as number);
    return Math.max(0, sum) / (255 * w * h);
  }

  /**
   * The busiest grid cell's share inside a rectangle: for each grid cell the rectangle touches, the energy of
   * their intersection, and the largest of those. A person's box read this way is as sensitive as the
   * "anywhere" grid (a finger is not diluted by the whole body's area, nor its noise summed over it), and is 0
   * outside the box. At most gridCols x gridRows O(1) sums.
   */
  maxCellEnergyIn(rect: NormRect): MotionEnergy {
    if (!this.result.ready) return 0;
    const { gridCols: cols, gridRows: rows } = this.params;
    const x0 = Math.max(0, rect.x);
    const y0 = Math.max(0, rect.y);
    const x1 = Math.min(1, rect.x + rect.width);
    const y1 = Math.min(1, rect.y + rect.height);
    if (x1 <= x0 || y1 <= y0) return 0;
    let max = 0;
    const c0 = Math.floor(x0 * cols);
    const c1 = Math.min(cols - 1, Math.ceil(x1 * cols) - 1);
    const r0 = Math.floor(y0 * rows);
    const r1 = Math.min(rows - 1, Math.ceil(y1 * rows) - 1);
    for (let r = r0; r <= r1; r++) {
      const cy0 = Math.max(y0, r / rows);
      const cy1 = Math.min(y1, (r + 1) / rows);
      for (let c = c0; c <= c1; c++) {
        const cx0 = Math.max(x0, c / cols);
        const cx1 = Math.min(x1, (c + 1) / cols);
        const e = this.energyIn({ x: cx0, y: cy0, width: cx1 - cx0, height: cy1 - cy0 });
        if (e > max) max = e;
      }
    }
    return max;
  }

  /** The normalised rectangle of grid cell `index` (row-major), e.g. to show where motion was. */
  cellRect(index: number): NormRect {
    const { gridCols: cols, gridRows: rows } = this.params;
    const cx = index % cols;
    const cy = Math.floor(index / cols);
    return { x: cx / cols, y: cy / rows, width: 1 / cols, height: 1 / rows };
  }

  private allocate(w: number, h: number): void {
    const { gridCols, gridRows } = this.params;
    this.width = w;
    this.height = h;
    this.prev = new Uint8Array(w * h);
    this.noise = new Float32Array(w * h);
    this.integral = new Float64Array((w + 1) * (h + 1));
    this.cellOfX = new Uint16Array(w);
    this.cellOfY = new Uint16Array(h);
    for (let x = 0; x < w; x++) this.cellOfX[x] = Math.min(gridCols - 1, Math.floor((x * gridCols) / w));
    for (let y = 0; y < h; y++) this.cellOfY[y] = Math.min(gridRows - 1, Math.floor((y * gridRows) / h));
    this.noiseLearnt = false;
  }

  private clearResult(): void {
    const r = this.result;
    r.ready = false;
    r.total = 0;
    r.cells.fill(0);
    r.maxCell = 0;
    r.maxCellIndex = 0;
    r.changedFraction = 0;
    r.brightnessShiftLevels = 0;
    r.centroidX = Number.NaN;
    r.centroidY = Number.NaN;
  }
}

/** Median of a difference histogram (bins for -255..255) holding `count` values, as a signed level. */
function medianOfHist(hist: Uint32Array, offset: number, count: number): number {
  if (count === 0) return 0;
  const half = count / 2;
  let acc = 0;
  for (let b = 0; b < DIFF_BINS; b++) {
    acc += hist[offset + b] as number;
    if (acc >= half) return b - 255;
  }
  return 0;
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/**
 * The largest grid cell (from `MotionFrame.cells`) that a rectangle touches: a coarse stand-in for
 * `maxCellEnergyIn` where only the cells are at hand (e.g. on the page, for a person remembered at their last
 * place while the pose model does not find them). Over-inclusive at the edges of the rectangle.
 */
export function maxCellTouching(
  cells: ArrayLike<number>,
  cols: number,
  rows: number,
  rect: NormRect,
): MotionEnergy {
  const c0 = Math.max(0, Math.floor(rect.x * cols));
  const c1 = Math.min(cols - 1, Math.ceil((rect.x + rect.width) * cols) - 1);
  const r0 = Math.max(0, Math.floor(rect.y * rows));
  const r1 = Math.min(rows - 1, Math.ceil((rect.y + rect.height) * rows) - 1);
  let max = 0;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const e = cells[r * cols + c] ?? 0;
      if (e > max) max = e;
    }
  }
  return max;
}
