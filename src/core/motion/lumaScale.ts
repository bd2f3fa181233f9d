import type { LumaFrame } from './motionEnergy.ts';

/**
 * Shrinks a grey plane (e.g. the Y plane of a camera's I420 or NV12 frame) to a small LumaFrame by averaging
 * each destination pixel's whole footprint (area averaging, as ffmpeg's downscale does for the unit tests'
 * real clip): every source pixel counts once, so the camera's noise is averaged down rather than aliased. The
 * picture is stretched to the destination's size whatever its aspect, like the canvas path it replaces.
 *
 * Steady state allocates nothing: the column bounds are cached for the last source width.
 */
export class LumaScaler {
  private srcWidth = -1;
  private colStart = new Uint16Array(0);
  private colEnd = new Uint16Array(0);
  private readonly rowSum: Uint32Array;

  constructor(readonly out: LumaFrame) {
    this.rowSum = new Uint32Array(out.width);
  }

  /** `stride`: bytes from one source row to the next (at least `width`). */
  scale(src: Uint8Array, width: number, height: number, stride: number, offset = 0): LumaFrame {
    const { width: w, height: h, data } = this.out;
    if (width < w || height < h) throw new Error(`cannot shrink ${width}x${height} to ${w}x${h}`);
    if (width !== this.srcWidth) this.columns(width);
    const colStart = this.colStart;
    const colEnd = this.colEnd;
    const rowSum = this.rowSum;
    for (let y = 0; y < h; y++) {
      const y0 = Math.floor((y * height) / h);
      const y1 = Math.floor(((y + 1) * height) / h);
      rowSum.fill(0);
      for (let sy = y0; sy < y1; sy++) {
        const row = offset + sy * stride;
        for (let x = 0; x < w; x++) {
          let acc = 0;
          const end = row + (colEnd[x] as number);
          for (let i = row + (colStart[x] as number); i < end; i++) acc += src[i] as number;
          rowSum[x] = (rowSum[x] as number) + acc;
        }
      }
      const rows = y1 - y0;
      for (let x = 0; x < w; x++) {
        const n = rows * ((colEnd[x] as number) - (colStart[x] as number));
        data[y * w + x] = Math.round((rowSum[x] as number) / n);
      }
    }
    return this.out;
  }

  private columns(width: number): void {
    const w = this.out.width;
    this.srcWidth = width;
    this.colStart = new Uint16Array(w);
    this.colEnd = new Uint16Array(w);
    for (let x = 0; x < w; x++) {
      this.colStart[x] = Math.floor((x * width) / w);
      this.colEnd[x] = Math.floor(((x + 1) * width) / w);
    }
  }
}
