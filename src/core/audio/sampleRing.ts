/**
 * The last N samples of a stream, in a buffer allocated once: the mic worklet writes every render block into it
 * (nothing may be allocated per block on the audio thread) and copies a finished segment's samples out, by their
 * index in the stream, after the segmenter has decided where the segment was.
 */
export class SampleRing {
  private readonly buffer: Float32Array;
  /** Samples written since the start: the stream index of the next sample. */
  private count = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Float32Array(Math.max(1, Math.floor(capacity)));
  }

  get written(): number {
    return this.count;
  }

  /** Stream index of the oldest sample still held. */
  get oldest(): number {
    return Math.max(0, this.count - this.buffer.length);
  }

  write(block: Float32Array): void {
    const size = this.buffer.length;
    let src = 0;
    let n = block.length;
    // A block longer than the ring: only its tail can be kept.
    if (n > size) {
      src = n - size;
      this.count += src;
      n = size;
    }
    const at = this.count % size;
    const first = Math.min(n, size - at);
    this.buffer.set(block.subarray(src, src + first), at);
    if (first < n) this.buffer.set(block.subarray(src + first, src + n), 0);
    this.count += n;
  }

  /**
   * A copy of stream samples [from, to), clipped to what is still held and what has been written; null when
   * nothing of it is. The copy is the caller's (the worklet transfers it to the page).
   */
  copy(from: number, to: number): Float32Array | null {
    const a = Math.max(this.oldest, Math.floor(from));
    const b = Math.min(this.count, Math.floor(to));
    if (b <= a) return null;
    const size = this.buffer.length;
    const out = new Float32Array(b - a);
    const start = a % size;
    const first = Math.min(out.length, size - start);
    out.set(this.buffer.subarray(start, start + first), 0);
    if (first < out.length) out.set(this.buffer.subarray(0, out.length - first), first);
    return out;
  }
}
