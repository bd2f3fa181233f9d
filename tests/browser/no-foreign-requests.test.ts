import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, type Session, waitFor } from './support/browser.ts';
import { type CountingProxy, proxyArgs, startCountingProxy } from './support/countingProxy.ts';
import { makeMicFile } from './support/media.ts';
import { takeTimingLane } from './support/timingLane.ts';
import { wavingClip } from './support/visionClips.ts';
import { endSession, startSession } from './support/visionSession.ts';

/** tasks-vision's usage logger sends 60 s after the vision worker makes its tasks, then every 60 s. */
const LOGGER_PERIOD_MS = 60_000;

/**
 * Whatever serves Attune, nothing leaves the machine. The built app is served by a plain static server that
 * sends no Content-Security-Policy (so the vision worker has none), and a session runs with vision until
 * MediaPipe's usage logger has sent (60 s after the worker's models load) and been refused, during the session.
 * Requests are counted twice:
 * - at the network: every request the browser makes goes through a counting proxy, loopback included. Chromium
 *   makes some of its own (Debian's build checks for updates and signs in to nobody at start); the places it
 *   contacts with no page of Attune open, in the first 15 s, are written down first and printed, and only those
 *   are not held against the app;
 * - by the browser: every request of the page, its workers and the service worker (DevTools' network events).
 * Then a page with no policy makes two requests off the origin on purpose, one from a worker, to show that
 * both counts would have caught them.
 */
describe('no request leaves the origin, whatever serves the files', () => {
  let files: Server;
  let proxy: CountingProxy;
  let s: Session;
  let origin = '';
  let browserOwn = new Set<string>();
  let atProxy: string[] = [];
  let inBrowser: string[] = [];
  let sessionMs = 0;
  const workerLines: string[] = [];
  let controlAtProxy: string[] = [];
  let controlInBrowser: string[] = [];

  /** The origin of a proxy entry (a URL, or https://host:port for a tunnel). */
  const originOf = (entry: string) => (URL.canParse(entry) ? new URL(entry).origin : entry);
  const offOrigin = (url: string) =>
    !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:');

  beforeAll(async () => {
    // The run's own build of the app (globalSetup), as `npm start` builds it: building dist/ again here cost
    // about 12 s in a clean checkout, where dist/ does not exist yet (40 MB of models copied).
    const built = process.env.ATTUNE_BUILT_DIR;
    if (!built)
      throw new Error('ATTUNE_BUILT_DIR is not set: run browser tests through `vitest --project browser`.');
    // No headers of its own: the file's type and length, as any static file server sends.
    const serve = sirv(built, { dev: true, etag: false });
    files = createServer((req, res) =>
      serve(req, res, () => {
        res.writeHead(404).end();
      }),
    );
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    proxy = await startCountingProxy();

    s = await launch({
      video: wavingClip().path,
      audio: makeMicFile().path,
      args: proxyArgs(proxy),
      serviceWorkers: 'allow',
      // Taken below, once Chromium's quarter of a minute on its own is over: no page asks for the camera until then.
      laneAtLaunch: false,
    });
    const { page } = s;
    // Actions wait as long as a loaded machine needs: after the panel shows, the app goes on starting the camera,
    // microphone and vision on the page's one thread, which held a click for over 30 s under a load of 60.
    page.setDefaultTimeout(300_000);
    await page.waitForTimeout(15_000);
    browserOwn = new Set(proxy.seen.map(originOf));
    console.log('Chromium on its own, with no page of Attune open, contacted:', [...browserOwn]);
    const fromProxy = proxy.seen.length;
    const fromBrowser = s.requests.length;

    page.on('console', (m) => {
      if (m.worker()) workerLines.push(m.text());
    });
    await takeTimingLane();
    await openApp(page, origin);
    await startSession(page, 'Robin');
    // The session has started when the panel hides (under load, the first pose can come before it has).
    await page.getByRole('button', { name: 'Start session' }).waitFor({ state: 'hidden' });
    const started = Date.now();
    // The session runs until the logger has sent during it: its first send comes 60 s after the vision worker
    // made its tasks (as the camera came, before the session), the next 60 s later if the session started late.
    const linesAtStart = workerLines.length;
    await waitFor(
      async () =>
        workerLines
          .slice(linesAtStart)
          .some((l) => l.includes('refused a request to https://odml.pa.googleapis.com')),
      (v) => v,
      "the vision worker refusing MediaPipe's usage log during the session",
      2 * LOGGER_PERIOD_MS + 60_000,
    );
    await endSession(page);
    sessionMs = Date.now() - started;
    atProxy = proxy.seen.slice(fromProxy);
    inBrowser = s.requests.slice(fromBrowser).map((r) => r.url());

    // The control: the same browser, a page with no policy, a request from it and one from its worker.
    const blank = await s.context.newPage();
    await blank.goto('about:blank');
    await blank.evaluate(() => {
      fetch('http://control.invalid/from-page').catch(() => undefined);
      const code = "fetch('https://control.invalid/from-worker').catch(() => undefined);";
      new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    });
    const control = (u: string) => u.includes('control.invalid');
    controlAtProxy = await waitFor(
      async () => proxy.seen.slice(fromProxy + atProxy.length).filter(control),
      (u) => u.length >= 2,
      'the control requests at the proxy',
    );
    controlInBrowser = await waitFor(
      async () => s.requests.map((r) => r.url()).filter(control),
      (u) => u.length >= 2,
      'the control requests in the browser',
    );
  }, 900_000);

  afterAll(async () => {
    await s?.close();
    await proxy?.close();
    await new Promise((r) => files?.close(r));
  });

  it('runs a session with vision past MediaPipe’s usage log and sends nothing anywhere but its own origin', () => {
    console.log(
      `${Math.round(sessionMs / 1000)} s of session: ${atProxy.length} requests at the proxy, ${inBrowser.length} in the browser`,
    );
    // How long the session ran is set by the usage logger's send during it, which beforeAll waited for.
    // The proxy really was on the path: the page, scripts, workers, models and WASM all went through it.
    expect(atProxy.filter((u) => u.startsWith(`${origin}/models/`)).length).toBeGreaterThan(0);
    expect(atProxy.length).toBeGreaterThan(12);
    // Chromium's own services that it contacts only once a page with a form is open (Autofill's server, the
    // Optimization Guide): no page or worker can make these tunnels, and every request the page, its workers and
    // the service worker make is checked in the browser below. Printed, not held against the app.
    const chromiumOwn = new Set([
      'https://content-autofill.googleapis.com:443',
      'https://optimizationguide-pa.googleapis.com:443',
    ]);
    const offAtProxy = atProxy.filter((u) => offOrigin(u) && !browserOwn.has(originOf(u)));
    console.log('Chromium contacted, with Attune open:', [...new Set(offAtProxy)]);
    expect(offAtProxy.filter((u) => !chromiumOwn.has(u))).toEqual([]);
    expect(inBrowser.filter(offOrigin)).toEqual([]);
    // What tasks-vision's logger would have contacted was not among the browser's own.
    expect(browserOwn.has('https://odml.pa.googleapis.com')).toBe(false);
  });

  it('would have counted a request off the origin, from a page or a worker, at the network and in the browser', () => {
    expect(controlAtProxy).toEqual(
      expect.arrayContaining(['http://control.invalid/from-page', 'https://control.invalid:443']),
    );
    expect(controlInBrowser).toEqual(
      expect.arrayContaining(['http://control.invalid/from-page', 'https://control.invalid/from-worker']),
    );
  });
});
