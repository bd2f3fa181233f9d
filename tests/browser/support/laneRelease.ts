import { afterAll } from 'vitest';
import { closeLeftOpen } from './browser.ts';
import { giveTimingLane } from './timingLane.ts';

// Run before every browser test file (vitest.config.ts setupFiles), whose after-all hooks run before this one:
// when the file is done, passed or failed, a browser it left open is closed (its worker goes on to the next
// file), and its timing lane, if it took it, goes back.
afterAll(async () => {
  await closeLeftOpen();
  giveTimingLane();
});
