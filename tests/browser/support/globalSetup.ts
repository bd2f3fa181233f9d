import { type AppServer, startApp } from './appServer.ts';

let app: AppServer | undefined;

/**
 * Serves the app once for every browser test file, on a port of its own so a running `npm start` is no
 * bother. Test workers start after this and inherit the address through the environment.
 */
export async function setup(): Promise<void> {
  app = await startApp();
  process.env.ATTUNE_BASE_URL = app.url;
}

export async function teardown(): Promise<void> {
  await app?.close();
}
