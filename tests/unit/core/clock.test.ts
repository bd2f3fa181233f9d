import { describe, expect, it } from 'vitest';
import { audioToPerf, SessionClock } from '../../../src/core/clock.ts';
import type { MovementEvent, TagEvent } from '../../../src/core/events.ts';

describe('the session clock', () => {
  it('counts from the session start', () => {
    const c = new SessionClock(1000);
    expect(c.fromPerf(1250)).toBe(250);
    expect(c.toPerf(250)).toBe(1250);
  });

  it('moves an event onto the session clock, keeping every other field', () => {
    const c = new SessionClock(1000);
    const e: MovementEvent<number> = {
      kind: 'movement',
      party: 'learner',
      startMs: 1200,
      endMs: 1900,
      peakEnergy: 2,
    };
    expect(c.toSession(e)).toEqual({
      kind: 'movement',
      party: 'learner',
      startMs: 200,
      endMs: 900,
      peakEnergy: 2,
    });
  });

  it('counts an activity that began before the start from 0, and drops one that ended before it', () => {
    const c = new SessionClock(1000);
    expect(c.toSession({ startMs: 400, endMs: 1500 })).toEqual({ startMs: 0, endMs: 500 });
    expect(c.toSession({ startMs: 400, endMs: 1000 })).toBeNull();
  });

  it('drops a tag stamped before the start and moves one after it', () => {
    const c = new SessionClock(1000);
    const tag = (atMs: number): TagEvent<number> => ({ kind: 'tag', atMs, tag: 'best-moment' });
    expect(c.toSession(tag(999))).toBeNull();
    expect(c.toSession(tag(1500))).toEqual(tag(500));
  });
});

describe('the audio clock', () => {
  it('maps onto the performance clock through one paired reading', () => {
    expect(audioToPerf(5100, { audioMs: 5000, perfMs: 12_000 })).toBe(12_100);
  });
});
