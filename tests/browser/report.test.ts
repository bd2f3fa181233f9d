import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/core/events.ts';
import { type ExportedSession, makeExport } from '../../src/core/exportFormat.ts';
import { halfTermOf } from '../../src/core/progress/halfTerm.ts';
import { CHARTED, oldestFirst } from '../../src/core/progress/learnerProgress.ts';
import {
  type EvidenceRef,
  evidenceOverTime,
  type GoalEdit,
  overTimeWords,
} from '../../src/core/review/goals.ts';
import { reviewSession } from '../../src/core/review/sessionReview.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../src/core/turns/params.ts';
import { lastEventMs, sessionDurationMs, summariseSession } from '../../src/core/turns/summary.ts';
import { analyseTurns } from '../../src/core/turns/tracker.ts';
import { BASELINE_COLOUR, SERIES_COLOUR } from '../../src/review/reportCharts.ts';
import { csvRecords } from '../unit/support/csv.ts';
import { interactionEvents } from '../unit/support/interaction.ts';
import { prng } from '../unit/support/timeline.ts';
import { axeProblems } from './support/axe.ts';
import { baseUrl, launch, openApp, type Session, waitFor } from './support/browser.ts';
import { importThroughReview, review } from './support/review.ts';
import { enterStaffPin } from './support/staff.ts';

const DAY = 86_400_000;
/** How long a step may take on a two-core machine shared by many runs (nothing timed is asserted). */
const LOADED_MS = 120_000;
const STEP_MS = 4 * LOADED_MS;
const NOW = Date.now();
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The printed pages are turned into images at this resolution: enough for a chart's thin lines to keep their colour. */
const DPI = 150;

/** Ash: seven sessions, five in the last 30 days (the period the test chooses), two before it (the baseline). */
const ASH_DAYS = [2, 6, 10, 17, 24, 45, 60];
const BEST = 'Ash reached for my hand and laughed when I copied the hum.';
const MOMENTS = 'A run of hums back and forth, Ash waiting for my turn.';
const GOAL = 'Takes three turns in a vocal exchange.';
const GOAL_REFS: EvidenceRef[] = [
  { kind: 'measure', id: 'longestTurns' },
  { kind: 'tag', id: 'best-moment' },
];

function exportOf(pseudonym: string, daysAgo: number[], seed: number) {
  const rand = prng(seed);
  const learner = { id: `learner-${pseudonym}`, pseudonym, createdAt: NOW - 90 * DAY };
  const sessions: ExportedSession[] = daysAgo.map((d, i) => {
    const events = interactionEvents(rand, 2 + (i % 3));
    const startedAt = NOW - d * DAY;
    const id = `${pseudonym}-${i}`;
    return {
      meta: {
        id,
        learnerId: learner.id,
        startedAt,
        endedAt: startedAt + lastEventMs(events) + 3000,
        status: 'ended',
        schemaVersion: SCHEMA_VERSION,
        // One session recorded with a shorter exchange gap: the report must figure it with its own.
        turnParams: i === 1 ? turnParams({ exchangeGapMs: 2000 }) : { ...DEFAULT_TURN_PARAMS },
      },
      events,
      ...(i === 1
        ? {
            diary: [
              { id: `${id}-d1`, sessionId: id, at: startedAt + 600_000, field: 'best' as const, text: BEST },
              {
                id: `${id}-d2`,
                sessionId: id,
                at: startedAt + 600_000,
                field: 'moments' as const,
                text: MOMENTS,
              },
            ],
          }
        : {}),
    };
  });
  const goals: GoalEdit[] = [
    {
      id: `${pseudonym}-goal`,
      goalId: `${pseudonym}-goal`,
      learnerId: learner.id,
      at: NOW - 50 * DAY,
      text: GOAL,
      bearsOn: GOAL_REFS,
      retired: false,
    },
  ];
  return makeExport(learner, sessions, NOW, { goals });
}

const reportPage = (page: Page): Locator => page.locator('section.report-page');

