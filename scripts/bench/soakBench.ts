import { startApp } from '../../tests/browser/support/appServer.ts';
import { DEFAULT_VIEWPORT, launch, openApp, waitFor } from '../../tests/browser/support/browser.ts';
import { makeMicFile, y4mFromClip } from '../../tests/browser/support/media.ts';
import { addLearner } from '../../tests/browser/support/staff.ts';
import { measureReferences } from './references.ts';
import { fmt, median, quantile } from './stats.ts';

/** `npm run bench -- soak [minutes]`: 30 minutes unless said otherwise. Not part of `npm run bench`. */
const DEFAULT_MINUTES = 30;
/** Each figure is read over this long at the start and again at the end. */
const WINDOW_MS = 60_000;

interface Reading {
  heapMb: number;
  /** How late a 50 ms timer fired, ms: the main thread's event-loop delay. */
  loopDelayMs: number[];
  underrunEvents: number | null;
  underrunMs: number | null;
  frameMs: number[];
  events: number;
}

/**
 * A long session with the fake camera (a person waving) and microphone (vocalisations): what the page holds in
 * its JavaScript heap, how late its event loop runs, whether the audio output underruns, and the stage's frame
 * time, over a minute at the start and a minute at the end. A leak shows as heap growth; a slow build-up of
 * work as later timers and frames. Figures are printed, not judged; the machine's speed is given as a same-run
 * CPU reference.
 */
export async function runSoakBench(minutes = DEFAULT_MINUTES): Promise<void> {
  const app = await startApp();
  const s = await launch({
    video: y4mFromClip('tests/fixtures/clip-webcam-wave.mp4'),
    audio: makeMicFile().path,
    viewport: DEFAULT_VIEWPORT,
    args: ['--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  try {
    const { page } = s;
    const { cpuRefMs } = await measureReferences(page, app.url);
    await openApp(page, app.url);
    await addLearner(page, 'Soak');
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
      (n) => n > 0,
      'pose',
      120_000,
    );
    const startedAt = Date.now();
    const first = await read(page);
    const endAt = startedAt + minutes * 60_000;
    while (Date.now() < endAt - WINDOW_MS) {
      await page.waitForTimeout(Math.min(60_000, endAt - WINDOW_MS - Date.now()));
      const mins = ((Date.now() - startedAt) / 60_000).toFixed(0);
      process.stdout.write(`soak: ${mins} of ${minutes} min\r`);
    }
    const last = await read(page);
    console.log(`\n## Soak: a ${minutes}-minute session with the fake camera and microphone`);
    console.log(`reference: fixed CPU workload ${fmt(cpuRefMs)} ms`);
    for (const [name, r] of [
      ['first minute', first],
      ['last minute', last],
    ] as const) {
      console.log(
        `${name}: heap ${fmt(r.heapMb)} MB; event-loop delay median ${fmt(median(r.loopDelayMs))} ms, p99 ${fmt(quantile(r.loopDelayMs, 0.99))} ms, max ${fmt(Math.max(...r.loopDelayMs))} ms; stage frame median ${fmt(median(r.frameMs))} ms, p95 ${fmt(quantile(r.frameMs, 0.95))} ms; audio underruns so far ${r.underrunEvents ?? 'not reported'} (${r.underrunMs === null ? '-' : `${fmt(r.underrunMs)} ms`}); events logged ${r.events}`,
      );
    }
    console.log(
      `growth over the session: heap ${fmt(last.heapMb - first.heapMb)} MB (${fmt(last.heapMb / first.heapMb, 2)}x); underruns ${
        last.underrunEvents === null || first.underrunEvents === null
          ? 'not reported'
          : last.underrunEvents - first.underrunEvents
      }`,
    );
  } finally {
    await s.close();
    await app.close();
  }
}

/** A minute of readings: event-loop delay and frame times through the minute, heap and counters at its end. */
async function read(page: import('playwright-core').Page): Promise<Reading> {
  await page.evaluate(() => window.attuneDiagnostics?.takeFrameTimes());
  const loopDelayMs = await page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const out: number[] = [];
        const end = performance.now() + ms;
        const next = () => {
          const due = performance.now() + 50;
          setTimeout(() => {
            const now = performance.now();
            out.push(Math.max(0, now - due));
            if (now < end) next();
            else resolve(out);
          }, 50);
        };
        next();
      }),
    WINDOW_MS,
  );
  return page.evaluate((delays) => {
    // Collected first where the browser allows it, so that the heap figure is what is kept, not garbage.
    (globalThis as { gc?: () => void }).gc?.();
    const d = window.attuneDiagnostics;
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    const audio = d?.audioPlayback() ?? null;
    const counts = document.querySelector('.counts')?.textContent ?? '';
    const events = [...counts.matchAll(/(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
    return {
      heapMb: (memory?.usedJSHeapSize ?? 0) / (1024 * 1024),
      loopDelayMs: delays,
      underrunEvents: audio?.underrunEvents ?? null,
      underrunMs: audio ? audio.underrunDuration * 1000 : null,
      frameMs: d?.takeFrameTimes() ?? [],
      events,
    };
  }, loopDelayMs);
}
