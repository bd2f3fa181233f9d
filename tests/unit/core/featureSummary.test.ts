import { describe, expect, it } from 'vitest';
import { FeatureSummariser, SAMPLES_PER_CHUNK } from '../../../src/core/featureSummary.ts';

describe('feature summaries', () => {
  it('hands back one chunk a second of ten samples, stamped with its first sample', () => {
    const s = new FeatureSummariser();
    const chunks = [];
    for (let i = 0; i < 25; i++) {
      const c = s.add(i * 100, -40 - i, i / 10);
      if (c) chunks.push(c);
    }
    expect(chunks.map((c) => c.startMs)).toEqual([0, 1000]);
    expect(chunks[0]?.levelDbfs).toHaveLength(SAMPLES_PER_CHUNK);
    expect(s.flush()?.levelDbfs).toHaveLength(5);
    expect(s.flush()).toBeNull();
  });

  it('stores silence as -120 dBFS and rounds to what a review chart needs', () => {
    const s = new FeatureSummariser();
    s.add(0, Number.NEGATIVE_INFINITY, Number.NaN);
    s.add(100, -33.333, 1.23456);
    const c = s.flush();
    expect(c?.levelDbfs).toEqual([-120, -33.3]);
    expect(c?.motion).toEqual([0, 1.23]);
  });
});
