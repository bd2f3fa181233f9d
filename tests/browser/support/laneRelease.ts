import { afterAll } from 'vitest';
import { giveCameraLane } from './cameraLane.ts';

// Run before every browser test file (vitest.config.ts setupFiles): the file's camera lane, if it took it, goes
// back when the file is done, passed or failed.
afterAll(() => giveCameraLane());
