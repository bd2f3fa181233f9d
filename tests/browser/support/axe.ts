import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * The serious and critical accessibility problems axe-core finds in review (or the whole page when review is not
 * there), one line each: what the review pages must keep empty.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  const path = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  // Evaluated through the debugging protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(readFileSync(path, 'utf8'));
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string; nodes: unknown[] };
    const { axe } = window as unknown as { axe: { run(c: Element): Promise<{ violations: Violation[] }> } };
    const result = await axe.run(document.querySelector('section.review') ?? document.body);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} places)`);
  });
}
