import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type {
  LongSeed,
  ProgressBreakdown,
  ReadWays,
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

/** Learners imported in the app, each timed once from the end of their import to their charts drawn. */
const IMPORTED = 3;

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
    const seed = (await page.evaluate(
      ([l, n, full, short, files]) => window.seedSchool?.(l, n, full, short, files),
      [LEARNERS, SESSIONS, FULL_MINUTES, SHORT_MINUTES, IMPORTED] as const,
    )) as SchoolSeed;
    const [measured] = seed.files;
    if (!measured) throw new Error('no learner to import');
    console.log(`(school seeded in ${fmt(seed.seedMs / 1000)} s)`);

    page.setDefaultTimeout(180_000);
    await openApp(page, app.url);
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    await page.evaluate(`window.timeProgressCharts = ${timeProgressCharts}`);
    // Each full learner imported as staff would (Import file, Import), then Progress charts pressed the moment
    // review says the import is done: what staff meet right after an import.
    const imported: Timing[] = [];
    const importMs: number[] = [];
    for (const file of seed.files) {
      const review = page.getByRole('region', { name: 'Review' });
      await review.getByLabel('Import file').setInputFiles({
        name: `${file.pseudonym}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(file.text),
      });
      const refMs = await measureCpuRef(page);
      const t = (await page.evaluate(timeImportThenCharts, [file.pseudonym, file.sessions] as const)) as {
        importMs: number;
        chartsMs: number;
      };
      imported.push({ ms: t.chartsMs, refMs });
      importMs.push(t.importMs);
      await page.getByRole('button', { name: 'Back to sessions' }).click();
    }
    // The reading and figuring alone, in a bench page beside the app's (the same log), review idle meanwhile.
    const bench = await page.context().newPage();
    await bench.goto(`${app.url}/tests/browser/pages/reviewBench.html`, { timeout: 300_000 });
    await bench.waitForFunction(() => typeof window.readWays === 'function', undefined, { timeout: 300_000 });
    const events = (await bench.evaluate((id) => window.readWays?.(id), measured.id)) as ReadWays;
    const figuringRef = await measureCpuRef(bench);
    const figuring = (await bench.evaluate((id) => window.progressFiguring?.(id), measured.id)) as {
      coldMs: number;
      keptMs: number;
      warmMs: number;
    };
    const breakdown = (await bench.evaluate(
      (id) => window.progressBreakdown?.(id),
      measured.id,
    )) as ProgressBreakdown;
    await bench.close();
    await pickLearner(page, measured.pseudonym, measured.sessions);
    const overview: Timing[] = [];
    for (let i = 0; i < RUNS; i++) {
      overview.push(await beside(page, () => page.evaluate(timeOverview, seed.learners)));
      await page.getByRole('button', { name: 'Back to learners' }).click();
    }
    // Three more ways in, RUNS / 2 times each: the figures in the log but not in memory, as when review opens
    // again on another day; the figures in memory; and the figures the log keeps all stale, as right after an
    // upgrade of the analysis, with Progress charts pressed before the background figuring has got to them.
    const kept: Timing[] = [];
    const charts: Timing[] = [];
    const stale: Timing[] = [];
    for (let i = 0; i < (RUNS / 2) * 3; i++) {
      const way = i < RUNS / 2 ? kept : i < RUNS ? charts : stale;
      if (way === stale) await page.evaluate(staleFigures);
      if (way !== charts) await page.evaluate(forgetFigures);
      const measure = () => page.evaluate(timeProgressCharts, measured.sessions);
      const t = await beside(page, i === RUNS ? () => profiled(page, 'progress-charts', measure) : measure);
      way.push(t);
      await page.getByRole('button', { name: 'Back to sessions' }).click();
    }
    const csv: Timing[] = [];
    for (let i = 0; i < RUNS / 2; i++) csv.push(await beside(page, () => page.evaluate(timeProgressCsv)));

    const refs = [...imported, ...overview, ...kept, ...charts, ...stale, ...csv].map((t) => t.refMs);
    const slowest = Math.max(...overview.map((t) => t.ms));
    const met = (ts: Timing[], target: number) =>
      `target under ${target} ms: ${Math.max(...ts.map((t) => t.ms)) < target ? 'met' : 'NOT met'}`;
    console.log(`\n## Review at school size (IndexedDB in headless Chromium, the app's own pages)`);
    console.log(
      `school: ${seed.learners} learners x ${SESSIONS} sessions = ${seed.sessions} sessions, ${seed.events} events; ${seed.learners - IMPORTED} learners seeded through the app's import in ${fmt(seed.seedMs / 1000)} s; ${IMPORTED} learners of ${SESSIONS} sessions of ${FULL_MINUTES} min (${measured.events} events each) imported in the app, the others' sessions ${SHORT_MINUTES} min`,
    );
    console.log(
      `reference: fixed CPU workload, taken just before each timing: median ${fmt(median(refs))} ms (${fmt(Math.min(...refs))} to ${fmt(Math.max(...refs))})`,
    );
    console.log(
      `school overview, click to table drawn: ${describeTimings(overview)}; target under ${OVERVIEW_TARGET_MS} ms: ${slowest < OVERVIEW_TARGET_MS ? 'met' : 'NOT met'}`,
    );
    console.log(
      `import of a learner's file in review (${SESSIONS} sessions, ${measured.events} events, ${fmt(measured.text.length / 1e6, 1)} MB), click Import to 'Imported': ${importMs.map((ms) => fmt(ms, 0)).join(', ')} ms`,
    );
    console.log(
      `progress charts, click to charts drawn (${SESSIONS} sessions of ${FULL_MINUTES} min), pressed the moment the import said it was done, one learner each: ${describeTimings(imported)}; ${met(imported, PROGRESS_TARGET_MS)}`,
    );
    console.log(
      `progress charts, figures kept in the log (review opened afresh): ${describeTimings(kept)}; ${met(kept, PROGRESS_TARGET_MS)}`,
    );
    console.log(
      `progress charts, figures in memory (the sessions table's): ${describeTimings(charts)}; ${met(charts, PROGRESS_TARGET_MS)}`,
    );
    console.log(
      `progress charts, every kept figure stale (an upgrade of the analysis), pressed before the background figuring reached them: ${describeTimings(stale)}; ${met(stale, PROGRESS_TARGET_MS)}`,
    );
    const ratio = (ms: number) => `${fmt(ms, 0)} ms (${fmt(ms / figuringRef, 1)}x ref)`;
    console.log(
      `progress charts' reading and figuring alone (bench page, no drawing): every session read and figured ${ratio(figuring.coldMs)}, from the figures the log keeps ${ratio(figuring.keptMs)}, from memory ${ratio(figuring.warmMs)}`,
    );
    console.log(`progress CSV, click to file saved (${SESSIONS} sessions): ${describeTimings(csv)}`);
    console.log(
      `progress CSV in parts (bench page): rows from the kept figures ${fmt(breakdown.rowsMs, 0)} ms, CSV text ${fmt(breakdown.csvMs, 1)} ms; every session read one by one ${fmt(breakdown.readMs, 0)} ms and figured ${fmt(breakdown.figureMs, 0)} ms; ${breakdown.rows} rows, ${fmt(breakdown.bytes / 1024, 1)} KB`,
    );
    console.log(
      `reading the timed learner's ${events.events} events (bench page, ms): review's way (sessionsEvents: a getAll over each session's range of keys, some 20 000 events a transaction) ${fmt(events.reviewMs, 0)}, the same ten sessions a transaction ${fmt(events.keyRangeTenAtATimeMs, 0)}; the session index's getAll ten sessions a transaction (review's way before) ${fmt(events.indexTenAtATimeMs, 0)}, all in one transaction ${fmt(events.indexAllAtOnceMs, 0)}; a cursor over the index ${fmt(events.cursorMs, 0)}`,
    );

    // After an upgrade, in the background: every figure the log keeps made stale, then the app opened afresh
    // (review closed), and the log read every second until it keeps current figures for every session again.
    await page.evaluate(staleFigures);
    const t0 = Date.now();
    await openApp(page, app.url);
    // Looked at from a page of its own, so that the looking takes nothing from the app's page.
    const watch = await page.context().newPage();
    await watch.goto(`${app.url}/tests/browser/pages/reviewBench.html`, { timeout: 300_000 });
    let learnerMs = Number.NaN;
    for (;;) {
      const left = await watch.evaluate(staleCount, measured.id);
      if (left.learner === 0 && Number.isNaN(learnerMs)) learnerMs = Date.now() - t0;
      if (left.all === 0) break;
      if (Date.now() - t0 > 600_000) throw new Error(`the background figuring left ${left.all} sessions`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const backgroundMs = Date.now() - t0;
    await watch.close();
    console.log(
      `background figuring after an upgrade, app opened (review closed) to current figures kept for every session: the timed learner's ${SESSIONS} in ${fmt(learnerMs / 1000, 1)} s, all ${seed.sessions} in ${fmt(backgroundMs / 1000, 1)} s (starts 2 s after the app opens); from then on the charts are as 'kept in the log'`,
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

/** In the app's page: forgets every session's figures held in memory (those the log keeps stay). */
async function forgetFigures(): Promise<void> {
  // The development server serves each module at one address, so this is the app's own module.
  const address = '/src/store/progressData.ts';
  const data = (await import(/* @vite-ignore */ address)) as { forgetFigured(): Promise<void> };
  await data.forgetFigured();
}

/**
 * In the page: makes every figure the log keeps stale, as an upgrade of the analysis does (the first element of
 * their key, see figuredKey, names 'an older build'), through IndexedDB itself.
 */
async function staleFigures(): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open('attune');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const tx = db.transaction('figures', 'readwrite');
  const store = tx.objectStore('figures');
  await new Promise<void>((resolve, reject) => {
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return resolve();
      const row = c.value as { key: string };
      const key = JSON.parse(row.key) as unknown[];
      key[0] = 'an older build';
      c.update({ ...row, key: JSON.stringify(key) });
      c.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** In the page: the sessions whose kept figures are missing or stale, of the whole log and of one learner. */
async function staleCount(learnerId: string): Promise<{ all: number; learner: number }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open('attune');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const tx = db.transaction(['sessions', 'figures'], 'readonly');
  const read = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const [sessions, figures] = (await Promise.all([
    read(tx.objectStore('sessions').getAll()),
    read(tx.objectStore('figures').getAll()),
  ])) as [{ id: string; learnerId: string }[], { sessionId: string; key: string }[]];
  db.close();
  const fresh = new Set(
    figures.filter((f) => JSON.parse(f.key)[0] !== 'an older build').map((f) => f.sessionId),
  );
  const left = sessions.filter((s) => !fresh.has(s.id));
  return { all: left.length, learner: left.filter((s) => s.learnerId === learnerId).length };
}

/**
 * In the app's page, with a file chosen to import: clicks Import, and the moment review says the learner was
 * imported clicks Progress charts; resolves with the ms of each (the charts' through a frame).
 */
function timeImportThenCharts([pseudonym, sessions]: readonly [string, number]): Promise<{
  importMs: number;
  chartsMs: number;
}> {
  const review = document.querySelector('section.review');
  const button = Array.from(review?.querySelectorAll('button') ?? []).find((b) => b.textContent === 'Import');
  const done = review?.querySelector('p.done');
  if (!(button instanceof HTMLButtonElement) || !done) return Promise.reject(new Error('no Import button'));
  done.textContent = '';
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (!(done.textContent ?? '').startsWith(`Imported ${pseudonym}`)) return;
      observer.disconnect();
      const importMs = performance.now() - t0;
      // The charts' own timing, as for every other way in (put into the page by the bench).
      const time = (window as unknown as { timeProgressCharts(n: number): Promise<number> })
        .timeProgressCharts;
      time(sessions).then((chartsMs) => resolve({ importMs, chartsMs }), reject);
    });
    observer.observe(done, { childList: true, characterData: true, subtree: true });
    button.click();
  });
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
