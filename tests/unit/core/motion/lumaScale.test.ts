import { describe, expect, it } from 'vitest';
import { LumaScaler } from '../../../../src/core/motion/lumaScale.ts';
import { gaussian, rng } from '../../support/synth.ts';

const small = () => ({ width: 160, height: 120, data: new Uint8Array(160 * 120) });

describe('luma scaler', () => {
  it('averages each 4x4 footprint of a 640x480 plane, honouring the row stride', () => {
    const stride = 648;
    const src = new Uint8Array(stride * 480);
    for (let y = 0; y < 480; y++) for (let x = 0; x < 640; x++) src[y * stride + x] = (x + y) % 256;
    // Bytes past the row's end must not be read.
    for (let y = 0; y < 480; y++) for (let x = 640; x < stride; x++) src[y * stride + x] = 255;
    const out = new LumaScaler(small()).scale(src, 640, 480, stride);
    for (const [x, y] of [
      [0, 0],
      [10, 7],
      [159, 119],
    ] as const) {
      let sum = 0;
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) sum += (4 * x + dx + 4 * y + dy) % 256;
      expect(out.data[y * 160 + x]).toBe(Math.round(sum / 16));
    }
  });

  it('averages sensor noise down (sigma 3 becomes about 0.75 at 4x4)', () => {
    const n = gaussian(rng(7));
    const src = new Uint8Array(640 * 480).map(() => Math.max(0, Math.min(255, Math.round(128 + 3 * n()))));
    const out = new LumaScaler(small()).scale(src, 640, 480, 640);
    const mean = out.data.reduce((a, b) => a + b, 0) / out.data.length;
    const sd = Math.sqrt(out.data.reduce((a, b) => a + (b - mean) ** 2, 0) / out.data.length);
    expect(mean).toBeCloseTo(128, 0);
    expect(sd).toBeLessThan(1);
  });

  it('shrinks sizes that are not a whole multiple (1280x720) and a plane at an offset', () => {
    const src = new Uint8Array(100 + 1280 * 720).fill(200, 100);
    const out = new LumaScaler(small()).scale(src, 1280, 720, 1280, 100);
    expect(out.data.every((v) => v === 200)).toBe(true);
  });
});
