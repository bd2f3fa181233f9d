import { describe, expect, it } from 'vitest';
import { DEFAULT_VISION_PACER_PARAMS, VisionPacer } from '../../../../src/core/motion/visionPacer.ts';

const { firstGapMs, maxGapMs, recoverAfterMs } = DEFAULT_VISION_PACER_PARAMS;

describe('the vision pacer gives way to the sound', () => {
  it('sends every frame while the sound runs clean', () => {
    const p = new VisionPacer();
    for (let t = 0; t < 1000; t += 33) expect(p.take(t)).toBe(true);
  });

  it('doubles the gap between frames at each underrun, up to its ceiling', () => {
    const p = new VisionPacer();
    p.underrun(0);
    expect(p.gapMs(0)).toBe(firstGapMs);
    p.underrun(10);
    expect(p.gapMs(10)).toBe(firstGapMs * 2);
    for (let i = 0; i < 10; i++) p.underrun(20);
    expect(p.gapMs(20)).toBe(maxGapMs);
  });

  it('sends at most one frame per gap', () => {
    const p = new VisionPacer();
    p.underrun(0);
    let sent = 0;
    for (let t = 0; t < 1000; t += 10) if (p.take(t)) sent++;
    expect(sent).toBe(1000 / firstGapMs);
  });

  it('halves the gap after each clean stretch, back to every frame', () => {
    const p = new VisionPacer();
    p.underrun(0);
    p.underrun(0);
    p.underrun(0);
    expect(p.gapMs(0)).toBe(firstGapMs * 4);
    expect(p.gapMs(recoverAfterMs - 1)).toBe(firstGapMs * 4);
    expect(p.gapMs(recoverAfterMs)).toBe(firstGapMs * 2);
    expect(p.gapMs(2 * recoverAfterMs)).toBe(firstGapMs);
    expect(p.gapMs(3 * recoverAfterMs)).toBe(0);
  });

  it('starts the clean stretch again at each underrun', () => {
    const p = new VisionPacer();
    p.underrun(0);
    p.underrun(recoverAfterMs - 1);
    expect(p.gapMs(recoverAfterMs + 100)).toBe(firstGapMs * 2);
  });
});
