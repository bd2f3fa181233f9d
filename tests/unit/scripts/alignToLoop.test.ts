import { describe, expect, it } from 'vitest';
import { alignToLoop, vocalDetected } from '../../browser/support/timing.ts';

/** The browser tests' timing check: detections against a looped file's truth, after one shared offset. */
describe('alignToLoop', () => {
  const truth = [
    { startMs: 1000, endMs: 1500 },
    { startMs: 4000, endMs: 4800 },
  ];

  it('finds the loop offset and the largest start and end errors after it', () => {
    const detected = [
      { startMs: 3020, endMs: 3510 },
      { startMs: 6000, endMs: 6900 },
      { startMs: 13_010, endMs: 13_500 },
    ];
    const r = alignToLoop(detected, truth, 10_000, 150);
    expect(r.matched).toBe(3);
    expect(r.unmatchedDetected).toEqual([]);
    // 2010 rather than 2000: of the offsets matching all three, the one whose onsets fit best (10 ms at most).
    expect(r.offsetMs).toBe(2010);
    expect(r.maxStartErrorMs).toBe(10);
    expect(r.maxEndErrorMs).toBe(90);
  });

  it('lets a vocalisation that lost audio be out by as much as it lost, and no more', () => {
    const late = { kind: 'vocal', startMs: 6000, endMs: 7019, missingAudioMs: 220 };
    const detected = [{ startMs: 3000, endMs: 3500 }, vocalDetected(late)];
    expect(detected[1]).toEqual({ startMs: 6000, endMs: 7019, slackMs: 220 });
    const r = alignToLoop(detected, truth, 10_000, 150);
    expect(r.matched).toBe(2);
    // 219 ms long at the end, 220 ms of audio missing: within what it may be out by.
    expect(r.maxEndErrorMs).toBeLessThanOrEqual(0);
    // The same error with nothing missing is an error.
    const strict = alignToLoop(
      [{ startMs: 3000, endMs: 3500 }, vocalDetected({ startMs: 6000, endMs: 7019 })],
      truth,
      10_000,
      150,
    );
    expect(strict.maxEndErrorMs).toBe(219);
  });
});
