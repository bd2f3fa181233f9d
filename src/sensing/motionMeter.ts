import { type LumaFrame, MotionEnergyAnalyser } from '../core/motion/motionEnergy.ts';

/**
 * Shrinks each camera frame to a small grey copy for motion energy. The arithmetic is pure and lives in
 * src/core/motion; this adapter only owns the OffscreenCanvas that does the shrinking.
 */
export const MOTION_WIDTH = 160;
export const MOTION_HEIGHT = 120;

export class MotionMeter {
  private readonly canvas = new OffscreenCanvas(MOTION_WIDTH, MOTION_HEIGHT);
  private readonly ctx = this.canvas.getContext('2d', { willReadFrequently: true });
  private readonly frame: LumaFrame = {
    width: MOTION_WIDTH,
    height: MOTION_HEIGHT,
    data: new Uint8Array(MOTION_WIDTH * MOTION_HEIGHT),
  };
  readonly analyser = new MotionEnergyAnalyser();

  /**
   * Energy of the busiest grid cell: "something moved somewhere", so a finger is not diluted by the whole
   * frame. 0 on the first frame.
   */
  measure(bitmap: ImageBitmap, tMs: number): number {
    if (!this.ctx) return 0;
    this.ctx.drawImage(bitmap, 0, 0, MOTION_WIDTH, MOTION_HEIGHT);
    const rgba = this.ctx.getImageData(0, 0, MOTION_WIDTH, MOTION_HEIGHT).data;
    const grey = this.frame.data;
    for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
      // Rec. 601 luma in integer arithmetic.
      grey[i] = ((rgba[j] ?? 0) * 77 + (rgba[j + 1] ?? 0) * 150 + (rgba[j + 2] ?? 0) * 29) >> 8;
    }
    const result = this.analyser.push(this.frame, tMs);
    return result.ready ? result.maxCell : 0;
  }
}
