import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMA_VERSION } from '../src/core/events.ts';
import { type ExportedSession, makeExport } from '../src/core/exportFormat.ts';
import { DEFAULT_TURN_PARAMS } from '../src/core/turns/params.ts';
import { lastEventMs } from '../src/core/turns/summary.ts';
import { startApp } from '../tests/browser/support/appServer.ts';
import { launch, openApp, waitFor } from '../tests/browser/support/browser.ts';
import { importThroughReview } from '../tests/browser/support/review.ts';
import { enterStaffPin } from '../tests/browser/support/staff.ts';
import { interactionEvents } from '../tests/unit/support/interaction.ts';
import { prng } from '../tests/unit/support/timeline.ts';

/**
 * `npx tsx scripts/reviewScreenshots.ts`: review's session page, progress page, school overview and printable
 * report (on screen, and its second printed A4 page through pdftoppm) for the README, from a made-up learner of
 * twelve sessions over three months (the seeded session generator the tests use) with a few diary entries, and
 * three classmates with fewer, imported through review as staff would import export files.
 */
const DAY = 86_400_000;
const now = Date.now();
/** Best moments written in some of Robin's sessions' diaries. */
const DIARY: Record<number, string> = {
  8: 'Robin hummed, waited, and hummed again when I answered: three rounds.',
  10: 'Robin reached for my hand and laughed as the lights bloomed.',
  11: 'Robin started a game of taps on the board and kept it going.',
};
const rand = prng(12);
const learner = { id: 'learner-robin', pseudonym: 'Robin', createdAt: now - 120 * DAY };
const sessions: ExportedSession[] = Array.from({ length: 12 }, (_, i) => {
  const events = interactionEvents(rand, 4 + i);
  for (let t = 2000; t < lastEventMs(events); t += 9000) {
    events.push({
      kind: 'attention',
      party: 'learner',
      target: rand() < 0.4 ? 'person' : 'screen',
      startMs: t,
      endMs: t + 2000 + rand() * 4000,
    });
    if (rand() < 0.1 + i * 0.03)
      events.push({ kind: 'smile', party: 'learner', startMs: t + 1000, endMs: t + 2500, peakScore: 0.7 });
  }
  const startedAt = now - (90 - i * 7.5) * DAY;
  const id = `robin-${i}`;
  const diary = DIARY[i];
  return {
    meta: {
      id,
      learnerId: learner.id,
      startedAt,
      endedAt: startedAt + lastEventMs(events) + 2000,
      status: 'ended',
      schemaVersion: SCHEMA_VERSION,
      turnParams: { ...DEFAULT_TURN_PARAMS },
    },
    events,
    ...(diary
      ? {
          diary: [
            { id: `${id}-best`, sessionId: id, at: startedAt + 900_000, field: 'best' as const, text: diary },
          ],
        }
      : {}),
  };
});

/** Classmates for the school overview: a few sessions each, some weeks without. */
const classmates = ['Alex', 'Jo', 'Sam'].map((pseudonym, k) => {
  const who = { id: `learner-${pseudonym.toLowerCase()}`, pseudonym, createdAt: now - 120 * DAY };
  const list: ExportedSession[] = [3, 10, 17, 30, 44]
    .filter((_, i) => i % (k + 1) === 0)
    .map((d, i) => {
      const events = interactionEvents(rand, 3);
      const startedAt = now - (d + k) * DAY;
      return {
        meta: {
          id: `${pseudonym.toLowerCase()}-${i}`,
          learnerId: who.id,
          startedAt,
          endedAt: startedAt + lastEventMs(events) + 2000,
          status: 'ended',
          schemaVersion: SCHEMA_VERSION,
          turnParams: { ...DEFAULT_TURN_PARAMS },
        },
        events,
      };
    });
  return makeExport(who, list, now);
});

const app = await startApp();
const s = await launch({ noDevices: true });
mkdirSync('docs', { recursive: true });
try {
  const { page } = s;
  page.setDefaultTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await openApp(page, app.url);
  await page.getByRole('button', { name: 'Review sessions' }).click();
  await enterStaffPin(page);
  const review = page.getByRole('region', { name: 'Review' });
  for (const data of [...classmates, makeExport(learner, sessions, now)])
    await importThroughReview(page, data);
  await page.locator('#review-learner').selectOption({ label: 'Robin' });
  await waitFor(
    () => review.getByRole('table', { name: 'Sessions' }).getByRole('row').count(),
    (n) => n === sessions.length + 1,
    'Robin’s sessions',
  );
  await review
    .getByRole('table', { name: 'Sessions' })
    .getByRole('button', { name: 'Open session' })
    .first()
    .click();
  const sessionPage = page.locator('section.session-page');
  await waitFor(
    () => sessionPage.getAttribute('aria-busy'),
    (busy) => busy === null,
    'the session page',
  );
  await sessionPage.locator('.timeline').focus();
  for (const key of ['+', '.', '.', '.']) await page.keyboard.press(key);
  await page.screenshot({ path: 'docs/review-session.png' });
  await sessionPage.getByRole('button', { name: 'Back to sessions' }).click();
  await review.getByRole('button', { name: 'Progress charts' }).click();
  const progressPage = page.locator('section.progress-page');
  await waitFor(
    async () =>
      (await progressPage.getAttribute('aria-busy')) === null &&
      (await progressPage.locator('canvas').count()) > 0,
    (ok) => ok,
    'the progress page',
  );
  await page.screenshot({ path: 'docs/review-progress.png' });
  await progressPage.getByRole('button', { name: 'Back to sessions' }).click();

  await review.getByRole('button', { name: 'School overview' }).click();
  const overview = review.getByRole('table', { name: 'Sessions each week' });
  await waitFor(
    async () =>
      (await overview.getAttribute('aria-busy')) === null && (await overview.locator('tbody tr').count()) > 0,
    (ok) => ok,
    'the school overview',
  );
  await page.screenshot({ path: 'docs/review-overview.png' });
  await review.getByRole('button', { name: 'Back to learners' }).click();

  await review.getByRole('button', { name: 'Print report' }).click();
  const reportPage = page.locator('section.report-page');
  // The last six weeks, so that the screenshot has the diary's best moments whatever today's half term is.
  await reportPage
    .getByLabel('From', { exact: true })
    .fill(new Date(now - 42 * DAY).toISOString().slice(0, 10));
  await reportPage.getByLabel('To (the last day)').fill(new Date(now).toISOString().slice(0, 10));
  await reportPage.getByLabel('To (the last day)').press('Enter');
  await waitFor(
    async () =>
      (await reportPage.getAttribute('aria-busy')) === null &&
      (await reportPage.locator('canvas').count()) > 0,
    (ok) => ok,
    'the report',
  );
  await page.screenshot({ path: 'docs/review-report.png' });
  const dir = mkdtempSync(join(tmpdir(), 'attune-report-'));
  try {
    const pdf = join(dir, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
    // The second printed page: the figures and the first charts (the first is the family's page).
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '2',
      '-l',
      '2',
      '-singlefile',
      pdf,
      join(dir, 'page'),
    ]);
    copyFileSync(join(dir, 'page.png'), 'docs/review-report-print.png');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('wrote docs/review-{session,progress,overview,report,report-print}.png');
} finally {
  await s.close();
  await app.close();
}
