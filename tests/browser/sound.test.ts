import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderReport, RenderScenario } from './pages/soundRender.ts';
import { launch, pagesUrl, type Session } from './support/browser.ts';

/**
 * Attune's sound rendered offline in Chromium (Tone.Offline), driven by the same core decisions a session uses:
 * under the adversarial input of the flash test (answers ten times a second, movement strobing on and off every
 * frame, taps twenty times a second) it stays under the practitioner's volume cap and never starts a sound
 * faster than 30 ms; movement alone is heard; silence is silent.
 */
describe('the sound, rendered offline', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launch({ noDevices: true });
    await s.page.goto(`${pagesUrl()}/tests/browser/pages/soundRender.html`, { timeout: 300_000 });
    await s.page.waitForFunction(() => window.renderSound !== undefined, undefined, { timeout: 300_000 });
  });
  afterAll(async () => {
    await s?.close();
  });

  const render = (scenario: RenderScenario): Promise<RenderReport> =>
    s.page.evaluate((sc) => {
      if (!window.renderSound) throw new Error('no renderer');
      return window.renderSound(sc);
    }, scenario);

  it('measures onsets truly: a bare 1 ms click is called fast', async () => {
    const r = await render({
      seconds: 1.5,
      volume: 1,
      answersPerSecond: 0,
      movement: 'none',
      tapsPerSecond: 0,
      click: true,
    });
    console.log('click', JSON.stringify(r));
    expect(r.peakDbfs).toBeGreaterThan(-3);
    expect(r.onsets).toBe(1);
    expect(r.fastestOnsetMs).toBeLessThan(10);
  });

  for (const volume of [1, 0.4]) {
    it(`stays under the volume cap at volume ${volume} with no onset under 30 ms, under voice, movement and touch storms`, async () => {
      // In bursts of 1.5 s every 4.5 s, so that everything starts at once from quiet again and again.
      const r = await render({
        seconds: 10,
        volume,
        answersPerSecond: 10,
        movement: 'strobing',
        tapsPerSecond: 20,
        burstMs: 1500,
        periodMs: 4500,
      });
      console.log(`storm at ${volume}`, JSON.stringify(r));
      // Loud enough that the cap was really tested: the chain was driven into its limiter…
      expect(r.peakDbfs).toBeGreaterThan(r.capDbfs - 6);
      // …and never above the cap.
      expect(r.peakDbfs).toBeLessThanOrEqual(r.capDbfs);
      // Every burst's start was an onset from quiet, and none rose faster than 30 ms.
      expect(r.onsets).toBeGreaterThanOrEqual(3);
      expect(r.fastestOnsetMs).toBeGreaterThanOrEqual(30);
      // At most one touch note in 300 ms of twenty taps a second.
      expect(r.touchNotes).toBeLessThanOrEqual(3 * Math.ceil(1500 / 300));
      expect(r.touchNotes).toBeGreaterThanOrEqual(9);
    });
  }

  it('starts every sound of its own over at least 30 ms: an answer, a touch note, the movement tone', async () => {
    const alone = { seconds: 8, volume: 1, answersPerSecond: 0, movement: 'none', tapsPerSecond: 0 } as const;
    const answers = await render({ ...alone, answersPerSecond: 0.3 });
    const touches = await render({ ...alone, tapsPerSecond: 0.3 });
    console.log('answers', JSON.stringify(answers), 'touches', JSON.stringify(touches));
    for (const r of [answers, touches]) {
      expect(r.onsets).toBeGreaterThanOrEqual(2);
      expect(r.fastestOnsetMs).toBeGreaterThanOrEqual(30);
    }
  });

  it('makes sound from movement alone, and none from nothing', async () => {
    const moving = await render({
      seconds: 3,
      volume: 0.8,
      answersPerSecond: 0,
      movement: 'steady',
      tapsPerSecond: 0,
    });
    const still = await render({
      seconds: 3,
      volume: 0.8,
      answersPerSecond: 0,
      movement: 'none',
      tapsPerSecond: 0,
    });
    console.log('movement', JSON.stringify(moving), 'nothing', JSON.stringify(still));
    expect(moving.rmsDbfs).toBeGreaterThan(-45);
    expect(moving.onsets).toBe(1);
    expect(moving.fastestOnsetMs).toBeGreaterThanOrEqual(30);
    expect(still.peakDbfs).toBeLessThan(-80);
  });
});
