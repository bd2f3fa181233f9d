#!/usr/bin/env node
/**
 * `npm start`: serves the production build of Attune at http://localhost:5173 (or PORT), building it first when
 * its sources changed since the last build. The page is sent with the one Content-Security-Policy (scripts/
 * csp.mjs) in its <meta> and as a header on every response, with the school server from ATTUNE_SCHOOL_SERVER
 * added to it and told to the page through /attune-config.json, so changing that address needs no rebuild.
 *
 * Plain Node ESM, no POSIX-only call: it runs the same on Windows, macOS and Linux.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { attuneConfigJson, contentSecurityPolicy, schoolServerOrigin, withCspMeta } from './csp.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
/** The hash of the sources dist/ was built from; a dot file, so neither served nor precached. */
const BUILT_FROM = join(DIST, '.sources-sha256');
/** What the build reads: a change to any of these means the build is stale. */
const SOURCES = [
  'src',
  'assets',
  'index.html',
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  'scripts/csp.mjs',
];

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** One hash over every source file's path (with / on every system) and content. */
export function sourcesHash() {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((s) => filesUnder(join(ROOT, s)))) {
    hash.update(relative(ROOT, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Builds dist/ unless it was built from these very sources. */
export async function buildIfChanged() {
  const hash = sourcesHash();
  const built = existsSync(BUILT_FROM) ? readFileSync(BUILT_FROM, 'utf8').trim() : '';
  if (built === hash && existsSync(join(DIST, 'index.html'))) return;
  console.log('attune: building the app (its sources changed since the last build)…');
  const { build } = await import('vite');
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  // Written last: a build that failed half-way leaves no hash, so the next start builds again.
  writeFileSync(BUILT_FROM, `${hash}\n`);
}

/** The served headers for one file: the policy everywhere; the page, its config and the worker never stale. */
function headersFor(policy) {
  return (res, pathname) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (pathname.endsWith('.task')) res.setHeader('Content-Type', 'application/octet-stream');
    if (pathname === '/sw.js' || pathname === '/registerSW.js' || pathname.endsWith('.webmanifest')) {
      res.setHeader('Cache-Control', 'no-cache');
    } else if (pathname.startsWith('/assets/')) {
      // Vite names these by their content's hash.
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    } else {
      res.setHeader('Cache-Control', 'no-cache');
    }
  };
}

/** The request handler: the page and /attune-config.json made per start, every other file from dist/. */
export function attuneHandler({ dist = DIST, schoolServer = null } = {}) {
  const policy = contentSecurityPolicy({ schoolServer });
  const page = withCspMeta(readFileSync(join(dist, 'index.html'), 'utf8'), policy);
  const config = attuneConfigJson(schoolServer);
  const files = sirv(dist, { dev: false, etag: true, dotfiles: false, setHeaders: headersFor(policy) });
  const send = (req, res, type, body) => {
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Security-Policy': policy,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path === '/index.html') return send(req, res, 'text/html; charset=utf-8', page);
    if (path === '/attune-config.json') return send(req, res, 'application/json', config);
    files(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': policy });
      res.end('Not found');
    });
  };
}

async function main() {
  let schoolServer;
  try {
    schoolServer = schoolServerOrigin(process.env.ATTUNE_SCHOOL_SERVER);
  } catch (e) {
    console.error(`attune: ${e.message}`);
    process.exit(1);
  }
  try {
    await buildIfChanged();
  } catch (e) {
    console.error(`attune: the app could not be built, so nothing is served. ${e.message ?? e}`);
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 5173);
  const host = process.env.HOST ?? 'localhost';
  const server = createServer(attuneHandler({ schoolServer }));
  server.on('error', (e) => {
    if (e.code === 'EADDRINUSE') {
      console.error(
        `attune: port ${port} is already in use. Is Attune already running? To use another port, set PORT (e.g. PORT=5174).`,
      );
    } else console.error(`attune: the server could not start: ${e.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const shown = host.includes(':') ? `[${host}]` : host;
    const at = `http://${shown}:${typeof address === 'object' && address ? address.port : port}/`;
    console.log(`attune: serving Attune at ${at}`);
    console.log(`attune: school server: ${schoolServer ?? 'none (set ATTUNE_SCHOOL_SERVER to use one)'}`);
    console.log('attune: open that address in Chrome or Edge; press Ctrl+C here to stop.');
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
