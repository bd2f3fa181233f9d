import { type LuminanceFrame, relativeLuminance } from '../core/safety/flashCounter.ts';

/**
 * Reads back each rendered stage frame as a coarse grid of relative luminance, for the flash test and the
 * safety check in the benchmark. Off unless asked for: a read-back stalls the GPU pipeline.
 */
export class LuminanceProbe {
  private readonly small: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private frames: LuminanceFrame[] = [];
  on = false;

  constructor(
    private readonly source: HTMLCanvasElement,
    cols = 16,
    rows = 9,
  ) {
    this.small = document.createElement('canvas');
    this.small.width = cols;
    this.small.height = rows;
    this.ctx = this.small.getContext('2d', { willReadFrequently: true });
  }

  /** Call right after the stage has rendered, in the same task, while the drawing buffer still holds it. */
  sample(tMs: number): void {
    if (!this.on || !this.ctx) return;
    // Averaging down to the grid is what the browser's scaler does well; each cell is then one area of screen.
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.imageSmoothingQuality = 'low';
    this.ctx.drawImage(this.source, 0, 0, this.small.width, this.small.height);
    const rgba = this.ctx.getImageData(0, 0, this.small.width, this.small.height).data;
    this.frames.push({ tMs, cells: relativeLuminance(rgba) });
    if (this.frames.length > 36_000) this.frames.splice(0, this.frames.length - 36_000);
  }

  take(): LuminanceFrame[] {
    return this.frames.splice(0, this.frames.length);
  }
}
