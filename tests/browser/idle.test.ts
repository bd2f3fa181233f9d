import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { review } from './support/review.ts';
import { addLearner, enterStaffPin } from './support/staff.ts';

declare global {
  interface Window {
    /** Animation frame callbacks the page has run, every one (pixi's tickers' too): counted by this test. */
    attuneFrameCallbacks?: number;
  }
}

/** Counts every animation frame callback the page runs, from before the app's own scripts start. */
function countFrameCallbacks(): void {
  window.attuneFrameCallbacks = 0;
  const request = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    request((t) => {
      window.attuneFrameCallbacks = (window.attuneFrameCallbacks ?? 0) + 1;
      callback(t);
    });
}

/**
 * Over at least `ms` of the page's time, and (with `untilDrawn`) until the stage has drawn a frame (a loaded machine
 * can hold a timer back for seconds): animation frame callbacks run, frames the stage drew, and the time taken.
 */
function idleFor(
  page: Page,
  ms: number,
  untilDrawn: boolean,
): Promise<{ callbacks: number; stageFrames: number; elapsedMs: number }> {
  return page.evaluate(
    async ({ ms, untilDrawn }) => {
      const d = window.attuneDiagnostics;
      d?.takeFrameTimes();
      const before = window.attuneFrameCallbacks ?? 0;
      const start = performance.now();
      let stageFrames = 0;
      const minEnd = start + ms;
      const maxEnd = start + 30_000;
      while (performance.now() < minEnd || (untilDrawn && stageFrames === 0 && performance.now() < maxEnd)) {
        await new Promise((r) => setTimeout(r, 100));
        stageFrames += d?.takeFrameTimes().length ?? 0;
      }
      return {
        callbacks: (window.attuneFrameCallbacks ?? 0) - before,
        stageFrames,
        elapsedMs: performance.now() - start,
      };
    },
    { ms, untilDrawn },
  );
}

/**
 * An animation frame asked for is a frame the page makes, changed or not: five loops asking for every frame kept an
 * idle app page at about a quarter of a core (headless Chromium, software GL), and a school PC's fan going. Idle,
 * only the resting stage's own few frames a second may run; the stage must still wake at once when it is needed.
 */
describe('an idle Attune page', () => {
  let s: Session | undefined;
  afterAll(async () => {
    await s?.close();
  });

  it('asks for no animation frames beyond the resting stage’s, none under review, and wakes the stage at once', async () => {
    s = await launch({ noDevices: true });
    const { page } = s;
    await s.context.addInitScript(countFrameCallbacks);
    await page.goto(baseUrl());
    await addLearner(page, 'Idle');
    // The resting stage (no session, the panel over it) goes on at 2 frames a second, each one callback.
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics !== undefined),
      (ready) => ready,
      'the app to start',
    );
    const resting = await idleFor(page, 2000, true);
    // Was ~590 callbacks in 2 s: pixi's two tickers, the diagnostics' watch, the panel's and the stage link's loops.
    expect(resting.callbacks).toBeLessThanOrEqual(2 + (2 * resting.elapsedMs) / 1000);
    // Still drawing: what it shows follows the panel's choices.
    expect(resting.stageFrames).toBeGreaterThanOrEqual(1);
    expect(resting.stageFrames).toBeLessThanOrEqual(resting.callbacks);

    // Review covers the stage: nothing at all draws.
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    await review(page).waitFor();
    await page.waitForTimeout(500);
    const underReview = await idleFor(page, 2000, false);
    expect([underReview.callbacks, underReview.stageFrames]).toEqual([0, 0]);
    await review(page).getByRole('button', { name: 'Back to panel' }).click();
    const panel = page.getByRole('dialog', { name: 'Practitioner panel' });
    await panel.waitFor();

    // A session starts: the panel hides and the stage draws in the very next animation frame (the first
    // callback asked for once the panel is hidden runs after the stage's own in that frame).
    const drawnInFirstFrame = await panel.evaluate(
      (element) =>
        new Promise<number>((resolve) => {
          new MutationObserver((_, observer) => {
            if (!(element as HTMLElement).hidden) return;
            observer.disconnect();
            window.attuneDiagnostics?.takeFrameTimes();
            requestAnimationFrame(() => resolve(window.attuneDiagnostics?.takeFrameTimes().length ?? 0));
          }).observe(element, { attributes: true, attributeFilter: ['hidden'] });
          const start = [...document.querySelectorAll('button')].find(
            (b) => b.textContent === 'Start session',
          );
          start?.click();
        }),
    );
    expect(drawnInFirstFrame).toBe(1);
  });
});
