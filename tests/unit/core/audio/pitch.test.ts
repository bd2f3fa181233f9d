import { describe, expect, it } from 'vitest';
import { Decimator, McLeodPitch } from '../../../../src/core/audio/pitch.ts';

function harmonicWindow(f0: number, sr: number): Float32Array {
  const n = 704;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++)
    for (let h = 1; h <= 6; h++)
      if (h * f0 < sr / 2) x[i] = (x[i] ?? 0) + Math.sin((2 * Math.PI * h * f0 * i) / sr + h) / h;
  return x;
}

function detectAt16k(f0: number): number | null {
  const d = new Decimator(16000);
  const p = new McLeodPitch(d.outputRate, Math.round(d.outputRate * 0.04));
  const x = harmonicWindow(f0, 16000);
  const y: number[] = [];
  for (const v of x) {
    const o = d.process(v);
    if (!Number.isNaN(o)) y.push(o);
  }
  return p.detect(y.slice(y.length - p.windowLength)).pitchHz;
}

describe('McLeodPitch after decimation to ~8 kHz', () => {
  for (const f0 of [85, 120, 220, 310, 480, 760, 950, 1240, 1480]) {
    it(`finds ${f0} Hz within 3 %, not an octave off`, () => {
      const hz = detectAt16k(f0);
      expect(hz).not.toBeNull();
      expect(Math.abs((hz ?? 0) - f0) / f0).toBeLessThan(0.03);
    });
  }

  it('reports no pitch for silence', () => {
    const p = new McLeodPitch(8000, 320);
    expect(p.detect(new Float32Array(320)).pitchHz).toBeNull();
  });
});