async function drawn(page: Page, rows: number): Promise<void> {
  await waitFor(
    async () =>
      (await reportPage(page).getAttribute('aria-busy')) === null &&
      (await reportPage(page).locator('.chart canvas').count()) === (rows > 0 ? CHARTED.length : 0) &&
      (await reportPage(page).locator('table[aria-label="Sessions in the period"] tbody tr').count()) ===
        rows,
    (ok) => ok,
    'the report',
    LOADED_MS,
  );
}

/** A PPM (P6) image: width, height and RGB bytes. */
function readPpm(path: string): { width: number; height: number; rgb: Buffer } {
  const data = readFileSync(path);
  const tokens: string[] = [];
  let i = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(data[i] ?? 32))) i++;
    let t = '';
    while (i < data.length && !/\s/.test(String.fromCharCode(data[i] ?? 32)))
      t += String.fromCharCode(data[i++] ?? 0);
    tokens.push(t);
  }
  return { width: Number(tokens[1]), height: Number(tokens[2]), rgb: data.subarray(i + 1) };
}

/** Pixels within `tolerance` of a colour, in rows `top` to `bottom` of an image. */
function pixelsOf(
  img: ReturnType<typeof readPpm>,
  hex: string,
  top: number,
  bottom: number,
  tolerance = 60,
): number {
  const want = [1, 3, 5].map((k) => Number.parseInt(hex.slice(k, k + 2), 16));
  let n = 0;
  for (let y = Math.max(0, top); y < Math.min(img.height, bottom); y++) {
    for (let x = 0; x < img.width; x++) {
      const o = (y * img.width + x) * 3;
      const d =
        Math.abs((img.rgb[o] ?? 0) - (want[0] ?? 0)) +
        Math.abs((img.rgb[o + 1] ?? 0) - (want[1] ?? 0)) +
        Math.abs((img.rgb[o + 2] ?? 0) - (want[2] ?? 0));
      if (d <= tolerance) n++;
    }
  }
  return n;
}

/** Each page's words with their boxes (points from the top left), from pdftotext's bounding-box output. */
function pdfWords(pdf: string): { page: number; word: string; yMin: number; yMax: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  const out: { page: number; word: string; yMin: number; yMax: number }[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (m) out.push({ page, word: m[3] ?? '', yMin: Number(m[1]), yMax: Number(m[2]) });
  }
  return out;
}

