import { configDefaults, defineConfig } from 'vitest/config';
import { FileTimeline } from './tests/browser/support/fileTimeline.ts';
import { LaneSequencer } from './tests/browser/support/laneSequencer.ts';

/**
 * Three projects, which `npm test` runs together in one pool of workers:
 * - unit: pure tests in Node, no external programs and no generated recordings; runs in seconds.
 * - media: Node tests that spawn sox, espeak-ng, ffmpeg or tsx, read the generated voice recordings, or run
 *   long signal processing. Membership is by file name: a test under tests/unit/ named `*.media.test.ts` is a
 *   media test, every other `*.test.ts` there is a unit test. Name a test so when it needs one of these.
 * - browser: the whole app in headless Chromium.
 * Timeouts are sized for a loaded two-core machine, many times what each test takes alone, so that a slow run
 * is not a failing one; the work each test does, not the clock, is what the tests check.
 */
const MEDIA_TESTS = 'tests/unit/**/*.media.test.ts';

/**
 * Browser tests not yet seen passing: out of `npm test` (and so CI) until they pass, and run on their own by
 * `npm run test:quarantine`. Each entry says what fails. A test goes here only with its failure written down in
 * the project's notes, never to hide one; the list should be empty.
 */
const QUARANTINED: readonly string[] = [];

/**
 * Workers for the projects, which `npm test` runs together: most browser files wait on real time (a session's
 * seconds, a clip's loop), so the unit and media files' work and a second browser file fit beside them on two
 * cores. They must be the same number: projects run together share one pool. ATTUNE_BROWSER_WORKERS=1 runs every
 * file one after another.
 */
const WORKERS = Number(process.env.ATTUNE_BROWSER_WORKERS ?? 2);

export default defineConfig({
  test: {
    // Read from here only, not per project: it orders the browser files for their two workers, and leaves
    // unit and media files in the usual order (none is in the timing lane).
    sequence: { sequencer: LaneSequencer },
    // The console's usual report, and each file's start and end in .tmp/test-timeline.txt (how the run's length
    // falls on the workers and the timing lane).
    reporters: ['default', new FileTimeline()],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, MEDIA_TESTS],
          // The unit files run one after another in a worker that keeps its loaded modules, not each in a fresh
          // one: starting a worker and loading vitest and the sources again cost more than the tests themselves
          // (the project alone: ~50 s of CPU isolated, ~15 s not). They are pure, so nothing a file leaves
          // behind matters to the next; one that puts a stand-in on globalThis takes it away after itself.
          isolate: false,
          maxWorkers: WORKERS,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'media',
          environment: 'node',
          include: [MEDIA_TESTS],
          // Builds the generated voice recordings (40-80 s the first time) once, before the workers start.
          globalSetup: ['tests/unit/support/globalSetup.ts'],
          // As the unit files: a worker goes on to the next media file rather than a fresh one starting for each.
          isolate: false,
          maxWorkers: WORKERS,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...QUARANTINED],
          globalSetup: ['tests/browser/support/globalSetup.ts'],
          setupFiles: ['tests/browser/support/laneRelease.ts'],
          // A worker goes on to the next browser file rather than a fresh one starting for each (about a second of
          // CPU a file, loading vitest, playwright-core and the sources again). Each file closes what it opens;
          // the set-up file still runs for every file (vitest runs setupFiles again), so the lane goes back.
          isolate: false,
          // Two files at a time (with the unit and media files, when run together), one of them at most with a
          // camera clip or a power cut (tests/browser/support/timingLane.ts).
          maxWorkers: WORKERS,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'quarantine',
          environment: 'node',
          // Nothing matches when the list is empty: vitest then finds no file and says so.
          include: [...QUARANTINED],
          globalSetup: ['tests/browser/support/globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
