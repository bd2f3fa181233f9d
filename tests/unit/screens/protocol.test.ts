import { describe, expect, it } from 'vitest';
import { applyLive, shiftClock } from '../../../src/screens/protocol.ts';
import { createLiveSignals } from '../../../src/state/live.ts';

describe('live signals between two windows', () => {
  it('moves a time from one window’s clock onto the other’s', () => {
    // The panel's window started 2 s (of wall clock) before the stage's: its 5000 ms is the stage's 3000 ms.
    expect(shiftClock(5000, 1_000_000, 1_002_000)).toBe(3000);
    expect(shiftClock(3000, 1_002_000, 1_000_000)).toBe(5000);
  });

  it('copies every signal, moving each performance-clock time and filling arrays in place', () => {
    const here = createLiveSignals();
    const pose = here.pose;
    const sent = createLiveSignals();
    sent.pose[0] = 0.25;
    sent.poseCount = 1;
    sent.poseFramePerfMs = 5000;
    sent.stageGain = 0.3;
    sent.people = [{ box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, identity: 'learner' }];
    const withAnswer = sent as unknown as Record<string, unknown>;
    withAnswer.answer = { pitchHz: 220, startPerfMs: 4000, endPerfMs: 4500 };
    withAnswer.addedLater = { atPerfMs: 4800, level: 0.5 };
    applyLive(here, sent, 1_000_000, 1_002_000);
    expect(here.pose).toBe(pose);
    expect(here.pose[0]).toBe(0.25);
    expect(here.poseCount).toBe(1);
    expect(here.poseFramePerfMs).toBe(3000);
    expect(here.stageGain).toBe(0.3);
    expect(here.people).toEqual(sent.people);
    const got = here as unknown as Record<string, unknown>;
    expect(got.answer).toEqual({ pitchHz: 220, startPerfMs: 2000, endPerfMs: 2500 });
    // A signal added later, named by the convention, is moved too without a change to the protocol.
    expect(got.addedLater).toEqual({ atPerfMs: 2800, level: 0.5 });
  });
});
