import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer, type ViteDevServer } from 'vite';
import { attuneHandler } from '../../../scripts/start.mjs';

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

export interface DevServer extends AppServer {
  server: ViteDevServer;
}

/**
 * Serves the app as `npm run dev` does (the Vite dev server with the project's config, CSP header included),
 * on a free loopback port. Benchmarks and screenshots use it, and browser tests for the pages under
 * tests/browser/pages, which only the dev server compiles.
 */
export async function startApp(): Promise<DevServer> {
  const server = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    server: { port: 0, strictPort: false, host: '127.0.0.1', hmr: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('The app server did not start.');
  return { url: `http://127.0.0.1:${address.port}`, server, close: () => server.close() };
}

/**
 * Builds the app as `npm start` does, into a new temporary folder of its own: never into dist/, which a
 * running `npm start` serves and which would change under a test run if the sources did.
 */
export async function buildApp(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-built-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Serves a build of the app (from buildApp; by default the one globalSetup made for this run, ATTUNE_BUILT_DIR)
 * with `npm start`'s own request handler, so with the same policy header and /attune-config.json. Browser tests
 * use it because a built page loads in some 17 requests where the dev server's takes about 200, which saves
 * some 2.5 s each time a test opens the app.
 */
export async function startBuiltApp(
  options: { dist?: string; schoolServer?: string } = {},
): Promise<AppServer> {
  const dist = options.dist ?? process.env.ATTUNE_BUILT_DIR;
  if (!dist)
    throw new Error('ATTUNE_BUILT_DIR is not set: run browser tests through `vitest --project browser`.');
  const server = createHttpServer(attuneHandler({ dist, schoolServer: options.schoolServer ?? null }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
