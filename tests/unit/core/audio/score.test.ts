import { describe, expect, it } from 'vitest';
import { poolScores, scoreSegments } from '../../../../src/core/audio/score.ts';

describe('scoreSegments', () => {
  it('matches a detection whose onset is within 150 ms and covers half the true segment', () => {
    const s = scoreSegments([{ startMs: 1000, endMs: 2000 }], [{ startMs: 1140, endMs: 1700 }]);
    expect(s.truePositives).toBe(1);
    expect(s.f1).toBe(1);
    expect(s.onsetErrorsMs).toEqual([140]);
  });

  it('rejects a detection whose onset is more than 150 ms off', () => {
    const s = scoreSegments([{ startMs: 1000, endMs: 2000 }], [{ startMs: 1160, endMs: 2000 }]);
    expect(s.truePositives).toBe(0);
    expect(s.falsePositives).toBe(1);
    expect(s.falseNegatives).toBe(1);
    expect(s.f1).toBe(0);
  });

  it('rejects a detection covering less than half of the true segment', () => {
    const s = scoreSegments([{ startMs: 1000, endMs: 2000 }], [{ startMs: 1000, endMs: 1400 }]);
    expect(s.truePositives).toBe(0);
  });

  it('lets one detection match only one true segment', () => {
    const truth = [
      { startMs: 1000, endMs: 1200 },
      { startMs: 1250, endMs: 1400 },
    ];
    const s = scoreSegments(truth, [{ startMs: 1000, endMs: 1400 }]);
    expect(s.truePositives).toBe(1);
    expect(s.falseNegatives).toBe(1);
    expect(s.f1).toBeCloseTo(2 / 3);
  });

  it('reports the median onset error', () => {
    const truth = [0, 1000, 2000].map((t) => ({ startMs: t, endMs: t + 500 }));
    const det = [10, 1030, 2100].map((t) => ({ startMs: t, endMs: t + 500 }));
    expect(scoreSegments(truth, det).medianOnsetErrorMs).toBe(30);
  });
});

describe('poolScores', () => {
  it('adds the counts of several recordings, so F1 is over all their segments', () => {
    const a = scoreSegments([{ startMs: 0, endMs: 500 }], [{ startMs: 10, endMs: 500 }]);
    const b = scoreSegments(
      [
        { startMs: 0, endMs: 500 },
        { startMs: 1000, endMs: 1500 },
      ],
      [
        { startMs: 30, endMs: 500 },
        { startMs: 3000, endMs: 3500 },
      ],
    );
    const p = poolScores([a, b]);
    expect([p.truePositives, p.falsePositives, p.falseNegatives]).toEqual([2, 1, 1]);
    expect(p.f1).toBeCloseTo(4 / 6);
    expect(p.onsetErrorsMs).toEqual([10, 30]);
    expect(p.medianOnsetErrorMs).toBe(20);
  });
});
