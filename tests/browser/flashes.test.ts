import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paletteById } from '../../src/core/profile.ts';
import { luminanceOf, redSample, WCAG_GENERAL, WCAG_RED } from '../../src/core/safety/transitions.ts';
import { SCENE_CATALOGUE } from '../../src/stage/scenes/catalogue.ts';
import { strobingClip, togglingVoiceFile } from './support/adversarial.ts';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { addLearner, unlockStaff } from './support/staff.ts';

/**
 * Learner safety, measured on the frames the browser shows: with the hardest input we can give it (the camera's
 * whole picture strobing 7.5 times a second behind a waving person, a voice switching on and off ten times a
 * second, and the board tapped as fast as the test can), no area of the stage flashes more than three times in
 * any second and none makes a red flash (WCAG 2.3.1's definitions), in every scene the registry holds, in the
 * brightest palette (yellow) and the red one, at high intensity.
 */

async function togglePanel(page: Page, open: boolean): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Practitioner panel' });
  // On a machine loaded far past its cores a key press was seen to go unanswered for the whole five-minute wait
  // (and the next test's press then closed the panel it opened late): the state is read before each press, so a
  // late answer is never toggled back, and a lost press is pressed again.
  const deadline = Date.now() + 600_000;
  while ((await dialog.isVisible()) !== open) {
    if (Date.now() > deadline) throw new Error(`the practitioner panel did not ${open ? 'open' : 'close'}`);
    // A key typed into a focused select would choose an option: the hotkey is pressed with nothing focused.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('p');
    await dialog.waitFor({ state: open ? 'visible' : 'hidden', timeout: 90_000 }).catch(() => undefined);
  }
}

/** Taps the stage as fast as the test can, for at least `ms` and until `frames` stage frames were drawn. */
async function touchStorm(page: Page, ms: number, frames: number): Promise<number> {
  const box = await page.locator('#stage canvas').boundingBox();
  if (!box) throw new Error('no stage');
  const until = Date.now() + ms;
  const deadline = Date.now() + 600_000;
  let drawn = 0;
  let i = 0;
  while ((Date.now() < until || drawn < frames) && Date.now() < deadline) {
    // The same few places over and over (the worst case for any one area), and now and then anywhere.
    const x = i % 5 === 4 ? 0.15 + ((i * 37) % 70) / 100 : 0.3 + 0.1 * (i % 3);
    await page.mouse.click(box.x + box.width * x, box.y + box.height * (0.35 + 0.1 * (i % 2)));
    i++;
    await page.waitForTimeout(40);
    if (i % 5 === 0)
      drawn += await page.evaluate(() => window.attuneDiagnostics?.takeFrameTimes().length ?? 0);
  }
  return i;
}

/**
 * On a two-core machine shared with other work the stage was seen drawing one frame in two seconds, and
 * Playwright waits for a steady frame before each click: the hooks and tests get the time that takes.
 */
const SLOW_MS = 900_000;

describe('no flash and no red flash on the stage', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launch({ video: strobingClip(), audio: togglingVoiceFile(10) });
    s.page.setDefaultTimeout(300_000);
    await s.page.goto(baseUrl());
    await addLearner(s.page, 'Flash');
  }, SLOW_MS);
  afterAll(async () => {
    await s?.close();
  });

  for (const palette of [paletteById('yellow'), paletteById('red')]) {
    const channels = (c: number) => [(c >> 16) & 255, (c >> 8) & 255, c & 255] as const;
    const [pr, pg, pb] = channels(palette.primary);
    const [br, bg, bb] = channels(palette.background);
    // What the stimulus must reach somewhere on the screen: a tenth of the way from the palette's background to
    // its primary colour (a small shape lights only part of a cell, so a cell's mean is well under the colour),
    // in luminance and, in the red palette, in WCAG's red quantity. Nothing on the screen stays at the background.
    const luminanceFloor =
      luminanceOf(br, bg, bb) + 0.1 * (luminanceOf(pr, pg, pb) - luminanceOf(br, bg, bb));
    const redFloor = redSample(br, bg, bb).v + 0.1 * (redSample(pr, pg, pb).v - redSample(br, bg, bb).v);
    describe(`in ${palette.label}, high intensity`, () => {
      beforeAll(async () => {
        const { page } = s;
        await unlockStaff(page);
        await page.getByLabel('Colours').selectOption(palette.id);
        await page.getByLabel('Intensity').selectOption('high');
        await page.getByRole('button', { name: 'Start session' }).click();
        await page.getByRole('dialog', { name: 'Practitioner panel' }).waitFor({ state: 'hidden' });
        await waitFor(
          () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
          (n) => n > 0,
          'a person to be seen through the strobe',
          300_000,
        );
      }, SLOW_MS);
      afterAll(async () => {
        await togglePanel(s.page, true);
        await s.page.getByRole('button', { name: 'End session' }).click();
      }, SLOW_MS);

      for (const scene of SCENE_CATALOGUE) {
        it(
          `${scene.label}: at most 3 flashes and no red flash in any second, under strobe, voice and touch storm`,
          async () => {
            const { page } = s;
            await togglePanel(page, true);
            await page.getByLabel('Scene', { exact: true }).selectOption(scene.id);
            await togglePanel(page, false);
            await waitFor(
              () => page.evaluate(() => window.attuneDiagnostics?.sceneId() ?? ''),
              (id) => id === scene.id,
              `the ${scene.label} scene`,
              120_000,
            );
            // Frames drawn from here on are the ones the probe measures (both run on every stage frame).
            await page.evaluate(() => {
              window.attuneDiagnostics?.takeMaxFlashesPerSecond();
              window.attuneDiagnostics?.takeFrameTimes();
              window.attuneDiagnostics?.probeFlashes(true);
            });
            // Three seconds hold three whole one-second windows: unruled, the 7.5 Hz strobe alone makes seven
            // flashes in each. The storm goes on past them until 30 frames were drawn, however slow the machine.
            const taps = await touchStorm(page, 3000, 30);
            const r = await page.evaluate(() => {
              const d = window.attuneDiagnostics;
              const out = d?.takeMaxFlashesPerSecond();
              d?.probeFlashes(false);
              return out;
            });
            if (!r) throw new Error('no diagnostics');
            console.log(`${palette.id} ${scene.id}`, JSON.stringify(r), 'taps', taps);
            // Frames were really measured…
            expect(r.frames).toBeGreaterThanOrEqual(30);
            // …the stimulus really reached the screen: light, and in the red palette red, over the palette's floor.
            // Where the brightest cell stays under a definition's threshold, no flash of that kind could be
            // counted there at all: said, so that a pass is not read as more than it is.
            if (r.maxCellLuminance < WCAG_GENERAL.minChange)
              console.log(`${palette.id} ${scene.id}: no cell reached a general flash's change (0.1)`);
            if (palette.id === 'red' && r.maxCellRed <= WCAG_RED.minChange)
              console.log(`${palette.id} ${scene.id}: no cell reached a red flash's change (20)`);
            expect(r.maxCellLuminance).toBeGreaterThan(luminanceFloor);
            if (palette.id === 'red') expect(r.maxCellRed).toBeGreaterThan(redFloor);
            // …the governor saw the screen as the browser shows it (the same cells, the right way up)…
            expect(r.governed.differenceFromProbe).toBeLessThan(6);
            // …and no area flashed more than three times in any second, or made a red flash at all.
            expect(r.maxFlashes).toBeLessThanOrEqual(3);
            expect(r.maxRedFlashes).toBe(0);
          },
          SLOW_MS,
        );
      }
    });
  }
});
