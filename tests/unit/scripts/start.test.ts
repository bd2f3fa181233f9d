import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, withCspMeta } from '../../../scripts/csp.mjs';
import { attuneHandler } from '../../../scripts/start.mjs';

/** `npm start`'s request handler over a small dist/ of its own, with a school server configured. */
describe("npm start's server", () => {
  let dist: string;
  let server: Server;
  let base: string;
  const school = 'http://127.0.0.1:5984';

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'attune-dist-'));
    const page =
      '<!doctype html><html><head><meta charset="utf-8" /></head><body><p>Attune</p></body></html>';
    writeFileSync(join(dist, 'index.html'), withCspMeta(page, contentSecurityPolicy()));
    mkdirSync(join(dist, 'wasm'));
    mkdirSync(join(dist, 'models'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'wasm', 'vision.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
    writeFileSync(join(dist, 'wasm', 'loader.mjs'), 'export default 1;\n');
    writeFileSync(join(dist, 'models', 'pose.task'), Buffer.from('PK'));
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1);\n');
    writeFileSync(join(dist, 'manifest.webmanifest'), '{"name":"Attune"}');
    writeFileSync(join(dist, '.sources-sha256'), 'abc\n');
    server = createServer(attuneHandler({ dist, schoolServer: school }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dist, { recursive: true, force: true });
  });

  const policy = contentSecurityPolicy({ schoolServer: school });

  it('sends the page with the school server in its <meta> and in the header, the same policy', async () => {
    for (const path of ['/', '/index.html', '/?learner=1']) {
      const res = await fetch(base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(policy);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain(`content="${policy}"`);
      expect(html.match(/Content-Security-Policy/g)).toHaveLength(1);
    }
  });

  it('serves /attune-config.json with the school server, never cached', async () => {
    const res = await fetch(`${base}/attune-config.json`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ schoolServer: school });
  });

  it('sends WASM, ES modules and model bundles with their MIME types, and the policy on each', async () => {
    const types = {
      '/wasm/vision.wasm': 'application/wasm',
      '/wasm/loader.mjs': 'text/javascript',
      '/models/pose.task': 'application/octet-stream',
      '/manifest.webmanifest': 'application/manifest+json',
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain(type);
      expect(res.headers.get('content-security-policy'), path).toBe(policy);
    }
    const hashed = await fetch(`${base}/assets/index-abc123.js`);
    expect(hashed.headers.get('cache-control')).toContain('immutable');
  });

  it('answers 404 with the policy for a missing file, and never serves its dot files', async () => {
    for (const path of ['/nothing-here.js', '/.sources-sha256']) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(policy);
    }
  });
});
