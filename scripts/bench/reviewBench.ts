import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type {
  LongSeed,
  ProgressBreakdown,
  SchoolSeed,
  SessionPageBreakdown,
} from '../../tests/browser/pages/reviewBench.ts';
import { startApp } from '../../tests/browser/support/appServer.ts';
import { launch, openApp, waitFor } from '../../tests/browser/support/browser.ts';
import { enterStaffPin } from '../../tests/browser/support/staff.ts';
import { keepNamesInPage, measureCpuRef } from './references.ts';
import { fmt, median } from './stats.ts';

const LEARNERS = 60;
const SESSIONS = 100;
/** The timed learner's sessions: half an hour each. The others': two minutes (the overview reads no events). */
const FULL_MINUTES = 30;
const SHORT_MINUTES = 2;
const RUNS = 6;
/** The school overview's target, from click to table drawn. */
const OVERVIEW_TARGET_MS = 2000;
/** A session page's target, from click to timeline and figures drawn, for a session this long. */
const LONG_HOURS = 6;
const SESSION_PAGE_TARGET_MS = 1000;
/** A learner's progress charts' target, from click to charts drawn, for a learner with `SESSIONS` sessions. */
const PROGRESS_TARGET_MS = 1000;
/**
 * With ATTUNE_BENCH_PROFILE set, each timed step's first run is also recorded by Chromium's CPU profiler: the
 * functions taking the most time are printed, and the whole profile saved in .tmp/ for DevTools.
 */
const PROFILE = Boolean(process.env.ATTUNE_BENCH_PROFILE);

/**
 * Review at the size of a school: sixty learners with a hundred sessions each, put into the app's log through
 * its own import, then, in the app itself behind the staff PIN, the time from a click on School overview until
 * its table is drawn, and from a click on Export progress CSV until the file is saved, for a learner with a
 * hundred half-hour sessions. Each is also given as a ratio to a fixed JavaScript workload run in the same page
 * just before it, because the machine is shared and its load moves over the minutes the bench takes.
 */
export async function runReviewBench(): Promise<void> {
  const app = await startApp();
  try {
    // ATTUNE_REVIEW_BENCH=session or =school runs one part alone (the school's seeding takes minutes).
    const part = process.env.ATTUNE_REVIEW_BENCH;
    if (part !== 'school') await runSessionPageBench(app.url);
    if (part !== 'session') await runSchoolBench(app.url);
  } finally {
    await app.close();
  }
}

/**
 * A session's page for a six-hour session, in a profile of its own: the time from a click on Open session until
 * the page has read the session (events, and the voice level and movement of every second) and drawn its
 * timeline and figures, as a ratio to the same-run CPU reference.
 */
