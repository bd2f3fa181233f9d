import type { Locator, Page } from 'playwright-core';
import { type AttuneExport, toJson } from '../../../src/core/exportFormat.ts';
import { waitFor } from './browser.ts';

/** Review's region of the page. */
export const review = (page: Page): Locator => page.getByRole('region', { name: 'Review' });

/**
 * Imports `data` as staff do, through review's Import file (review open, staff PIN entered), and waits for the
 * line saying it was imported. A refused file fails the wait with review's own words for why.
 */
export async function importThroughReview(page: Page, data: AttuneExport, timeoutMs?: number): Promise<void> {
  await review(page)
    .getByLabel('Import file')
    .setInputFiles({ name: 'learner.json', mimeType: 'application/json', buffer: Buffer.from(toJson(data)) });
  await review(page).getByRole('button', { name: 'Import', exact: true }).click();
  await waitFor(
    async () =>
      (await review(page).locator('p.done').textContent()) ||
      (await review(page).locator(':scope > p.problem').textContent()) ||
      '',
    (t) => t.startsWith(`Imported ${data.learner.pseudonym}`),
    `${data.learner.pseudonym} imported`,
    timeoutMs,
  );
}
