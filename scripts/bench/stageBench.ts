import type { Page } from 'playwright-core';
import { SCENE_CATALOGUE } from '../../src/stage/scenes/catalogue.ts';
import { startApp } from '../../tests/browser/support/appServer.ts';
import { DEFAULT_VIEWPORT, launch, openApp, waitFor } from '../../tests/browser/support/browser.ts';
import { makeMicFile, y4mFromClip } from '../../tests/browser/support/media.ts';
import { measureReferences } from './references.ts';
import { fmt, median, quantile } from './stats.ts';

const WARM_UP_MS = 6000;
const MEASURE_MS = 10_000;
/** Each scene and way of governing is drawn this long after it is chosen (a fade-in over) and then measured this long. */
const SCENE_SETTLE_MS = 1500;
const SCENE_MEASURE_MS = 6000;

/**
 * The stage's frame time and the vision worker's time per frame during a fake-camera session (a real clip of a
 * person waving, and generated vocalisations), in headless Chromium. The machine is shared and noisy, so each
 * figure is also given as a ratio to a reference measured in the same browser in the same run: a bare
 * requestAnimationFrame loop on an empty page (the display's own frame period) for frame times, and a fixed
 * JavaScript workload for the vision worker's CPU.
 */
export async function runStageBench(): Promise<void> {
  // ATTUNE_URL: a development server already running (its first compile done), as for the screenshots.
  const app = process.env.ATTUNE_URL ? null : await startApp();
  const url = process.env.ATTUNE_URL ?? app?.url ?? '';
  const s = await launch({
    video: y4mFromClip('tests/fixtures/clip-webcam-wave.mp4'),
    audio: makeMicFile().path,
    // Figures comparable with earlier runs: a whiteboard-sized window, not the tests' smaller camera window.
    viewport: DEFAULT_VIEWPORT,
  });
  try {
    const { page } = s;
    // A shared machine under load can take longer than an action's usual 30 s to answer a click.
    page.setDefaultTimeout(180_000);
    const { bare, cpuRefMs } = await measureReferences(page, url);

    await openApp(page, url);
    await page.getByLabel('New learner (pseudonym)').fill('Bench');
    await page.getByRole('button', { name: 'Add learner' }).click();
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
      (n) => n > 0,
      'pose',
      60_000,
    );
    await page.waitForTimeout(WARM_UP_MS);
    const before = await page.evaluate(() => {
      window.attuneDiagnostics?.takeFrameTimes();
      return window.attuneDiagnostics?.visionStats().frames ?? 0;
    });
    await page.waitForTimeout(MEASURE_MS);
    const result = await page.evaluate(() => {
      const d = window.attuneDiagnostics;
      const v = d?.visionStats() ?? { frames: 0, inferenceMs: [] };
      return { frames: d?.takeFrameTimes() ?? [], visionFrames: v.frames, visionMs: v.inferenceMs };
    });
    const analysed = result.visionFrames - before;
    const visionMs = result.visionMs.slice(-analysed);
    const stageMedian = median(result.frames);
    const stageP95 = quantile(result.frames, 0.95);
    const bareMedian = median(bare);
    const bareP95 = quantile(bare, 0.95);
    console.log('\n## Stage and vision during a fake-camera session (headless Chromium, software WebGL)');
    console.log(
      `reference: bare rAF frame ${fmt(bareMedian)} ms median, ${fmt(bareP95)} ms p95; fixed CPU workload ${fmt(cpuRefMs)} ms`,
    );
    console.log(
      `stage frame time: median ${fmt(stageMedian)} ms (${fmt(stageMedian / bareMedian, 2)}x bare rAF), p95 ${fmt(stageP95)} ms (${fmt(stageP95 / bareP95, 2)}x), ${fmt(1000 / stageMedian)} fps, frames over 33 ms: ${fmt((100 * result.frames.filter((f) => f > 33).length) / Math.max(1, result.frames.length))} %`,
    );
    console.log(
      `vision worker (pose and face on a budget, CPU): median ${fmt(median(visionMs))} ms/frame (${fmt(median(visionMs) / cpuRefMs, 2)}x CPU reference), p95 ${fmt(quantile(visionMs, 0.95))} ms; ${fmt(analysed / (MEASURE_MS / 1000))} frames analysed per second`,
    );
    await benchScenes(page, bareMedian);
  } finally {
    await s.close();
    await app?.close();
  }
}

