import { type AppServer, startApp } from './appServer.ts';
import { launch, openApp } from './browser.ts';

let app: AppServer | undefined;

/**
 * Serves the app once for every browser test file, on a port of its own so a running `npm start` is no
 * bother. Test workers start after this and inherit the address through the environment.
 *
 * The development server compiles the app on its first load, which on a busy two-core machine can take longer
 * than a test's first wait: the app is loaded once here, with all the time it needs, so that every test meets
 * a server that has already compiled it.
 */
export async function setup(): Promise<void> {
  app = await startApp();
  process.env.ATTUNE_BASE_URL = app.url;
  const s = await launch({ noDevices: true });
  try {
    await openApp(s.page, app.url);
  } finally {
    await s.close();
  }
}

export async function teardown(): Promise<void> {
  await app?.close();
}
