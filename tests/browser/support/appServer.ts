import { createServer, type ViteDevServer } from 'vite';

export interface AppServer {
  url: string;
  server: ViteDevServer;
  close(): Promise<void>;
}

/**
 * Serves the app as `npm run dev` does (the Vite dev server with the project's config, CSP header included),
 * on a free loopback port, for tests, benchmarks and screenshots. (`npm start`'s production server is tested
 * by offline.test.ts and no-foreign-requests.test.ts.)
 */
export async function startApp(): Promise<AppServer> {
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
