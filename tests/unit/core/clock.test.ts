import { describe, expect, it } from 'vitest';
import { clockOffset, SessionClock } from '../../../src/core/clock.ts';

describe('the session clock', () => {
  it('counts from the session start', () => {
    const c = new SessionClock(1000);
    expect(c.fromPerf(1250)).toBe(250);
    expect(c.toPerf(250)).toBe(1250);
  });

  it('maps another clock from one paired reading', () => {
    const offset = clockOffset(5000, 12_000);
    expect(5100 + offset).toBe(12_100);
  });
});