/** How the screen is governed in each measurement: as shipped (read back in the frame), a frame late, ungoverned. */
const MODES = ['sync', 'delayed', 'off'] as const;

/**
 * Every scene in turn, chosen under "Scene" during the same session as a practitioner does, and in each scene the
 * governor as shipped (the grid read back in the same frame), read back a frame late, and off (the scenes straight
 * to the screen; a benchmark switch, never in the app): frame time, and motion to picture on the motion grid's
 * path (the camera frame's capture to the end of drawing the first stage frame on the screen that drew its light;
 * every camera frame, no model), beside the pose's path (capture to the first frame that showed its landmarks),
 * and how many frames the governor held some area back on. Ratios are to the bare rAF frame of the same run: the
 * display's own period, which with one camera frame period (33 ms at 30 fps) is the floor of any motion to
 * picture. Off is a floor, not a like-for-like figure: the page does not wait for the GPU there, so its motion to
 * picture leaves out the drawing the GPU has still to do, which the governed read-back includes.
 */
async function benchScenes(page: Page, bareMedian: number): Promise<void> {
  console.log(
    `\n## Each scene (${SCENE_MEASURE_MS / 1000} s each way; ratios to the bare rAF frame, ${fmt(bareMedian)} ms)`,
  );
  console.log(
    '| scene | governor | frame p50 ms (x bare) | frame p95 | motion grid to picture p50 ms (x bare) | p95 (x bare) | pose to picture p50 | p95 | frames held |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const scene of SCENE_CATALOGUE) {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('p');
    await page.getByLabel('Scene', { exact: true }).selectOption({ label: scene.label });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('p');
    await page.getByRole('dialog', { name: 'Practitioner panel' }).waitFor({ state: 'hidden' });
    for (const mode of MODES) {
      await page.evaluate((m) => window.attuneDiagnostics?.governorMode(m), mode);
      await page.waitForTimeout(SCENE_SETTLE_MS);
      const held0 = await page.evaluate(() => {
        const d = window.attuneDiagnostics;
        d?.takeFrameTimes();
        d?.takeMotionLightMs();
        d?.takeMotionToPictureMs();
        return d?.governorFrames() ?? { frames: 0, heldFrames: 0 };
      });
      await page.waitForTimeout(SCENE_MEASURE_MS);
      const r = await page.evaluate(() => {
        const d = window.attuneDiagnostics;
        return {
          id: d?.sceneId() ?? '',
          frames: d?.takeFrameTimes() ?? [],
          light: d?.takeMotionLightMs() ?? [],
          pose: d?.takeMotionToPictureMs() ?? [],
          governed: d?.governorFrames() ?? { frames: 0, heldFrames: 0 },
        };
      });
      if (r.id !== scene.id) throw new Error(`the stage drew ${r.id}, not ${scene.id}`);
      const f50 = median(r.frames);
      const l50 = median(r.light);
      const l95 = quantile(r.light, 0.95);
      const governed = r.governed.frames - held0.frames;
      const held = r.governed.heldFrames - held0.heldFrames;
      console.log(
        `| ${scene.label} | ${mode} | ${fmt(f50)} (${fmt(f50 / bareMedian, 2)}x) | ${fmt(quantile(r.frames, 0.95))} | ${fmt(l50)} (${fmt(l50 / bareMedian, 2)}x) | ${fmt(l95)} (${fmt(l95 / bareMedian, 2)}x) | ${fmt(median(r.pose))} | ${fmt(quantile(r.pose, 0.95))} | ${mode === 'off' ? '-' : `${held} of ${governed}`} |`,
      );
    }
    await page.evaluate(() => window.attuneDiagnostics?.governorMode('sync'));
  }
}
