import { createServer, type ViteDevServer } from 'vite';

let server: ViteDevServer | undefined;

/**
 * Serves the app once for every browser test file, on a port of its own so a running `npm start` is no
 * bother. Test workers start after this and inherit the address through the environment.
 */
export async function setup(): Promise<void> {
  server = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    server: { port: 0, strictPort: false, host: '127.0.0.1', hmr: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('The test server did not start.');
  process.env.ATTUNE_BASE_URL = `http://127.0.0.1:${address.port}`;
}

export async function teardown(): Promise<void> {
  await server?.close();
}