export async function runSessionPageBench(url: string): Promise<void> {
  const s = await launch({ noDevices: true });
  try {
    const { page } = s;
    await keepNamesInPage(page);
    await page.goto(`${url}/tests/browser/pages/reviewBench.html`, { timeout: 300_000 });
    await page.waitForFunction(() => typeof window.seedLongSession === 'function', undefined, {
      timeout: 300_000,
    });
    const long = (await page.evaluate((h) => window.seedLongSession?.(h), LONG_HOURS)) as LongSeed;
    const parts = (await page.evaluate(
      (p) => window.sessionPageBreakdown?.(p),
      long.pseudonym,
    )) as SessionPageBreakdown;
    // A loaded machine can take longer than an action's usual 30 s to open the app; the timing is in the page.
    page.setDefaultTimeout(180_000);
    await openApp(page, url);
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    await pickLearner(page, long.pseudonym, 1);
    const timings: Timing[] = [];
    const phases: Record<string, number>[] = [];
    for (let i = 0; i < RUNS; i++) {
      const measure = () => page.evaluate(timeSessionPage);
      timings.push(await beside(page, i === 0 ? () => profiled(page, 'session-page', measure) : measure));
      phases.push(await page.evaluate(pageMeasures));
      await page.getByRole('button', { name: 'Back to sessions' }).click();
    }
    const slowest = Math.max(...timings.map((t) => t.ms));
    console.log(`\n## A session's page (IndexedDB in headless Chromium, the app's own page)`);
    console.log(
      `reference: fixed CPU workload, taken just before each timing: median ${fmt(median(timings.map((t) => t.refMs)))} ms`,
    );
    console.log(
      `session page, click to timeline and figures drawn (${LONG_HOURS} h: ${long.events} events, ${long.featureChunks} s of voice level and movement): ${describeTimings(timings)}; target under ${SESSION_PAGE_TARGET_MS} ms: ${slowest < SESSION_PAGE_TARGET_MS ? 'met' : 'NOT met'}`,
    );
    const names = [...new Set(phases.flatMap((p) => Object.keys(p)))];
    console.log(
      `session page in parts (the app's own measures, each run, ms): ${names.map((n) => `${n} ${phases.map((p) => fmt(p[n] ?? Number.NaN, 0)).join('/')}`).join('; ')}`,
    );
    console.log(
      `session page in parts (bench page, one at a time, ms): events ${fmt(parts.eventsMs, 0)}, first view's voice and movement ${fmt(parts.firstFeaturesMs, 0)}, corrections and diary ${fmt(parts.notesMs, 0)}, the four reads at once ${fmt(parts.readMs, 0)}; turn analysis and figures ${fmt(parts.reviewMs, 0)}, figure list ${fmt(parts.figuresMs, 1)}, timeline lanes ${fmt(parts.timelineMs, 0)}; after drawing: firsts across the learner's history ${fmt(parts.firstsMs, 0)}, the whole session's voice and movement ${fmt(parts.allFeaturesMs, 0)} read + ${fmt(parts.tracesMs, 0)} flattened`,
    );
  } finally {
    await s.close();
  }
}

