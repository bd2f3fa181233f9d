import { afterAll } from 'vitest';
import { giveTimingLane } from './timingLane.ts';

// Run before every browser test file (vitest.config.ts setupFiles): the file's timing lane, if it took it, goes
// back when the file is done, passed or failed.
afterAll(() => giveTimingLane());
