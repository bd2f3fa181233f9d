import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/core/events.ts';
import { type AttuneExport, type ExportedSession, makeExport, toJson } from '../../src/core/exportFormat.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../src/core/turns/params.ts';
import { lastEventMs, sessionDurationMs, summariseSession } from '../../src/core/turns/summary.ts';
import { csvRecords } from '../unit/support/csv.ts';
import { interactionEvents } from '../unit/support/interaction.ts';
import { prng } from '../unit/support/timeline.ts';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { review } from './support/review.ts';
import { enterStaffPin } from './support/staff.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/**
 * Four learners' export files made here, imported through review, then the school overview read as a person
 * reads it and a progress CSV checked against the turn analysis run here in Node on the same events.
 * Sessions are placed by days before now; Cal's latest is 20 days ago, so Cal alone has had none in 14 days.
 */
const SCHOOL: Record<string, number[]> = {
  // One session in the four weeks before the last four, six in the last four: more sessions.
  Ash: [1, 3, 6, 10, 17, 24, 40],
  // One a week for eight weeks: about the same.
  Bea: [2, 9, 16, 23, 30, 37, 44, 51],
  // Five in the four weeks before, one since, 20 days ago: fewer, and none in 14 days.
  Cal: [20, 30, 34, 41, 48, 55],
  Dee: [4, 12, 33, 47],
};

function buildExport(pseudonym: string, daysAgo: number[], now: number, seed: number): AttuneExport {
  const rand = prng(seed);
  const learner = { id: `learner-${pseudonym}`, pseudonym, createdAt: now - 90 * DAY };
  const sessions: ExportedSession[] = daysAgo.map((d, i) => {
    const events = interactionEvents(rand, 3 + Math.floor(rand() * 4));
    const startedAt = now - d * DAY;
    return {
      meta: {
        id: `${pseudonym}-session-${i}`,
        learnerId: learner.id,
        startedAt,
        endedAt: startedAt + lastEventMs(events) + 4000,
        status: 'ended',
        schemaVersion: SCHEMA_VERSION,
        // One session of each learner was recorded with a shorter exchange gap: its figures must use it.
        turnParams:
          i === 1 ? turnParams({ exchangeGapMs: 2000, sequenceGapMs: 2000 }) : { ...DEFAULT_TURN_PARAMS },
      },
      events,
    };
  });
  return makeExport(learner, sessions, now);
}

/** Each of the last eight weeks' counts (Monday to Sunday, UTC), oldest first, worked out afresh here. */
function weekCounts(daysAgo: number[], now: number): number[] {
  const monday = (t: number) => {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
  };
  const counts = new Array<number>(8).fill(0);
  for (const d of daysAgo) {
    const back = Math.round((monday(now) - monday(now - d * DAY)) / WEEK);
    if (back < 8) counts[7 - back] = (counts[7 - back] ?? 0) + 1;
  }
  return counts;
}

async function statusText(page: Page, pattern: RegExp): Promise<string> {
  return waitFor(
    async () => (await review(page).locator('[role="status"].done').textContent()) ?? '',
    (t) => pattern.test(t),
    `a message like ${pattern}`,
  );
}