async function runSchoolBench(url: string): Promise<void> {
  const s = await launch({ noDevices: true });
  const app = { url };
  try {
    const { page } = s;
    await keepNamesInPage(page);
    // The development server compiles on first load, which takes minutes on a busy machine.
    await page.goto(`${app.url}/tests/browser/pages/reviewBench.html`, { timeout: 300_000 });
    await page.waitForFunction(() => typeof window.seedSchool === 'function', undefined, {
      timeout: 300_000,
    });
    const seed = (await page.evaluate(([l, n, full, short]) => window.seedSchool?.(l, n, full, short), [
      LEARNERS,
      SESSIONS,
      FULL_MINUTES,
      SHORT_MINUTES,
    ] as const)) as SchoolSeed;
    const figuringRef = await measureCpuRef(page);
    const figuring = (await page.evaluate((id) => window.progressFiguring?.(id), seed.measured.id)) as {
      coldMs: number;
      warmMs: number;
    };
    const breakdown = (await page.evaluate(
      (id) => window.progressBreakdown?.(id),
      seed.measured.id,
    )) as ProgressBreakdown;

    await openApp(page, app.url);
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    // Review opens on the first learner, the timed one, and works out their sessions' figures in the background:
    // let it finish, so that neither timing shares the page with it. How long that takes is how soon after
    // review opens the progress charts have every figure ready (read every 200 ms).
    const tableRef = await measureCpuRef(page);
    const t0 = Date.now();
    await pickLearner(page, seed.measured.pseudonym, seed.measured.sessions);
    const tableMs = Date.now() - t0;
    const overview: Timing[] = [];
    for (let i = 0; i < RUNS; i++) {
      overview.push(await beside(page, () => page.evaluate(timeOverview, seed.learners)));
      await page.getByRole('button', { name: 'Back to learners' }).click();
    }
    // The sessions table has figured every session by now (and kept the figures in the log), as it has whenever
    // staff reach Progress charts from it. Three ways in, RUNS / 2 times each: every figure forgotten, in memory and
    // in the log, as right after an import, with the button pressed at once; the figures in the log but not in
    // memory, as when review opens again on another day; and the figures in memory.
    const cold: Timing[] = [];
    const kept: Timing[] = [];
    const charts: Timing[] = [];
    for (let i = 0; i < (RUNS / 2) * 3; i++) {
      const way = i < RUNS / 2 ? cold : i < RUNS ? kept : charts;
      if (way !== charts) await page.evaluate(forgetFigures, way === cold);
      const measure = () => page.evaluate(timeProgressCharts, seed.measured.sessions);
      const t = await beside(page, i === 0 ? () => profiled(page, 'progress-charts', measure) : measure);
      way.push(t);
      await page.getByRole('button', { name: 'Back to sessions' }).click();
    }
    const csv: Timing[] = [];
    for (let i = 0; i < RUNS / 2; i++) csv.push(await beside(page, () => page.evaluate(timeProgressCsv)));

    const refs = [...overview, ...cold, ...kept, ...charts, ...csv].map((t) => t.refMs);
    const slowest = Math.max(...overview.map((t) => t.ms));
    const met = (ts: Timing[], target: number) =>
      `target under ${target} ms: ${Math.max(...ts.map((t) => t.ms)) < target ? 'met' : 'NOT met'}`;
    console.log(`\n## Review at school size (IndexedDB in headless Chromium, the app's own pages)`);
    console.log(
      `school: ${seed.learners} learners x ${SESSIONS} sessions = ${seed.sessions} sessions, ${seed.events} events, imported in ${fmt(seed.seedMs / 1000)} s; the timed learner's ${seed.measured.sessions} sessions are ${FULL_MINUTES} min each (${seed.measured.events} events), the others' ${SHORT_MINUTES} min`,
    );
    console.log(
      `reference: fixed CPU workload, taken just before each timing: median ${fmt(median(refs))} ms (${fmt(Math.min(...refs))} to ${fmt(Math.max(...refs))})`,
    );
    console.log(
      `school overview, click to table drawn: ${describeTimings(overview)}; target under ${OVERVIEW_TARGET_MS} ms: ${slowest < OVERVIEW_TARGET_MS ? 'met' : 'NOT met'}`,
    );
    console.log(
      `sessions table, review open to every session's figures (${seed.measured.sessions} sessions of ${FULL_MINUTES} min, in the background): ${fmt(tableMs, 0)} ms (${fmt(tableMs / tableRef, 0)}x ref)`,
    );
    console.log(
      `progress charts, click to charts drawn (${seed.measured.sessions} sessions of ${FULL_MINUTES} min), nothing ever figured (just imported): ${describeTimings(cold)}; ${met(cold, PROGRESS_TARGET_MS)}`,
    );
    console.log(
      `progress charts, click to charts drawn, figures kept in the log from an earlier look (review opened afresh): ${describeTimings(kept)}; ${met(kept, PROGRESS_TARGET_MS)}`,
    );
    console.log(
      `progress charts, click to charts drawn, the sessions table's figures already worked out: ${describeTimings(charts)}; ${met(charts, PROGRESS_TARGET_MS)}`,
    );
    console.log(
      `progress charts' reading and figuring alone (bench page, no drawing): nothing figured yet ${fmt(figuring.coldMs, 0)} ms (${fmt(figuring.coldMs / figuringRef, 1)}x ref), every session figured already ${fmt(figuring.warmMs, 0)} ms (${fmt(figuring.warmMs / figuringRef, 1)}x ref)`,
    );
    console.log(
      `progress CSV, click to file saved (${seed.measured.sessions} sessions): ${describeTimings(csv)}`,
    );
    console.log(
      `progress CSV in parts (bench page): rows ${fmt(breakdown.rowsMs, 0)} ms (reading events ${fmt(breakdown.readMs, 0)} ms, figuring ${fmt(breakdown.figureMs, 0)} ms), CSV text ${fmt(breakdown.csvMs, 1)} ms; ${breakdown.rows} rows, ${fmt(breakdown.bytes / 1024, 1)} KB`,
    );
  } finally {
    await s.close();
  }
}

