import { afterEach, describe, expect, it } from 'vitest';
import type { MovementEvent } from '../../src/core/events.ts';
import { baseUrl, launch, type Session } from './support/browser.ts';
import { makeMicFile } from './support/media.ts';
import { alignToLoop } from './support/timing.ts';
import { smallHandClip, stillPersonClip, type VisionClip, wavingClip } from './support/visionClips.ts';
import { endSession, loggedEvents, startSession } from './support/visionSession.ts';

/**
 * Movement bursts from the fake camera, end to end: clips made from real footage by the project's own
 * generator (tests/browser/support/visionClips.ts), with the truth of when something moves. Bursts are read
 * from the log the app wrote.
 */

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Runs a session on a clip for `ms` after the first pose, and returns its movement events (session clock). */
async function movementsOn(
  clip: VisionClip,
  ms: number,
): Promise<{ moves: MovementEvent[]; motionSeen: number }> {
  s = await launch({ video: clip.path, audio: makeMicFile().path });
  const { page } = s;
  await page.goto(baseUrl());
  await startSession(page, 'Sam');
  let motionSeen = 0;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await page.waitForTimeout(100);
    motionSeen = Math.max(
      motionSeen,
      await page.evaluate(() => window.attuneDiagnostics?.motionRatio() ?? 0),
    );
  }
  await endSession(page);
  const { events } = await loggedEvents(page);
  const moves = events.filter((e): e is MovementEvent => e.kind === 'movement');
  console.log(
    `${clip.path}: movement events`,
    JSON.stringify(moves.map((m) => [Math.round(m.startMs), Math.round(m.endMs), m.party])),
  );
  return { moves, motionSeen };
}

describe('movement bursts from a fake camera', () => {
  it('a person holding still gives no movement burst', async () => {
    const { moves } = await movementsOn(stillPersonClip(), 15_000);
    expect(moves).toEqual([]);
  });

  it('a person waving gives bursts at the right times, within 200 ms, all the learner', async () => {
    const clip = wavingClip();
    const { moves } = await movementsOn(clip, 27_000);
    // Bursts cut at the session start or end are not compared (their true edges are outside the session).
    const whole = moves.filter((m) => m.startMs > 0);
    expect(whole.every((m) => m.party === 'learner')).toBe(true);
    const result = alignToLoop(whole, clip.moving, clip.durationMs, 200);
    console.log('alignment', JSON.stringify(result));
    expect(result.unmatchedDetected).toEqual([]);
    expect(result.matched).toBeGreaterThanOrEqual(3);
    expect(result.maxStartErrorMs).toBeLessThanOrEqual(200);
    expect(result.maxEndErrorMs).toBeLessThanOrEqual(200);
  });

  it('a hand moving a few centimetres is caught by motion energy', async () => {
    const clip = smallHandClip();
    const { moves, motionSeen } = await movementsOn(clip, 27_000);
    expect(motionSeen).toBeGreaterThan(1);
    const whole = moves.filter((m) => m.startMs > 0);
    const result = alignToLoop(whole, clip.moving, clip.durationMs, 200);
    console.log('alignment', JSON.stringify(result));
    expect(result.unmatchedDetected).toEqual([]);
    expect(result.matched).toBeGreaterThanOrEqual(3);
    expect(result.maxStartErrorMs).toBeLessThanOrEqual(200);
  });
});
