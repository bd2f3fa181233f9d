import { startApp } from '../../tests/browser/support/appServer.ts';
import { launch, openApp, waitFor } from '../../tests/browser/support/browser.ts';
import { makeMicFile, y4mFromClip } from '../../tests/browser/support/media.ts';
import { measureReferences } from './references.ts';
import { fmt, median, quantile } from './stats.ts';

const WARM_UP_MS = 6000;
const MEASURE_MS = 20_000;

/**
 * The stage's frame time and the vision worker's time per frame during a fake-camera session (a real clip of a
 * person waving, and generated vocalisations), in headless Chromium. The machine is shared and noisy, so each
 * figure is also given as a ratio to a reference measured in the same browser in the same run: a bare
 * requestAnimationFrame loop on an empty page (the display's own frame period) for frame times, and a fixed
 * JavaScript workload for the vision worker's CPU.
 */
export async function runStageBench(): Promise<void> {
  const app = await startApp();
  const url = app.url;
  const s = await launch({
    video: y4mFromClip('tests/fixtures/clip-webcam-wave.mp4'),
    audio: makeMicFile().path,
  });
  try {
    const { page } = s;
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
  } finally {
    await s.close();
    await app.close();
  }
}