/** The overview's table as rows of cell texts, once it is drawn. */
async function overviewRows(page: Page): Promise<string[][]> {
  const table = review(page).getByRole('table', { name: 'Sessions each week' });
  await waitFor(
    async () =>
      (await table.getAttribute('aria-busy')) === null && (await table.locator('tbody tr').count()) > 0,
    (ok) => ok,
    'the school overview to be drawn',
  );
  return table
    .getByRole('row')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (c) => (c.textContent ?? '').trim())),
    );
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('progress: the school overview and a learner’s progress CSV', () => {
  const now = Date.now();
  const files = Object.entries(SCHOOL).map(([name, days], i) => buildExport(name, days, now, 100 + i));
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await launch({ noDevices: true });
    page = session.page;
    await page.goto(baseUrl());
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    for (const data of files) {
      await review(page)
        .getByLabel('Import file')
        .setInputFiles({
          name: `${data.learner.pseudonym}.json`,
          mimeType: 'application/json',
          buffer: Buffer.from(toJson(data)),
        });
      await review(page).getByRole('button', { name: 'Import', exact: true }).click();
      await statusText(page, new RegExp(`^Imported ${data.learner.pseudonym} \\(a new learner\\)`));
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens the school overview from the keyboard, with focus on its heading', async () => {
    await review(page).getByRole('button', { name: 'School overview' }).focus();
    await page.keyboard.press('Enter');
    await overviewRows(page);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await focusedText(page)).toBe('School overview');
    // The learner view gives way to it.
    expect(await review(page).getByRole('button', { name: 'Export learner' }).isVisible()).toBe(false);
  });

  it('shows every learner’s sessions in each of the last eight weeks', async () => {
    const [header, ...rows] = await overviewRows(page);
    expect(header?.[0]).toBe('Learner');
    const weeks = header?.slice(1, 9) ?? [];
    expect(weeks).toHaveLength(8);
    for (const w of weeks) expect(w).toMatch(/^w\/c \d{1,2} [A-Z][a-z]{2}/);
    expect(weeks[7]).toMatch(/\(so far\)$/);
    expect(header?.slice(9)).toEqual(['Trend', 'Last session']);
    expect(rows.map((r) => r[0])).toEqual(['Ash', 'Bea', 'Cal', 'Dee']);
    for (const row of rows) {
      const name = row[0] ?? '';
      expect(row.slice(1, 9).map(Number), name).toEqual(weekCounts(SCHOOL[name] ?? [], now));
    }
  });

  it('gives the trend in words with an arrow', async () => {
    const rows = (await overviewRows(page)).slice(1);
    const trend = Object.fromEntries(rows.map((r) => [r[0], r[9] ?? '']));
    expect(trend.Ash).toMatch(/^↑ more sessions \(6 sessions in the last 4 weeks, 1 in the 4 before\)$/);
    expect(trend.Bea).toMatch(/^→ about the same/);
    expect(trend.Cal).toMatch(/^↓ fewer sessions \(1 session in the last 4 weeks, 5 in the 4 before\)$/);
  });

  it('says "No session in the last 14 days" for Cal only, beside the last session’s date', async () => {
    const rows = (await overviewRows(page)).slice(1);
    const flagged = rows
      .filter((r) => r.join(' ').includes('No session in the last 14 days'))
      .map((r) => r[0]);
    expect(flagged).toEqual(['Cal']);
    const cal = rows.find((r) => r[0] === 'Cal')?.[10] ?? '';
    const date = new Date(now - 20 * DAY).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
    expect(cal).toBe(`${date} No session in the last 14 days`);
  });

  it('explains each column one click away', async () => {
    const definitions = review(page).getByText('What the columns mean');
    expect(
      await review(page)
        .getByText(/^The sessions in the last 28 days/)
        .isVisible(),
    ).toBe(false);
    await definitions.click();
    expect(
      await review(page)
        .getByText(/^The sessions in the last 28 days/)
        .isVisible(),
    ).toBe(true);
    expect(
      await review(page)
        .getByText(/^Each of the last 8 weeks is a column/)
        .isVisible(),
    ).toBe(true);
  });

  it('goes back to the learner view from the keyboard, focus returning to the overview button', async () => {
    await review(page).getByRole('heading', { name: 'School overview' }).focus();
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Back to learners');
    await page.keyboard.press('Enter');
    expect(await focusedText(page)).toBe('School overview');
    expect(await review(page).getByRole('button', { name: 'Export learner' }).isVisible()).toBe(true);
    expect(await review(page).getByRole('table', { name: 'Sessions each week' }).isVisible()).toBe(false);
  });

  it('opens a learner’s sessions from their name in the overview', async () => {
    await review(page).getByRole('button', { name: 'School overview' }).click();
    await overviewRows(page);
    await review(page).getByRole('button', { name: 'Ash: show sessions' }).click();
    const picker = review(page).getByLabel('Learner', { exact: true });
    await waitFor(
      () => picker.locator('option:checked').textContent(),
      (t) => t === 'Ash',
      'Ash to be chosen',
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-learner');
    await waitFor(
      () => review(page).getByRole('table', { name: 'Sessions' }).getByRole('row').count(),
      (n) => n === (SCHOOL.Ash?.length ?? 0) + 1,
      'Ash’s sessions',
    );
  });

  it('exports a learner’s progress CSV whose figures are the turn analysis’s on the same events', async () => {
    const data = files[0];
    if (!data) throw new Error('no export was built');
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await review(page).getByRole('button', { name: 'Export progress CSV' }).click();
    await waitFor(
      async () => downloads.length,
      (n) => n > 0,
      'the progress file',
    );
    const [file] = downloads;
    expect(file?.suggestedFilename()).toMatch(/^attune-Ash-progress-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    expect(await statusText(page, /^Saved .*progress/)).toBe(
      'Saved Ash’s progress as a CSV file: 7 sessions, one row each, oldest first.',
    );
    const text = readFileSync((await file?.path()) ?? '', 'utf8');
    expect(text.split('\r\n')[0]).toMatch(
      /^\uFEFFsession_id,started_at,duration_min,exchanges,sequences,longest_sequence_turns,learner_initiations,corrected,/,
    );
    const { records } = csvRecords(text);
    const oldestFirst = [...data.sessions].sort((a, b) => a.meta.startedAt - b.meta.startedAt);
    expect(records.map((r) => r.session_id)).toEqual(oldestFirst.map((s) => s.meta.id));
    const secs = (ms: number | null) => (ms === null ? '' : (ms / 1000).toFixed(3));
    for (const [i, { meta, events }] of oldestFirst.entries()) {
      const durationMs = sessionDurationMs(meta, events);
      const sum = summariseSession(events, meta.turnParams, durationMs);
      expect(records[i], meta.id).toMatchObject({
        started_at: new Date(meta.startedAt).toISOString(),
        duration_min: (durationMs / 60_000).toFixed(1),
        exchanges: String(sum.exchanges.total),
        sequences: String(sum.sequences.count),
        longest_sequence_turns: String(sum.sequences.longestTurns),
        learner_initiations: String(sum.initiations),
        corrected: 'false',
        exchanges_per_min: sum.exchanges.perMinute.toFixed(2),
        longest_sequence_s: secs(sum.sequences.longestMs),
        learner_median_answer_s: secs(sum.medianLatencyMs.learner),
        practitioner_median_answer_s: secs(sum.medianLatencyMs.practitioner),
        learner_vocal_s: secs(sum.vocalTimeMs.learner),
        status: 'ended',
      });
    }
    // The session recorded with a 2 s exchange gap was figured with it, not with today's 5 s.
    const short = oldestFirst.find((s) => s.meta.turnParams.exchangeGapMs === 2000);
    const withDefaults = short && summariseSession(short.events, DEFAULT_TURN_PARAMS).exchanges.total;
    const row = records.find((r) => r.session_id === short?.meta.id);
    expect(Number(row?.exchanges)).toBeLessThan(withDefaults ?? 0);
  });
});
