import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SchoolServer {
  /** The server's origin, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** Kills the server outright (SIGKILL), as a power cut or a crash would, and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder. */
  restart(): Promise<void>;
  /** Every document of a database, as the server holds them now. */
  allDocs(database: string): Promise<{ id: string; doc: Record<string, unknown> }[]>;
  /** The ids of a database's documents (404 before the first write: none). */
  ids(database: string): Promise<string[]>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts tests/browser/support/schoolServer.mjs (a CouchDB-compatible server on disk) on a free loopback port.
 * `delayMs` holds each document write back, as a slow network would.
 */
export async function startSchoolServer(delayMs = 0): Promise<SchoolServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'attune-school-server-'));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(
        process.execPath,
        ['tests/browser/support/schoolServer.mjs', String(port), dir, String(delayMs)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      child = c;
      c.once('error', reject);
      c.once('exit', (code) => reject(new Error(`The school server stopped before it listened (${code}).`)));
      c.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve();
      });
    });

  const kill = () =>
    new Promise<void>((resolve) => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) {
        resolve();
        return;
      }
      c.removeAllListeners('exit');
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });

  await start();
  return {
    url,
    kill,
    restart: start,
    async allDocs(database) {
      const response = await fetch(`${url}/${database}/_all_docs?include_docs=true`);
      if (!response.ok) throw new Error(`The school server answered ${response.status}.`);
      const body = (await response.json()) as { rows: { id: string; doc: Record<string, unknown> }[] };
      return body.rows.map((r) => ({ id: r.id, doc: r.doc }));
    },
    async ids(database) {
      const response = await fetch(`${url}/${database}/_all_docs`);
      if (response.status === 404) return [];
      if (!response.ok) throw new Error(`The school server answered ${response.status}.`);
      return ((await response.json()) as { rows: { id: string }[] }).rows.map((r) => r.id);
    },
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
