import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import { takeTimingLane } from './timingLane.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LaunchOptions {
  /** Absolute or repo-relative path of a .y4m file for the fake camera. */
  video?: string;
  /** Absolute or repo-relative path of a .wav file for the fake microphone. */
  audio?: string;
  /**
   * Reuse a profile (for crash-recovery tests); a fresh temporary one otherwise, or with `noDevices`, a fresh
   * context in a browser shared with other such launches (and an empty temporary folder here, for the test's files).
   */
  userDataDir?: string;
  /** Leave out the fake devices entirely, so the app sees no camera or microphone. */
  noDevices?: boolean;
  /**
   * A microphone and no camera, as on a computer without one. Without `video`, Chromium's fake camera shows its
   * own moving test pattern, and the vision models and the motion worker then run on it all session (about a
   * core between them on this machine): a test of the microphone alone has no use for that.
   */
  noCamera?: boolean;
  /** Grant camera and microphone without asking (default true). */
  allowMedia?: boolean;
  /** More Chromium switches (e.g. for the soak benchmark's memory figures). */
  args?: string[];
  /**
   * Let the page register its service worker (default: blocked, as on the dev server, which has none). Only
   * the tests of offline use and of the worker's own requests need it; elsewhere it would precache 40 MB of
   * models and WASM in every new profile, for nothing.
   */
  serviceWorkers?: 'allow' | 'block';
  /**
   * With a camera clip, whether launch waits for the timing lane (default true). False: the test takes it itself
   * (takeTimingLane) before a page asks for the camera, and the lane serves another file meanwhile.
   */
  laneAtLaunch?: boolean;
  /** The window's size in CSS pixels: 1280 x 720, or 960 x 540 with a camera clip (CAMERA_VIEWPORT). */
  viewport?: { width: number; height: number };
}

/** The window most tests open the app in. */
export const DEFAULT_VIEWPORT = { width: 1280, height: 720 } as const;
/**
 * The window for a test with a camera clip: a quarter of a 1920 x 1080 whiteboard, the stage and panel as they
 * are on a smaller screen. A camera session redraws the whole page some 30 times a second, and headless Chromium
 * composites it on the processor: a still camera's session cost 1.24-1.51 cores at 1280 x 720 and 0.94-1.25 at
 * 960 x 540 (cgroup CPU over 30 s, six and five runs interleaved beside other work), about a fifth less. Those
 * sessions are most of the test run's CPU, which is what sets its length on two cores.
 */
export const CAMERA_VIEWPORT = { width: 960, height: 540 } as const;

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every request the page or its workers made, in order. */
  requests: Request[];
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * The Chromium that serves every launch with no devices, no profile of its own and no extra switches in this
 * worker: each such launch gets a fresh context in it (its own storage, as a new profile has), not a browser of its
 * own. Starting Chromium cost some 2 s of CPU, and 30-odd of the suite's launches are of this kind; a browser with
 * no context open costs nothing meanwhile. A worker runs its browser files one after another (vitest.config.ts),
 * so this browser lasts from its first such launch to the worker's end.
 */
let sharedBrowser: Promise<Browser> | undefined;

/** Closes the shared browser (globalSetup's own launch, in the main process, is the only one it leaves). */
export async function closeSharedBrowser(): Promise<void> {
  const browser = sharedBrowser;
  sharedBrowser = undefined;
  await (await browser)?.close();
}

/** Sessions launched and not yet closed, in this worker (shared by the browser files it runs one after another). */
const openSessions = new Set<Session>();

/**
 * Closes any session a test file left open (one that failed before its own close, say): run after every browser
 * file (laneRelease.ts), since its worker goes on to the next file and an open Attune page keeps drawing.
 */
export async function closeLeftOpen(): Promise<void> {
  for (const s of [...openSessions]) await s.close();
}

/**
 * Starts Debian's Chromium with a fake camera and microphone fed from files. A browser that cannot start is a
 * failure, never a skip: the error says what is missing.
 */
