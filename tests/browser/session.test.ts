import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttuneExport } from '../../src/core/exportFormat.ts';
import { baseUrl, brightnessAround, launch, type Session, waitFor } from './support/browser.ts';
import { type MicFile, makeMicFile, y4mFromClip } from './support/media.ts';
import { addLearner, endSessionAndExport } from './support/staff.ts';
import { alignToLoop, vocalDetected } from './support/timing.ts';

/**
 * The whole path, driven like a practitioner: a real clip of a person waving as the camera, generated
 * vocalisations with known times as the microphone; add a learner, run a session, end it, review, export.
 */
describe('a session from camera and microphone to the log', () => {
  let s: Session;
  let mic: MicFile;
  let exported: AttuneExport;
  const handBrightness = { before: 0, during: 0, far: 0 };
  let soundPeakDbfs = Number.NEGATIVE_INFINITY;
  let sessionMs = 0;

  beforeAll(async () => {
    mic = makeMicFile();
    const video = y4mFromClip('tests/fixtures/clip-webcam-wave.mp4');
    s = await launch({ video, audio: mic.path });
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, 'Robin');

    const stage = page.locator('#stage canvas');
    const brightnessAt = (x: number, y: number) => brightnessAround(page, x, y);
    await stage.waitFor();
    // As a practitioner does, start once the meters are live: the voice path needs a few seconds of the room
    // to know its noise floor (in its first second a segment can start early in the noise).
    await waitFor(
      () => page.getByRole('meter', { name: 'Voice level' }).getAttribute('aria-valuetext'),
      (t) => /threshold -\d+ dB/.test(t ?? '') && !(t ?? '').includes('-120'),
      'the voice meter to be live',
    );
    await page.waitForTimeout(3000);

    await page.getByRole('button', { name: 'Start session' }).click();
    const started = Date.now();
    // Landmarks found on the real clip.
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
      (n) => n > 0,
      'pose landmarks',
      60_000,
    );
    // Where a hand is drawn, the stage lights up; a point far from both hands stays dark.
    // The hand keeps moving between reading where it is drawn and taking the screenshot (on a loaded machine
    // that can be a few hundred ms), so look five times and keep the brightest look at the hand.
    const box = await stage.boundingBox();
    for (let look = 0; look < 5; look++) {
      const hand = await waitFor(
        () => page.evaluate(() => window.attuneDiagnostics?.handsOnStage().find((h) => h !== null) ?? null),
        (h) => h !== null,
        'a hand on the stage',
      );
      if (!hand) throw new Error('no hand on stage');
      handBrightness.during = Math.max(handBrightness.during, await brightnessAt(hand.x, hand.y));
      const farX = hand.x < (box?.width ?? 1280) / 2 ? (box?.width ?? 1280) - 40 : 40;
      handBrightness.far = Math.max(handBrightness.far, await brightnessAt(farX, (box?.height ?? 720) - 40));
      await page.waitForTimeout(300);
    }

    // Let the 10 s microphone file play through at least once in full, and sample the sound output meanwhile: for
    // 11 s at least, as on a loaded machine the looks above can outlast the session's first 23 s (a whole run once
    // sampled nothing at all).
    const sampleUntil = Math.max(started + 23_000, Date.now() + 11_000);
    while (Date.now() < sampleUntil) {
      await page.waitForTimeout(250);
      const peak = await page.evaluate(
        () => window.attuneDiagnostics?.takeSoundPeakDbfs() ?? Number.NEGATIVE_INFINITY,
      );
      soundPeakDbfs = Math.max(soundPeakDbfs, peak);
    }
    sessionMs = Date.now() - started;
    exported = await endSessionAndExport(page);
  });

  afterAll(async () => {
    await s?.close();
  });

  it('finds body landmarks and lights the stage where the hands are', () => {
    expect(handBrightness.during).toBeGreaterThan(handBrightness.far + 20);
  });

  it('answers a vocalisation with sound from Tone.js', () => {
    expect(soundPeakDbfs).toBeGreaterThan(-50);
  });

  it("logs the file's vocalisations at the right times, within 150 ms", () => {
    // A vocalisation already under way at Start is cut to begin at 0 (its true onset is before the session),
    // and one still under way at End is cut short by it: neither can be compared with the file.
    const meta = exported.sessions[0]?.meta;
    const sessionEndMs =
      meta?.endedAt && meta.startedAt ? meta.endedAt - meta.startedAt : Number.POSITIVE_INFINITY;
    const vocal = (exported.sessions[0]?.events ?? []).flatMap((e) =>
      e.kind === 'vocal' && e.startMs > 0 && e.endMs < sessionEndMs - 1500 ? [vocalDetected(e)] : [],
    );
    const result = alignToLoop(vocal, mic.vocalisations, mic.durationMs, 150);
    console.log('vocal events', JSON.stringify(vocal), 'alignment', JSON.stringify(result));
    // Every vocalisation in every full pass of the file is found, and nothing else.
    expect(result.unmatchedDetected).toEqual([]);
    expect(result.matched).toBeGreaterThanOrEqual(
      mic.vocalisations.length * Math.floor((sessionMs - 2000) / mic.durationMs),
    );
    expect(result.maxStartErrorMs).toBeLessThanOrEqual(150);
    expect(result.maxEndErrorMs).toBeLessThanOrEqual(150);
  });

  it('lists the session in review and exports its events', () => {
    expect(exported.format).toBe('attune-export');
    expect(exported.learner.pseudonym).toBe('Robin');
    const events = exported.sessions[0]?.events ?? [];
    expect(events.some((e) => e.kind === 'vocal')).toBe(true);
    expect(events.some((e) => e.kind === 'movement')).toBe(true);
    expect(events.some((e) => e.kind === 'response' && e.party === 'system')).toBe(true);
  });

  it('sends no request to any origin but its own', () => {
    const origin = new URL(baseUrl()).origin;
    const foreign = s.requests
      .map((r) => r.url())
      .filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
    expect(foreign).toEqual([]);
    expect(s.requests.length).toBeGreaterThan(10);
  });
});
