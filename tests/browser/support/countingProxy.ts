import { createServer as createHttpServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  /** The proxy's address, for Chromium's --proxy-server. */
  url: string;
  /** Every request that reached the proxy: a URL for plain HTTP, https://host:port for a tunnel. */
  seen: string[];
  close(): Promise<void>;
}

const HOP_BY_HOP = ['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive'];

/**
 * An HTTP proxy that writes down every request the browser makes, workers' and the service worker's included,
 * since they all leave the browser through it. It passes on requests to the loopback address only (the app's
 * own server) and refuses everything else, tunnels (HTTPS, WebSocket) included, so nothing reaches the internet.
 */
export async function startCountingProxy(): Promise<CountingProxy> {
  const seen: string[] = [];
  const server = createHttpServer((req: IncomingMessage, res) => {
    seen.push(req.url ?? '');
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (target.hostname !== '127.0.0.1') {
      res.writeHead(403).end();
      return;
    }
    const headers = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    const upstream = request(target, { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, socket) => {
    seen.push(`https://${req.url ?? ''}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Chromium switches that send every request through the proxy, loopback included (it is bypassed by default). */
export function proxyArgs(proxy: CountingProxy): string[] {
  return [`--proxy-server=${proxy.url}`, '--proxy-bypass-list=<-loopback>'];
}
