import { LumaScaler } from '../core/motion/lumaScale.ts';
import { type LumaFrame, MotionEnergyAnalyser } from '../core/motion/motionEnergy.ts';

/**
 * Shrinks each camera frame to a small grey copy for motion energy. The arithmetic is pure and lives in
 * src/core/motion; this adapter only gets the pixels out of the frame. A camera's YUV frame already holds the
 * grey picture (its Y plane): copied out and area-averaged that takes about a millisecond. Drawing the frame
 * into a canvas and reading it back instead (colour conversion, then Rec. 601 luma) took 80 ms a frame in a
 * worker on this machine with software WebGL (measured), so the canvas is only for frames that are not YUV
 * (ImageBitmaps, RGB frames).
 */
export const MOTION_WIDTH = 160;
export const MOTION_HEIGHT = 120;

/** 8-bit formats whose first plane is the luma, full size. */
const LUMA_FIRST = new Set(['I420', 'I420A', 'I422', 'I422A', 'I444', 'I444A', 'NV12']);

export class MotionMeter {
  private readonly frame: LumaFrame = {
    width: MOTION_WIDTH,
    height: MOTION_HEIGHT,
    data: new Uint8Array(MOTION_WIDTH * MOTION_HEIGHT),
  };
  private readonly scaler = new LumaScaler(this.frame);
  private canvas: OffscreenCanvasRenderingContext2D | null | undefined;
  private planes = new Uint8Array(0);
  private yuvFailed = false;
  readonly analyser = new MotionEnergyAnalyser();

  /**
   * Energy of the busiest grid cell: "something moved somewhere", so a finger is not diluted by the whole
   * frame. 0 on the first frame. Does not close the image.
   */
  async measure(image: ImageBitmap | VideoFrame, tMs: number): Promise<number> {
    let grey: LumaFrame | null = null;
    if (!this.yuvFailed && isVideoFrame(image) && image.format && LUMA_FIRST.has(image.format)) {
      try {
        grey = await this.fromYuv(image);
      } catch (error) {
        // A frame whose pixels cannot be copied out (e.g. held on a GPU): the canvas reads it, from now on.
        console.warn('motion: copying the luma plane failed, drawing frames instead:', error);
        this.yuvFailed = true;
      }
    }
    grey ??= this.fromCanvas(image);
    if (!grey) return 0;
    const result = this.analyser.push(grey, tMs);
    return result.ready ? result.maxCell : 0;
  }

  private async fromYuv(f: VideoFrame): Promise<LumaFrame> {
    // copyTo copies the visible rectangle, each plane at the offset and stride it reports.
    const size = f.allocationSize();
    if (this.planes.length < size) this.planes = new Uint8Array(size);
    const [luma] = await f.copyTo(this.planes);
    const width = f.visibleRect?.width ?? f.codedWidth;
    const height = f.visibleRect?.height ?? f.codedHeight;
    return this.scaler.scale(this.planes, width, height, luma?.stride ?? width, luma?.offset ?? 0);
  }

  private fromCanvas(image: ImageBitmap | VideoFrame): LumaFrame | null {
    if (this.canvas === undefined)
      this.canvas = new OffscreenCanvas(MOTION_WIDTH, MOTION_HEIGHT).getContext('2d', {
        willReadFrequently: true,
      });
    const ctx = this.canvas;
    if (!ctx) return null;
    ctx.drawImage(image, 0, 0, MOTION_WIDTH, MOTION_HEIGHT);
    const rgba = ctx.getImageData(0, 0, MOTION_WIDTH, MOTION_HEIGHT).data;
    const grey = this.frame.data;
    for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
      // Rec. 601 luma in integer arithmetic.
      grey[i] = ((rgba[j] ?? 0) * 77 + (rgba[j + 1] ?? 0) * 150 + (rgba[j + 2] ?? 0) * 29) >> 8;
    }
    return this.frame;
  }
}

function isVideoFrame(image: ImageBitmap | VideoFrame): image is VideoFrame {
  return typeof VideoFrame === 'function' && image instanceof VideoFrame;
}
