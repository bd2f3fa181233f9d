import { type ChildProcess, spawn } from 'node:child_process';

export interface StartServer {
  url: string;
  /** Everything the server printed. */
  output(): string;
  /** Stops the server and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs `npm start`'s server (scripts/start.mjs) as a school PC does, on a free loopback port, building the app
 * first if its sources changed. Node runs the script directly: npm would only add its own process around it.
 */
export async function runStartServer(env: Record<string, string> = {}): Promise<StartServer> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not serve within 10 minutes:\n${text}`)),
      600_000,
    );
    const read = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /serving Attune at (http:\/\/\S+?)\/?\s/.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before serving:\n${text}`));
    });
  });
  return {
    url,
    output: () => text,
    async stop() {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}
