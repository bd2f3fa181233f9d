import { startApp } from '../../tests/browser/support/appServer.ts';
import { DEFAULT_VIEWPORT, launch, openApp, waitFor } from '../../tests/browser/support/browser.ts';
import { makeMicFile } from '../../tests/browser/support/media.ts';
import { wavingClip } from '../../tests/browser/support/visionClips.ts';
import { measureReferences } from './references.ts';
import { fmt, median, quantile } from './stats.ts';

const WARM_UP_MS = 8000;
const MEASURE_MS = 20_000;

/**
 * The vision path during a fake-camera session (a real clip of a woman waving at known times, generated
 * vocalisations), headless Chromium: each model's time, frames analysed per second, motion frames per second
 * (motion energy is measured on every camera frame in a worker of its own), the stage's frame time while
 * everything runs, and motion to picture: from a camera frame's capture time to the start of the first stage
 * frame that draws the pose found in it (window.attuneDiagnostics.takeMotionToPictureMs). References from the
 * same browser in the same run: a bare requestAnimationFrame loop on an empty page, and a fixed CPU workload.
 */
export async function runVisionBench(): Promise<void> {
  const app = await startApp();
  const url = app.url;
  const s = await launch({ video: wavingClip().path, audio: makeMicFile().path, viewport: DEFAULT_VIEWPORT });
  try {
    const { page } = s;
    const { bare, cpuRefMs } = await measureReferences(page, url);

    await openApp(page, url);
    // The dev server compiles the app on first request: slow on a loaded machine.
    await page.getByLabel('New learner (pseudonym)').waitFor({ timeout: 120_000 });
    await page.getByLabel('New learner (pseudonym)').fill('Bench');
    await page.getByRole('button', { name: 'Add learner' }).click();
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
      (n) => n > 0,
      'pose',
      90_000,
    );
    const status = await page.locator('ul.status').textContent();
    await page.waitForTimeout(WARM_UP_MS);
    const before = await page.evaluate(() => {
      const d = window.attuneDiagnostics;
      d?.takeFrameTimes();
      d?.takeMotionToPictureMs();
      const v = d?.visionStats();
      return {
        frames: v?.frames ?? 0,
        runs: {
          pose: v?.modelMs.pose.length ?? 0,
          face: v?.modelMs.face.length ?? 0,
          motion: v?.modelMs.motion.length ?? 0,
        },
        camera: v?.camera.presentedFrames ?? 0,
        motion: { frames: v?.motion.frames ?? 0, skipped: v?.motion.skipped ?? 0 },
      };
    });
    await page.waitForTimeout(MEASURE_MS);
    const r = await page.evaluate(() => {
      const d = window.attuneDiagnostics;
      const v = d?.visionStats();
      return {
        frameTimes: d?.takeFrameTimes() ?? [],
        latency: d?.takeMotionToPictureMs() ?? [],
        frames: v?.frames ?? 0,
        inferenceMs: v?.inferenceMs ?? [],
        modelMs: v?.modelMs ?? { pose: [], face: [], motion: [] },
        camera: v?.camera.presentedFrames ?? 0,
        motion: { frames: v?.motion.frames ?? 0, skipped: v?.motion.skipped ?? 0 },
        motionReplyPerfMs: v?.motion.replyPerfMs ?? [],
        motionSource: v?.motion.source ?? 'none',
      };
    });
    const secs = MEASURE_MS / 1000;
    const analysed = r.frames - before.frames;
    const bareMedian = median(bare);
    const bareP95 = quantile(bare, 0.95);
    console.log('\n## Vision during a fake-camera session (headless Chromium, software WebGL, 2 cores)');
    console.log(`panel status: ${status?.replace(/\s+/g, ' ')}`);
    console.log(
      `reference: bare rAF frame ${fmt(bareMedian)} ms median, ${fmt(bareP95)} ms p95; fixed CPU workload ${fmt(cpuRefMs)} ms`,
    );
    for (const m of ['pose', 'face', 'motion'] as const) {
      // Motion is not a model: it runs on every camera frame, in its own worker.
      const all = r.modelMs[m];
      const runs = all.length - before.runs[m];
      const ms = all.slice(-runs);
      console.log(
        `${m.padEnd(6)}: median ${fmt(median(ms))} ms (${fmt(median(ms) / cpuRefMs, 2)}x CPU reference), p95 ${fmt(quantile(ms, 0.95))} ms, ${fmt(runs / secs)} runs/s`,
      );
    }
    const whole = r.inferenceMs.slice(-analysed);
    console.log(
      `frames analysed: ${fmt(analysed / secs)} per second of ${fmt((r.camera - before.camera) / secs)} camera frames per second; worker time per frame median ${fmt(median(whole))} ms, p95 ${fmt(quantile(whole, 0.95))} ms`,
    );
    const motionFrames = r.motion.frames - before.motion.frames;
    const replies = r.motionReplyPerfMs.slice(-motionFrames);
    const gaps = replies.slice(1).map((t, i) => t - (replies[i] ?? t));
    console.log(
      `motion frames measured (frames from the ${r.motionSource === 'track' ? 'camera track' : 'page'}): ${fmt(motionFrames / secs)} per second (frames analysed by the models: ${fmt(analysed / secs)} per second); frames the page skipped (page-fed path only): ${r.motion.skipped - before.motion.skipped}; gap between motion frames median ${fmt(median(gaps))} ms, p95 ${fmt(quantile(gaps, 0.95))} ms, max ${fmt(Math.max(...gaps))} ms`,
    );
    const f = r.frameTimes;
    console.log(
      `stage frame time while all run: median ${fmt(median(f))} ms (${fmt(median(f) / bareMedian, 2)}x bare rAF), p95 ${fmt(quantile(f, 0.95))} ms (${fmt(quantile(f, 0.95) / bareP95, 2)}x), frames over 33 ms: ${fmt((100 * f.filter((x) => x > 33).length) / Math.max(1, f.length))} %`,
    );
    const l = r.latency;
    console.log(
      `motion to picture (capture time to the stage frame drawing its pose), n=${l.length}: min ${fmt(Math.min(...l))}, p25 ${fmt(quantile(l, 0.25))}, median ${fmt(median(l))}, p75 ${fmt(quantile(l, 0.75))}, p95 ${fmt(quantile(l, 0.95))}, max ${fmt(Math.max(...l))} ms (floor: camera frame period 33.3 ms + one display frame ${fmt(bareMedian)} ms)`,
    );
  } finally {
    await s.close();
    await app.close();
  }
}
