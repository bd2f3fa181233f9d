import { mkdirSync } from 'node:fs';
import { SCHEMA_VERSION } from '../src/core/events.ts';
import { type ExportedSession, makeExport, toJson } from '../src/core/exportFormat.ts';
import { DEFAULT_TURN_PARAMS } from '../src/core/turns/params.ts';
import { lastEventMs } from '../src/core/turns/summary.ts';
import { startApp } from '../tests/browser/support/appServer.ts';
import { launch, openApp, waitFor } from '../tests/browser/support/browser.ts';
import { enterStaffPin } from '../tests/browser/support/staff.ts';
import { interactionEvents } from '../tests/unit/support/interaction.ts';
import { prng } from '../tests/unit/support/timeline.ts';

/**
 * `npx tsx scripts/reviewScreenshots.ts`: review's session page and progress page for the README, from a made-up
 * learner of twelve sessions over three months (the seeded session generator the tests use), imported through
 * review as staff would import an export file.
 */
const DAY = 86_400_000;
const now = Date.now();
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
  return {
    meta: {
      id: `robin-${i}`,
      learnerId: learner.id,
      startedAt,
      endedAt: startedAt + lastEventMs(events) + 2000,
      status: 'ended',
      schemaVersion: SCHEMA_VERSION,
      turnParams: { ...DEFAULT_TURN_PARAMS },
    },
    events,
  };
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
  await review.getByLabel('Import file').setInputFiles({
    name: 'robin.json',
    mimeType: 'application/json',
    buffer: Buffer.from(toJson(makeExport(learner, sessions, now))),
  });
  await review.getByRole('button', { name: 'Import', exact: true }).click();
  await waitFor(
    async () => (await review.locator('p.done').textContent()) ?? '',
    (t) => t.startsWith('Imported Robin'),
    'Robin imported',
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
  console.log('wrote docs/review-session.png, docs/review-progress.png');
} finally {
  await s.close();
  await app.close();
}
