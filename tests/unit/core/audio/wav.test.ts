import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, WavError } from '../../../../src/core/audio/wav.ts';

function tone(n: number, hz: number, sr: number, amp = 0.5): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = amp * Math.sin((2 * Math.PI * hz * i) / sr);
  return x;
}

describe('decodeWav', () => {
  for (const enc of ['int16', 'int24', 'float32'] as const) {
    it(`reads ${enc} mono at any rate`, () => {
      const x = tone(2205, 440, 22050);
      const d = decodeWav(encodeWav([x], 22050, enc));
      expect(d.sampleRate).toBe(22050);
      expect(d.format).toBe(enc === 'float32' ? 'float' : 'int');
      expect(d.samples.length).toBe(2205);
      expect(d.durationMs).toBeCloseTo(100);
      const tol = enc === 'int16' ? 1e-4 : 1e-6;
      for (let i = 0; i < x.length; i += 97)
        expect(Math.abs((d.samples[i] ?? 0) - (x[i] ?? 0))).toBeLessThan(tol);
    });
  }

  it('mixes stereo to mono', () => {
    const l = new Float32Array([0.5, 0.5, -0.5]);
    const r = new Float32Array([0.1, -0.5, -0.5]);
    const d = decodeWav(encodeWav([l, r], 48000, 'float32'));
    expect(d.channels).toBe(2);
    expect(Array.from(d.samples).map((v) => Math.round(v * 100) / 100)).toEqual([0.3, 0, -0.5]);
  });

  it('skips unknown chunks before the data', () => {
    const plain = encodeWav([tone(100, 100, 8000)], 8000);
    const extra = new Uint8Array(plain.length + 10);
    extra.set(plain.subarray(0, 36));
    extra.set([0x4c, 0x49, 0x53, 0x54, 2, 0, 0, 0, 7, 7], 36); // a 2-byte LIST chunk
    extra.set(plain.subarray(36), 46);
    expect(decodeWav(extra).samples.length).toBe(100);
  });

  it('refuses an empty file with a clear error', () => {
    expect(() => decodeWav(new Uint8Array(0))).toThrow(new WavError('empty file'));
  });

  it('refuses a file that is not a WAV', () => {
    expect(() => decodeWav(new TextEncoder().encode('hello, this is not audio'))).toThrow(/not a WAV/);
  });

  it('refuses a WAV with a header but no samples', () => {
    const header = encodeWav([new Float32Array(0)], 16000);
    expect(() => decodeWav(header)).toThrow(/no samples/);
  });

  it('refuses a WAV without a data chunk', () => {
    const w = encodeWav([tone(10, 100, 8000)], 8000).slice(0, 36);
    expect(() => decodeWav(w)).toThrow(/no data chunk/);
  });

  it('refuses an unsupported encoding by name', () => {
    const w = encodeWav([tone(10, 100, 8000)], 8000);
    new DataView(w.buffer).setUint16(20, 6, true); // A-law
    expect(() => decodeWav(w)).toThrow(/format tag 6/);
  });
});