interface Timing {
  ms: number;
  /** The CPU reference taken just before it, in the same page. */
  refMs: number;
}

async function beside(page: Page, measure: () => Promise<number>): Promise<Timing> {
  const refMs = await measureCpuRef(page);
  return { ms: await measure(), refMs };
}

/** The first (cold) timing, then the median of the rest, each in ms and as a ratio to its own reference. */
function describeTimings(timings: Timing[]): string {
  const [first, ...rest] = timings;
  if (!first) return 'no timing';
  const ratio = (t: Timing) => t.ms / t.refMs;
  return [
    `first ${fmt(first.ms, 0)} ms (${fmt(ratio(first), 1)}x ref)`,
    `then median ${fmt(median(rest.map((t) => t.ms)), 0)} ms (${fmt(median(rest.map(ratio)), 1)}x ref) over ${rest.length}`,
    `slowest ${fmt(Math.max(...timings.map((t) => t.ms)), 0)} ms`,
  ].join(', ');
}

/**
 * In the page: clicks School overview and resolves with the ms until the table, its busy mark gone and every
 * learner's row in it, has been through a frame. The section marks the table busy as the click is handled, so a
 * table left from the previous opening is not mistaken for the new one.
 */
function timeOverview(learners: number): Promise<number> {
  const review = document.querySelector('section.review');
  const button = Array.from(review?.querySelectorAll('header button') ?? []).find(
    (b) => b.textContent === 'School overview',
  );
  const table = review?.querySelector('table[aria-label="Sessions each week"]');
  if (!(button instanceof HTMLButtonElement) || !(table instanceof HTMLTableElement))
    return Promise.reject(new Error('no School overview button or table'));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const drawn = () => {
      if (table.hasAttribute('aria-busy')) return;
      observer.disconnect();
      if ((table.tBodies[0]?.rows.length ?? 0) !== learners) reject(new Error('the overview lacks learners'));
      // The frame that shows it: a requestAnimationFrame callback runs before the paint, the task after it.
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    };
    const observer = new MutationObserver(drawn);
    observer.observe(table, { attributes: true, attributeFilter: ['aria-busy'] });
    button.click();
  });
}

/** In the app's page: the session page's own measures of its last opening (ms, by name), then forgets them. */
function pageMeasures(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of performance.getEntriesByType('measure')) {
    if (m.name.startsWith('session page: ')) out[m.name.slice('session page: '.length)] = m.duration;
  }
  performance.clearMeasures();
  return out;
}

/**
 * In the app's page: forgets every session's figures held in memory and, when `inTheLog`, those the log keeps,
 * so the next figuring reads and works them all out.
 */
async function forgetFigures(inTheLog: boolean): Promise<void> {
  // The development server serves each module at one address, so these are the app's own modules.
  const addresses = ['/src/store/progressData.ts', '/src/store/logStore.ts'];
  const [data, log] = (await Promise.all(addresses.map((a) => import(/* @vite-ignore */ a)))) as [
    { forgetFigured(store?: unknown): Promise<void> },
    { LogStore: { open(): Promise<{ close(): void }> } },
  ];
  const store = inTheLog ? await log.LogStore.open() : undefined;
  await data.forgetFigured(store);
  store?.close();
}

/**
 * In the page: clicks Progress charts and resolves with the ms until the page has read and figured every session
 * and drawn its charts, through a frame.
 */
