import type { LumaFrame } from '../../../src/core/motion/motionEnergy.ts';

/** Deterministic generators for motion tests: a textured still scene, camera noise, lighting, a small blob. */

/** mulberry32: small, seeded, good enough for test noise. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(1e-12, rand());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** A smooth, textured background (a room), values roughly 40..200. */
export function texturedBackground(width: number, height: number, seed: number): Float32Array {
  const rand = rng(seed);
  const bg = new Float32Array(width * height);
  const waves = Array.from({ length: 6 }, () => ({
    fx: (rand() * 6 + 1) / width,
    fy: (rand() * 6 + 1) / height,
    ph: rand() * 6.28,
    amp: 10 + rand() * 15,
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 120;
      for (const w of waves) v += w.amp * Math.sin(2 * Math.PI * (w.fx * x + w.fy * y) + w.ph);
      bg[y * width + x] = v;
    }
  }
  return bg;
}

export interface Blob {
  x: number;
  y: number;
  size: number;
  /** Luma added over the background. */
  contrast: number;
}

export interface SceneOptions {
  width: number;
  height: number;
  /** Camera noise, luma levels (sigma). */
  noiseSigma: number;
  /** Multiplicative light level at time t (slow ramps, exposure steps). */
  gainAt?: (tMs: number) => number;
  offsetAt?: (tMs: number) => number;
  seed: number;
}

/** Renders frames into one reused buffer (as the browser adapter does). */
export class SceneRenderer {
  readonly frame: LumaFrame;
  private readonly bg: Float32Array;
  private readonly layer: Float32Array;
  /** Gaussian noise drawn once and read at a random offset per frame: the tests spend their time elsewhere. */
  private readonly noiseTable: Float32Array;
  private readonly rand: () => number;

  constructor(private readonly o: SceneOptions) {
    this.bg = texturedBackground(o.width, o.height, o.seed);
    this.layer = new Float32Array(o.width * o.height);
    this.rand = rng(o.seed + 1);
    const g = gaussian(this.rand);
    this.noiseTable = new Float32Array(1 << 18);
    for (let i = 0; i < this.noiseTable.length; i++) this.noiseTable[i] = g();
    this.frame = { width: o.width, height: o.height, data: new Uint8Array(o.width * o.height) };
  }

  render(tMs: number, blobs: readonly Blob[]): LumaFrame {
    const { width: w, height: h, noiseSigma } = this.o;
    const gain = this.o.gainAt?.(tMs) ?? 1;
    const offset = this.o.offsetAt?.(tMs) ?? 0;
    this.layer.set(this.bg);
    for (const b of blobs) addBlob(this.layer, w, h, b);
    const out = this.frame.data;
    const table = this.noiseTable;
    const mask = table.length - 1;
    const start = Math.floor(this.rand() * table.length);
    const stride = 1 + 2 * Math.floor(this.rand() * 1000);
    for (let i = 0; i < w * h; i++) {
      const noise = table[(start + i * stride) & mask] as number;
      const v = (this.layer[i] as number) * gain + offset + noiseSigma * noise;
      out[i] = Math.max(0, Math.min(255, Math.round(v)));
    }
    return this.frame;
  }
}

/** Adds a square blob with exact area coverage, so sub-pixel positions move smoothly. */
function addBlob(layer: Float32Array, w: number, h: number, b: Blob): void {
  const x0 = Math.floor(b.x);
  const y0 = Math.floor(b.y);
  for (let y = y0; y <= Math.ceil(b.y + b.size); y++) {
    for (let x = x0; x <= Math.ceil(b.x + b.size); x++) {
      if (x < 0 || y < 0 || x >= w || y >= h) continue;
      const cx = Math.max(0, Math.min(x + 1, b.x + b.size) - Math.max(x, b.x));
      const cy = Math.max(0, Math.min(y + 1, b.y + b.size) - Math.max(y, b.y));
      const i = y * w + x;
      layer[i] = (layer[i] as number) + b.contrast * cx * cy;
    }
  }
}
