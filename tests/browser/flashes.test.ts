import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { makePulsingMicFile, y4mFromClip } from './support/media.ts';
import { addLearner } from './support/staff.ts';

/**
 * Learner safety, measured on rendered frames: with the hardest input we can give it (a person waving, a
 * voice switching on and off four times a second, and the board tapped eight times a second), no area of the
 * stage flashes more than three times in any second (WCAG 2.3.1).
 */
describe('the stage never flashes more than three times a second', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('under a waving person, a pulsing voice and rapid taps', async () => {
    s = await launch({
      video: y4mFromClip('tests/fixtures/clip-webcam-wave.mp4'),
      audio: makePulsingMicFile(),
    });
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, 'Jo');
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
      (n) => n > 0,
      'pose',
      60_000,
    );
    // Frames drawn from here on are the ones the probe measures (both run on every stage frame).
    await page.evaluate(() => {
      window.attuneDiagnostics?.takeFrameTimes();
      window.attuneDiagnostics?.probeFlashes(true);
    });
    const box = await page.locator('#stage canvas').boundingBox();
    if (!box) throw new Error('no stage');
    // Taps for 6 s, and on a heavily shared machine (seen drawing 5 frames a second; alone, this one draws 30-60)
    // until at least 20 frames were drawn: how fast the stage draws is for the benchmark to say
    // (`npx tsx scripts/bench.ts stage`), not this test.
    const until = Date.now() + 6000;
    const deadline = Date.now() + 60_000;
    let drawn = 0;
    let i = 0;
    while ((Date.now() < until || drawn < 20) && Date.now() < deadline) {
      // Tap the same few places over and over: the worst case for any one area.
      await page.mouse.click(box.x + box.width * (0.3 + 0.1 * (i % 3)), box.y + box.height * 0.5);
      i++;
      await page.waitForTimeout(125);
      drawn += await page.evaluate(() => window.attuneDiagnostics?.takeFrameTimes().length ?? 0);
    }
    const r = await page.evaluate(() => window.attuneDiagnostics?.takeMaxFlashesPerSecond());
    if (!r) throw new Error('no diagnostics');
    console.log('flash probe', JSON.stringify(r), 'taps', i, 'frames drawn', drawn);
    // Frames were really measured…
    expect(r.frames).toBeGreaterThanOrEqual(20);
    // …the stimulus really reached the screen (or this test could not fail)…
    expect(r.maxCellLuminance).toBeGreaterThan(0.1);
    // …and no area flashed more than three times in any second.
    expect(r.maxFlashes).toBeLessThanOrEqual(3);
  });
});
