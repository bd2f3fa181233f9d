import { afterAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/events.ts';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { makeMicFile } from './support/media.ts';
import { wavingClip } from './support/visionClips.ts';
import {
  endSession,
  loggedEvents,
  sessionOriginPerf,
  startSession,
  waitForLogged,
} from './support/visionSession.ts';

/**
 * Pulling the camera mid-session: the session carries on with the microphone, the panel says so in plain
 * words, and a camera made available again is picked up without restarting the session.
 */
describe('camera pulled mid-session', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('keeps the session running and logging voice, says so, and resumes when the camera is back', async () => {
    const mic = makeMicFile();
    s = await launch({ video: wavingClip().path, audio: mic.path });
    const { page } = s;
    await page.goto(baseUrl());
    await startSession(page, 'Ash');
    const pulledAt = await page.evaluate(() => {
      window.attuneDiagnostics?.pullCamera();
      return performance.now();
    });
    expect(pulledAt).toBeGreaterThan(0);
    // The panel, opened with its key, says what happened in plain words.
    await page.keyboard.press('p');
    const status = page.locator('ul.status');
    await waitFor(
      () => status.textContent().then((t) => t ?? ''),
      (t) => /camera was disconnected/i.test(t),
      'the camera message',
    );
    expect(await status.textContent().then((t) => t ?? '')).toMatch(
      /carries on with the microphone and touch/,
    );
    expect(await page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? -1)).toBe(0);
    await page.keyboard.press('p');
    // A full pass of the 10 s microphone file with no camera: each of its vocalisations logged after the pull.
    // Waited for, not slept for: on a loaded machine the log can lag the microphone by seconds.
    const during = await loggedEvents(page);
    const originPerf = await sessionOriginPerf(page, during.startedAt);
    const pulledSessionMs = pulledAt - originPerf;
    const vocalAfter = (e: LogEvent) => e.kind === 'vocal' && e.startMs > pulledSessionMs + 500;
    await waitForLogged(
      page,
      vocalAfter,
      mic.vocalisations.length,
      `${mic.vocalisations.length} vocalisations logged with the camera pulled`,
    );

    // Plugged back in: the same session sees people again.
    const framesBefore = await page.evaluate(() => window.attuneDiagnostics?.visionStats().frames ?? 0);
    const pluggedAt = await page.evaluate(() => {
      window.attuneDiagnostics?.plugCameraBack();
      return performance.now();
    });
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
      (n) => n > 0,
      'pose after the camera is back',
      60_000,
    );
    // New frames reach the models again (waited for: the first may take a moment on a busy machine).
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.visionStats().frames ?? 0),
      (n) => n > framesBefore,
      'the models to see frames again',
      30_000,
    );
    await page.keyboard.press('p');
    await waitFor(
      () => status.textContent().then((t) => t ?? ''),
      (t) => /Camera: on/.test(t),
      'the camera to show as on',
    );
    await page.keyboard.press('p');
    // Movement logged again once the camera is back (a burst is written when it ends).
    const pluggedSessionMs = pluggedAt - originPerf;
    const movedAfter = (e: LogEvent) => e.kind === 'movement' && e.startMs > pluggedSessionMs;
    await waitForLogged(page, movedAfter, 1, 'movement to be logged after the camera is back');
    await endSession(page);
    const after = await loggedEvents(page);
    expect(after.startedAt).toBe(during.startedAt);
    expect(after.events.filter(movedAfter).length).toBeGreaterThan(0);
  });
});
