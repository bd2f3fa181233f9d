import type { Page } from 'playwright-core';

/**
 * References measured in the same browser in the same run, so that figures from a shared, noisy machine can
 * be read as ratios: the display's own frame period (a bare requestAnimationFrame loop on an empty page) and a
 * fixed JavaScript workload (the same every run). Leaves the page on the blank reference page.
 */
export async function measureReferences(
  page: Page,
  url: string,
): Promise<{ bare: number[]; cpuRefMs: number }> {
  await keepNamesInPage(page);
  await page.goto(`${url}/tests/browser/pages/blank.html`);
  const bare = await page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const out: number[] = [];
        let last = performance.now();
        const end = last + ms;
        const tick = (t: number) => {
          out.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else resolve(out.slice(5));
        };
        requestAnimationFrame(tick);
      }),
    5000,
  );
  const cpuRefMs = await measureCpuRef(page);
  return { bare, cpuRefMs };
}

/**
 * tsx compiles benches with esbuild's keepNames, which wraps functions in a `__name` helper that does not exist
 * in the page; an identity stand-in, in every page opened from now on, lets the same functions run there.
 */
export async function keepNamesInPage(page: Page): Promise<void> {
  await page.context().addInitScript({ content: 'globalThis.__name = (f) => f;' });
}

/**
 * The fixed JavaScript workload alone, in whatever page is open: the median of seven runs, in ms. A bench whose
 * timings are spread over minutes takes it beside each timing, since a shared machine's load moves meanwhile.
 */
export function measureCpuRef(page: Page): Promise<number> {
  return page.evaluate(() => {
    const runs: number[] = [];
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      let acc = 0;
      const a = new Float32Array(65536);
      for (let i = 0; i < a.length; i++) a[i] = Math.sin(i);
      for (let k = 0; k < 60; k++)
        for (let i = 0; i < a.length; i++) acc += (a[i] ?? 0) * (a[(i * 7) & 65535] ?? 0);
      runs.push(performance.now() - t0 + (acc > 1e30 ? 1 : 0));
    }
    runs.sort((x, y) => x - y);
    return runs[3] ?? Number.NaN;
  });
}
