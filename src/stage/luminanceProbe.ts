import { type ColourFrame, cellMeans } from '../core/safety/flashCounter.ts';

/** The probe reads the frame at this many pixels per cell each way, then averages them all in each cell. */
const READ_PER_CELL = 8;

/**
 * Reads back each rendered stage frame, as the browser shows it, as the mean colour of each cell of a coarse
 * grid, for the flash tests and the safety check in the benchmark: a measurement independent of the governor's
 * own (which is taken before the frame reaches the screen). Off unless asked for: a read-back stalls the GPU.
 */
export class LuminanceProbe {
  private readonly small: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private frames: ColourFrame[] = [];
  on = false;

  constructor(
    private readonly source: HTMLCanvasElement,
    readonly cols = 16,
    readonly rows = 9,
  ) {
    this.small = document.createElement('canvas');
    this.small.width = cols * READ_PER_CELL;
    this.small.height = rows * READ_PER_CELL;
    this.ctx = this.small.getContext('2d', { willReadFrequently: true });
  }

  /** Call right after the stage has rendered, in the same task, while the drawing buffer still holds it. */
  sample(tMs: number): void {
    if (!this.on || !this.ctx) return;
    // High quality scaling averages (mipmaps) rather than picking a few pixels; the cells then average the rest.
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.imageSmoothingQuality = 'high';
    this.ctx.drawImage(this.source, 0, 0, this.small.width, this.small.height);
    const rgba = this.ctx.getImageData(0, 0, this.small.width, this.small.height).data;
    this.frames.push({
      tMs,
      rgb: cellMeans(rgba, this.small.width, this.small.height, this.cols, this.rows),
    });
    if (this.frames.length > 36_000) this.frames.splice(0, this.frames.length - 36_000);
  }

  take(): ColourFrame[] {
    return this.frames.splice(0, this.frames.length);
  }
}