function timeProgressCharts(sessions: number): Promise<number> {
  const review = document.querySelector('section.review');
  const button = Array.from(review?.querySelectorAll('button') ?? []).find(
    (b) => b.textContent === 'Progress charts',
  );
  const section = review?.querySelector('section.progress-page');
  if (!(button instanceof HTMLButtonElement) || !(section instanceof HTMLElement))
    return Promise.reject(new Error('no Progress charts button or progress page'));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const drawn = () => {
      if (section.hidden || section.hasAttribute('aria-busy')) return;
      observer.disconnect();
      const rows = section.querySelectorAll('table[aria-label="Figures by session"] tbody tr').length;
      if (section.querySelectorAll('.chart canvas').length === 0 || rows !== sessions)
        reject(new Error(`the progress charts were not drawn (${rows} sessions in the table)`));
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    };
    const observer = new MutationObserver(drawn);
    observer.observe(section, { attributes: true, attributeFilter: ['aria-busy', 'hidden'] });
    button.click();
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * Runs `measure` under Chromium's CPU profiler when ATTUNE_BENCH_PROFILE is set (as it is otherwise): prints the
 * functions with the most time of their own, and saves the profile as .tmp/bench-<name>.cpuprofile.
 */
async function profiled(page: Page, name: string, measure: () => Promise<number>): Promise<number> {
  if (!PROFILE) return measure();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const ms = await measure();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  writeFileSync(`.tmp/bench-${name}.cpuprofile`, JSON.stringify(profile));
  const nodes = profile.nodes as ProfileNode[];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  const byFunction = new Map<string, number>();
  for (const [id, t] of self) {
    const f = byId.get(id)?.callFrame;
    const key = f
      ? `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${f.lineNumber + 1}`
      : String(id);
    byFunction.set(key, (byFunction.get(key) ?? 0) + t);
  }
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`\n${name}: ${fmt(ms, 0)} ms profiled; most time of their own:`);
  for (const [f, t] of top) console.log(`  ${fmt(t, 1).padStart(8)} ms  ${f}`);
  return ms;
}

/** In the page: clicks Export progress CSV and resolves with the ms until review says the file was saved. */
function timeProgressCsv(): Promise<number> {
  const review = document.querySelector('section.review');
  const button = Array.from(review?.querySelectorAll('button') ?? []).find(
    (b) => b.textContent === 'Export progress CSV',
  );
  const done = review?.querySelector('p.done');
  if (!(button instanceof HTMLButtonElement) || !done)
    return Promise.reject(new Error('no Export progress CSV'));
  done.textContent = '';
  return new Promise((resolve) => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (!/^Saved .*progress/.test(done.textContent ?? '')) return;
      observer.disconnect();
      resolve(performance.now() - t0);
    });
    observer.observe(done, { childList: true, characterData: true, subtree: true });
    button.click();
  });
}

/**
 * In the page: clicks the listed session's Open session and resolves with the ms until its page has read the
 * session and drawn its timeline and figures, through a frame.
 */
function timeSessionPage(): Promise<number> {
  const review = document.querySelector('section.review');
  const button = Array.from(review?.querySelectorAll('button') ?? []).find(
    (b) => b.textContent === 'Open session',
  );
  const section = review?.querySelector('section.session-page');
  if (!(button instanceof HTMLButtonElement) || !(section instanceof HTMLElement))
    return Promise.reject(new Error('no Open session button or session page'));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const drawn = () => {
      if (section.hidden || section.hasAttribute('aria-busy')) return;
      observer.disconnect();
      const timeline = section.querySelector<HTMLElement>('.timeline');
      if (!timeline?.dataset.drawn || section.querySelectorAll('[data-figure]').length === 0)
        reject(new Error('the session page was not drawn'));
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    };
    const observer = new MutationObserver(drawn);
    observer.observe(section, { attributes: true, attributeFilter: ['aria-busy', 'hidden'] });
    button.click();
  });
}

/** Chooses the timed learner and waits until their sessions table has its figures, so nothing else is reading. */
async function pickLearner(page: Page, pseudonym: string, sessions: number): Promise<void> {
  const review = page.getByRole('region', { name: 'Review' });
  await review.getByLabel('Learner', { exact: true }).selectOption({ label: pseudonym });
  const table = review.getByRole('table', { name: 'Sessions' });
  await waitFor(
    async () =>
      (await table.getByRole('row').count()) === sessions + 1 &&
      (await table.locator('tr[aria-busy]').count()) === 0,
    (ok) => ok,
    'the timed learner’s sessions and their figures',
    300_000,
  );
}
