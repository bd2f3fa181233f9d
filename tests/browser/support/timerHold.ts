import type { BrowserContext, Page } from 'playwright-core';

/**
 * Lets a test stall the page's interval timers, as a hidden or throttled tab's are: installed before the app loads
 * (every page of `context`), so the app's timers go through it; `holdTimers` then makes each skip its turns.
 */
export async function allowHoldingTimers(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as Window & { attuneHoldTimers?: boolean };
    const setInterval = window.setInterval.bind(window);
    window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) =>
      setInterval(() => {
        if (w.attuneHoldTimers || typeof handler !== 'function') return;
        (handler as (...a: unknown[]) => void)(...args);
      }, ms)) as typeof window.setInterval;
  });
}

/** From now on the page's interval timers (see `allowHoldingTimers`) skip their turns. */
export async function holdTimers(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { attuneHoldTimers: true }));
}
