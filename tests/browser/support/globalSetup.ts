import { type AppServer, buildApp, type DevServer, startApp, startBuiltApp } from './appServer.ts';
import { closeSharedBrowser, launch, openApp } from './browser.ts';

let app: AppServer | undefined;
let pages: DevServer | undefined;
let built: Awaited<ReturnType<typeof buildApp>> | undefined;

/**
 * Serves the app once for every browser test file, on ports of their own so a running `npm start` is no
 * bother: a production build, made once for the run (ATTUNE_BUILT_DIR) and served as `npm start` serves it
 * (ATTUNE_BASE_URL), and the Vite dev server for the test pages under tests/browser/pages (ATTUNE_PAGES_URL),
 * which compiles them only when a test opens one. Test workers start after this and inherit all three through
 * the environment.
 *
 * The app is opened once here so that Chromium's first start (its caches in a new temporary directory) and the
 * build are not charged to the first test.
 */
export async function setup(): Promise<void> {
  // Names this run's timing lane (timingLane.ts), so another run on the machine has its own.
  process.env.ATTUNE_RUN_ID = `${process.pid}-${Date.now()}`;
  built = await buildApp();
  process.env.ATTUNE_BUILT_DIR = built.dir;
  app = await startBuiltApp();
  pages = await startApp();
  process.env.ATTUNE_BASE_URL = app.url;
  process.env.ATTUNE_PAGES_URL = pages.url;
  const s = await launch({ noDevices: true });
  try {
    await openApp(s.page, app.url);
  } finally {
    await s.close();
    // The test workers have their own; this process has none to serve.
    await closeSharedBrowser();
  }
}

export async function teardown(): Promise<void> {
  await app?.close();
  await pages?.close();
  built?.remove();
}
