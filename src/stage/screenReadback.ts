import type { Renderer, RenderTexture } from 'pixi.js';

/** The little of pixi's WebGL internals a read-back needs (pixi.js 8's ExtractSystem does the same). */
interface GlInternals {
  gl: WebGL2RenderingContext | WebGLRenderingContext;
  renderTarget: {
    getRenderTarget(t: RenderTexture): unknown;
    getGpuRenderTarget(rt: unknown): { resolveTargetFramebuffer: WebGLFramebuffer | null };
    adaptor: { bindFramebuffer(fb: WebGLFramebuffer | null): void };
  };
}

/**
 * Reads a small render texture back to the CPU without waiting for the GPU in the same frame: the pixels go into a
 * pixel buffer behind a fence, and are taken the next frame, when the GPU has long finished them. A synchronous
 * `readPixels` makes the page wait, every frame, for every draw before it (the scenes, the averaging passes):
 * on a PC without a GPU (software GL), that wait is the whole of the GPU's work, added to the page's own.
 * Where WebGL 2 is missing, `read` is synchronous.
 */
export class ScreenReadback {
  private readonly gl: WebGL2RenderingContext | null;
  private readonly buffers: (WebGLBuffer | null)[] = [];
  private readonly fences: (WebGLSync | null)[] = [];
  private readonly out: Uint8Array[] = [];

  constructor(
    private readonly renderer: Renderer,
    readonly width: number,
    readonly height: number,
    slots: number,
  ) {
    const gl = (renderer as unknown as GlInternals).gl;
    this.gl =
      typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext ? gl : null;
    for (let i = 0; i < slots; i++) {
      this.fences.push(null);
      this.out.push(new Uint8Array(width * height * 4));
      const b = this.gl?.createBuffer() ?? null;
      if (this.gl && b) {
        this.gl.bindBuffer(this.gl.PIXEL_PACK_BUFFER, b);
        this.gl.bufferData(this.gl.PIXEL_PACK_BUFFER, width * height * 4, this.gl.STREAM_READ);
        this.gl.bindBuffer(this.gl.PIXEL_PACK_BUFFER, null);
      }
      this.buffers.push(b);
    }
  }

  /** Whether `start` and `take` are asynchronous (WebGL 2); otherwise use `read`. */
  get async(): boolean {
    return this.gl !== null;
  }

  /** Starts reading `texture` (this reader's size) into slot `slot`. */
  start(texture: RenderTexture, slot: number): void {
    const gl = this.gl;
    const buffer = this.buffers[slot];
    if (!gl || !buffer) return;
    this.bind(texture);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
    gl.readPixels(0, 0, this.width, this.height, gl.RGBA, gl.UNSIGNED_BYTE, 0);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    const old = this.fences[slot];
    if (old) gl.deleteSync(old);
    this.fences[slot] = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush();
  }

  /** Whether the GPU has finished the read started into `slot`, so that `take` will not wait. */
  ready(slot: number): boolean {
    const gl = this.gl;
    const fence = this.fences[slot];
    return !!gl && !!fence && gl.getSyncParameter(fence, gl.SYNC_STATUS) === gl.SIGNALED;
  }

  /**
   * The pixels started into `slot` a frame or two ago (top row first: pixi stores render textures so). If the GPU has not finished
   * them yet, this waits for it: never more than the rest of one frame's work.
   */
  take(slot: number): Uint8Array | null {
    const gl = this.gl;
    const buffer = this.buffers[slot];
    const out = this.out[slot];
    if (!gl || !buffer || !out || !this.fences[slot]) return null;
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
    gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, out);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    return out;
  }

  /** Reads `texture` now, waiting for the GPU (top row first). */
  read(texture: RenderTexture): Uint8Array {
    const gl = (this.renderer as unknown as GlInternals).gl;
    const out = this.out[0] ?? new Uint8Array(this.width * this.height * 4);
    this.bind(texture);
    gl.readPixels(0, 0, this.width, this.height, gl.RGBA, gl.UNSIGNED_BYTE, out);
    return out;
  }

  destroy(): void {
    const gl = this.gl;
    if (!gl) return;
    for (const f of this.fences) if (f) gl.deleteSync(f);
    for (const b of this.buffers) if (b) gl.deleteBuffer(b);
  }

  private bind(texture: RenderTexture): void {
    const rts = (this.renderer as unknown as GlInternals).renderTarget;
    const target = rts.getGpuRenderTarget(rts.getRenderTarget(texture));
    // Through pixi's own binding, so that its record of the bound framebuffer stays true.
    rts.adaptor.bindFramebuffer(target.resolveTargetFramebuffer);
  }
}