export async function launch(options: LaunchOptions = {}): Promise<Session> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium).`);
  }
  const ownProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'attune-profile-'));
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--autoplay-policy=no-user-gesture-required',
    ...(options.args ?? []),
  ];
  if (!options.noDevices) {
    if (options.allowMedia !== false) args.push('--use-fake-ui-for-media-stream');
    // device-count is the number of fake cameras; the fake microphones are not counted in it.
    args.push(`--use-fake-device-for-media-stream${options.noCamera ? '=device-count=0' : ''}`);
    if (options.noCamera && options.video) throw new Error('launch: a camera clip was given with noCamera.');
    if (options.video) args.push(`--use-file-for-fake-video-capture=${resolve(options.video)}`);
    if (options.audio) args.push(`--use-file-for-fake-audio-capture=${resolve(options.audio)}`);
  }
  // A camera clip waits for the timing lane (timingLane.ts), kept to the end of the test file.
  if (options.video && !options.noDevices && options.laneAtLaunch !== false) await takeTimingLane();
  const browserOptions = {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    ignoreDefaultArgs: ['--mute-audio', '--headless'],
  };
  const contextOptions = {
    viewport: options.viewport ?? (options.video ? CAMERA_VIEWPORT : DEFAULT_VIEWPORT),
    serviceWorkers: options.serviceWorkers ?? 'block',
  } as const;
  const shared =
    options.noDevices === true &&
    ownProfile &&
    (options.args ?? []).length === 0 &&
    contextOptions.serviceWorkers === 'block';
  let context: BrowserContext;
  if (shared) {
    if (!sharedBrowser) {
      const starting = chromium.launch(browserOptions);
      sharedBrowser = starting;
      // One that crashed or was closed is started again by the next launch.
      void starting.then(
        (b) =>
          b.on('disconnected', () => {
            if (sharedBrowser === starting) sharedBrowser = undefined;
          }),
        () => {
          if (sharedBrowser === starting) sharedBrowser = undefined;
        },
      );
    }
    context = await (await sharedBrowser).newContext(contextOptions);
  } else {
    context = await chromium.launchPersistentContext(userDataDir, { ...browserOptions, ...contextOptions });
  }
  const requests: Request[] = [];
  context.on('request', (r) => requests.push(r));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  const session: Session = {
    context,
    page,
    requests,
    userDataDir,
    async close() {
      openSessions.delete(session);
      await context.close().catch(() => undefined);
      if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  openSessions.add(session);
  return session;
}

/**
 * Opens the app and waits until its panel is there. A loaded two-core machine can take minutes over a first
 * load (the dev server compiles the app then): far longer than an action's usual wait.
 */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url, { timeout: 300_000 });
  await page.getByLabel('New learner (pseudonym)').waitFor({ timeout: 300_000 });
}

/** The address of the app served by globalSetup. */
export function baseUrl(): string {
  const url = process.env.ATTUNE_BASE_URL;
  if (!url)
    throw new Error('ATTUNE_BASE_URL is not set: run browser tests through `vitest --project browser`.');
  return url;
}

/** The address of the dev server that serves the test pages under tests/browser/pages (see globalSetup). */
export function pagesUrl(): string {
  const url = process.env.ATTUNE_PAGES_URL;
  if (!url)
    throw new Error('ATTUNE_PAGES_URL is not set: run browser tests through `vitest --project browser`.');
  return url;
}

/** Polls `read` until `ok` holds for its value, or fails with what was last seen. */
export async function waitFor<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > until)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`,
      );
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

/**
 * Mean brightness (0..255) of a square of the page around (x, y), from a real screenshot: what the compositor
 * shows, so the stage needs no preserveDrawingBuffer. The PNG is decoded by the page's own image decoder.
 */
export async function brightnessAround(page: Page, x: number, y: number, radius = 24): Promise<number> {
  // Kept inside the page: a hand drawn at the very edge still gets a full square next to it.
  const view = page.viewportSize() ?? DEFAULT_VIEWPORT;
  const clip = {
    x: Math.min(Math.max(0, x - radius), view.width - radius * 2),
    y: Math.min(Math.max(0, y - radius), view.height - radius * 2),
    width: radius * 2,
    height: radius * 2,
  };
  const png = (await page.screenshot({ clip })).toString('base64');
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    if (!ctx) return 0;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += (d[i] ?? 0) + (d[i + 1] ?? 0) + (d[i + 2] ?? 0);
    return sum / (d.length / 4) / 3;
  }, png);
}
