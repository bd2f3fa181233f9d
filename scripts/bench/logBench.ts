import type { LogBenchResult } from '../../tests/browser/pages/logBench.ts';
import { startApp } from '../../tests/browser/support/appServer.ts';
import { launch } from '../../tests/browser/support/browser.ts';
import { fmt } from './stats.ts';

/** A simulated six-hour session through the real IndexedDB log in Chromium: write, size, load for review. */
export async function runLogBench(hours = 6): Promise<void> {
  const app = await startApp();
  const url = app.url;
  const s = await launch({ noDevices: true });
  try {
    await s.page.goto(`${url}/tests/browser/pages/logBench.html`);
    await s.page.waitForFunction(() => typeof window.runLogBench === 'function');
    const r = (await s.page.evaluate((h) => window.runLogBench?.(h), hours)) as LogBenchResult;
    const mb = (r.bytesAfter - r.bytesBefore) / 1e6;
    console.log(`\n## Log: a simulated ${r.hours}-hour session (IndexedDB in headless Chromium)`);
    console.log(
      `events ${r.events} + feature chunks ${r.featureChunks} (10 Hz summaries) in ${r.transactions} transactions`,
    );
    console.log(
      `write: ${fmt(r.writeMs / 1000)} s in all, ${fmt((r.events + r.featureChunks) / (r.writeMs / 1000), 0)} records/s, ${fmt(r.writeMs / r.transactions, 2)} ms per half-second batch (${fmt((r.writeMs / r.transactions / 500) * 100, 2)} % of the time it covers)`,
    );
    console.log(
      `storage: ${fmt(mb)} MB (${fmt((r.bytesAfter - r.bytesBefore) / (r.events + r.featureChunks), 0)} bytes a record)`,
    );
    console.log(
      `load for review: events ${fmt(r.loadEventsMs, 0)} ms (${fmt(r.loadEventsMs / r.jsonRoundTripMs, 2)}x a JSON round trip of the same events, ${fmt(r.jsonRoundTripMs, 0)} ms), summaries ${fmt(r.loadFeaturesMs, 0)} ms, turn-taking figures ${fmt(r.summariseMs, 0)} ms; total ${fmt(r.loadEventsMs + r.loadFeaturesMs + r.summariseMs, 0)} ms`,
    );
  } finally {
    await s.close();
    await app.close();
  }
}