describe('the printable report: a period of a learner’s sessions, on A4', () => {
  const ash = exportOf('Ash', ASH_DAYS, 61);
  const bea = exportOf('Bea', [3, 8], 62);
  const from = NOW - 30 * DAY;
  const inPeriod = oldestFirst(ash.sessions).filter(
    (s) => s.meta.startedAt >= Date.parse(`${isoDay(from)}T00:00:00Z`),
  );
  const dir = mkdtempSync(join(tmpdir(), 'attune-report-'));
  let session: Session;
  let page: Page;
  let csv: Record<string, string>[] = [];

  beforeAll(async () => {
    session = await launch({ noDevices: true });
    page = session.page;
    page.setDefaultTimeout(LOADED_MS);
    await openApp(page, baseUrl());
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    for (const data of [ash, bea]) await importThroughReview(page, data, LOADED_MS);
    await page.locator('#review-learner').selectOption({ label: 'Ash' });
    await waitFor(
      () => review(page).getByRole('table', { name: 'Sessions' }).getByRole('row').count(),
      (n) => n === ASH_DAYS.length + 1,
      'Ash’s sessions',
      LOADED_MS,
    );
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await review(page).getByRole('button', { name: 'Export progress CSV' }).click();
    await waitFor(
      async () => downloads.length,
      (n) => n > 0,
      'the progress CSV',
      LOADED_MS,
    );
    csv = csvRecords(readFileSync((await downloads[0]?.path()) ?? '', 'utf8')).records;
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  }, STEP_MS);

  it(
    'opens from the keyboard on this half term, then shows the period staff choose',
    async () => {
      await review(page).getByRole('button', { name: 'Print report' }).focus();
      await page.keyboard.press('Enter');
      const term = halfTermOf(Date.now());
      const termSessions = ash.sessions.filter(
        (s) => s.meta.startedAt >= term.startsAt && s.meta.startedAt < term.endsAt,
      );
      await drawn(page, termSessions.length);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ash: report');
      expect(await reportPage(page).getByLabel('From', { exact: true }).inputValue()).toBe(
        isoDay(term.startsAt),
      );
      expect(await reportPage(page).getByLabel('To (the last day)').inputValue()).toBe(
        isoDay(Math.min(term.endsAt - DAY, Date.now())),
      );
      await reportPage(page).getByLabel('From', { exact: true }).fill(isoDay(from));
      await reportPage(page).getByLabel('To (the last day)').fill(isoDay(NOW));
      await reportPage(page).getByLabel('To (the last day)').press('Enter');
      await waitFor(
        () =>
          reportPage(page)
            .locator('tbody tr[data-session]')
            .evaluateAll((trs) => trs.map((t) => (t as HTMLElement).dataset.session)),
        (ids) => JSON.stringify(ids) === JSON.stringify(inPeriod.map((s) => s.meta.id)),
        'the chosen period’s sessions',
        LOADED_MS,
      );
      await drawn(page, inPeriod.length);
    },
    STEP_MS,
  );

  it(
    'gives the figures of the progress CSV and of the turn analysis on the same events',
    async () => {
      const cells = await reportPage(page)
        .locator('table[aria-label="Sessions in the period"] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (c) => c.textContent ?? '')),
        );
      let minutes = 0;
      for (const [i, { meta, events }] of inPeriod.entries()) {
        const durationMs = sessionDurationMs(meta, events);
        const analysis = analyseTurns(events, meta.turnParams);
        const sum = summariseSession(events, meta.turnParams, durationMs, analysis);
        const row = csv.find((r) => r.session_id === meta.id);
        const [, mins, exchanges, perMin, longest, initiations, corrected] = cells[i] ?? [];
        expect(mins, meta.id).toBe(row?.duration_min);
        expect(exchanges, meta.id).toBe(row?.exchanges);
        expect(Number(exchanges)).toBe(analysis.exchanges.length);
        expect(Number(perMin)).toBeCloseTo(Number(row?.exchanges_per_min), 2);
        expect(longest).toBe(row?.longest_sequence_turns);
        expect(Number(longest)).toBe(sum.sequences.longestTurns);
        expect(initiations).toBe(row?.learner_initiations);
        expect(Number(initiations)).toBe(analysis.initiations.length);
        expect(corrected).toBe(row?.corrected === 'true' ? 'yes' : 'no');
        minutes += durationMs / 60_000;
      }
      const totals = reportPage(page).locator('p.report-totals');
      expect(await totals.getAttribute('data-sessions')).toBe(String(inPeriod.length));
      expect(await totals.getAttribute('data-minutes')).toBe(minutes.toFixed(1));
      // The charts: each figure in the period's sessions, against the mean of Ash's first three sessions.
      const all = oldestFirst(ash.sessions).map(({ meta, events }) =>
        summariseSession(events, meta.turnParams, sessionDurationMs(meta, events)),
      );
      for (const c of CHARTED) {
        const host = reportPage(page).locator(`[data-chart="${c.id}"]`);
        const values = JSON.parse((await host.getAttribute('data-values')) ?? '[]');
        expect(values, c.id).toEqual(all.slice(-inPeriod.length).map((s) => c.of(s)));
        const baseline = all.slice(0, 3).reduce((a, s) => a + c.of(s), 0) / 3;
        expect(Number(await host.getAttribute('data-baseline')), c.id).toBeCloseTo(baseline, 9);
      }
    },
    STEP_MS,
  );

  it(
    'puts a plain-words page for the family first, with the diary’s best moment, and the highlights after',
    async () => {
      const family = (await reportPage(page).locator('.report-family').textContent()) ?? '';
      expect(family).toContain(`Ash had ${inPeriod.length} sessions between`);
      expect(family).toContain(BEST);
      // Attune's own words on the family's page carry none of review's terms (the goals are staff's words).
      const own = (await reportPage(page).locator('.report-family > :is(h3, p)').allTextContents()).join(' ');
      expect(own).not.toMatch(/exchange|initiation|Fundamental|sequence|per minute/i);
      const highlights = (await reportPage(page).locator('.report-highlights').textContent()) ?? '';
      expect(highlights).toContain(BEST);
      expect(highlights).toContain(MOMENTS);
      const tagged = inPeriod.filter((s) =>
        s.events.some((e) => e.kind === 'tag' && e.tag === 'best-moment'),
      );
      const withNotes = new Set([...tagged.map((s) => s.meta.id), 'Ash-1']);
      expect(await reportPage(page).locator('.report-highlights dt').count()).toBe(withNotes.size);
    },
    STEP_MS,
  );

  it(
    'shows each goal with the period’s evidence for the figures and tags it names',
    async () => {
      const goal = reportPage(page).locator('.report-goal');
      expect(await goal.locator('h4').textContent()).toBe(GOAL);
      const sources = inPeriod.map(({ meta, events }) => {
        const r = reviewSession(meta, events, []);
        return {
          sessionId: meta.id,
          startedAt: meta.startedAt,
          source: { summary: r.summary, seen: r.seen, corrected: r.corrected },
        };
      });
      for (const ref of GOAL_REFS) {
        const words = await goal.locator(`[data-evidence="${ref.kind}:${ref.id}"]`).textContent();
        expect(words, ref.id).toBe(overTimeWords(evidenceOverTime(ref, sources)));
      }
      expect(await reportPage(page).locator('.report-family').textContent()).toContain(GOAL);
    },
    STEP_MS,
  );

  it(
    'prints through the browser’s print, and on A4 the charts are drawn in their places',
    async () => {
      await page.evaluate(() => {
        const w = window as unknown as { printed: number };
        w.printed = 0;
        window.print = () => {
          w.printed++;
        };
      });
      await reportPage(page).getByRole('button', { name: 'Print', exact: true }).focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

      const pdf = join(dir, 'report.pdf');
      await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
      execFileSync('pdftoppm', ['-r', String(DPI), pdf, join(dir, 'page')]);
      const pages = readdirSync(dir)
        .filter((f) => f.endsWith('.ppm'))
        .sort();
      const words = pdfWords(pdf);
      expect(pages.length).toBe(Math.max(...words.map((w) => w.page)));
      // The family's page stands alone: the figures start on the next sheet.
      const onPage = (p: number) =>
        words
          .filter((w) => w.page === p)
          .map((w) => w.word)
          .join(' ');
      expect(onPage(1)).toContain('Ash: Intensive Interaction between');
      expect(onPage(1)).not.toContain('period in figures');
      // Each chart is below its caption ("Chart 1:" ...): the line's and the baseline's colours are there.
      for (const [i, c] of CHARTED.entries()) {
        const caption = words.find((w, k) => w.word === 'Chart' && words[k + 1]?.word === `${i + 1}:`);
        expect(caption, c.id).toBeDefined();
        if (!caption) continue;
        const img = readPpm(join(dir, pages[caption.page - 1] ?? ''));
        // Points to pixels; a chart prints about 150 points high.
        const top = Math.round((caption.yMax * DPI) / 72);
        const bottom = top + Math.round((170 * DPI) / 72);
        const series = pixelsOf(img, SERIES_COLOUR, top, bottom);
        const baseline = pixelsOf(img, BASELINE_COLOUR, top, bottom);
        expect(series, `${c.id}: the sessions' line on page ${caption.page}`).toBeGreaterThan(100);
        expect(baseline, `${c.id}: the baseline on page ${caption.page}`).toBeGreaterThan(40);
      }
      const first = readPpm(join(dir, pages[0] ?? ''));
      expect(pixelsOf(first, SERIES_COLOUR, 0, first.height)).toBe(0);
    },
    STEP_MS,
  );

  it(
    'has no serious accessibility problem, and goes back with focus on its button',
    async () => {
      // The whole of review with the report open in it: the report view and what stays around it.
      const problems = await axeProblems(page);
      expect(problems).toEqual([]);
      await reportPage(page).getByRole('button', { name: 'Back to sessions' }).focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Print report');
      expect(await reportPage(page).isVisible()).toBe(false);
    },
    STEP_MS,
  );
});
