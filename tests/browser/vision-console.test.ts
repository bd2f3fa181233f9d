import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChecksReply, ProjectionReport, RestartReport } from './pages/mediapipeChecksWorker.ts';
import { baseUrl, launch, pagesUrl } from './support/browser.ts';
import { makeMicFile } from './support/media.ts';
import { wavingClip } from './support/visionClips.ts';
import { startSession } from './support/visionSession.ts';

/**
 * MediaPipe in the vision worker, judged by what it prints. MediaPipe reports a broken graph on the console (as
 * well as by throwing from the call), so the console is where a model that quietly stopped working shows; the
 * worker's own count of how each call ended must agree. Two checks beside the session pin down the MediaPipe
 * behaviour the worker is written for: a graph that refused one call stays broken until it is restarted, and the
 * pose graph's NORM_RECT warning does not mean its landmarks are misplaced on a 4:3 frame.
 */

/** One line of console output, from the page or one of its workers. */
interface Line {
  type: string;
  text: string;
  /** The worker's script address, or '' for the page. */
  worker: string;
}

/**
 * Keeps every console line of the page and its workers. Chromium hands Playwright the console of dedicated
 * workers through the page's event too (seen: each worker line arrives there once, with worker() set, and
 * again on that worker's own event), so listening to the page alone misses nothing and counts nothing twice.
 */
function keepConsole(page: Page): Line[] {
  const lines: Line[] = [];
  page.on('console', (m: ConsoleMessage) =>
    lines.push({ type: m.type(), text: m.text(), worker: m.worker()?.url() ?? '' }),
  );
  return lines;
}

/**
 * MediaPipe's log line: severity, date, time, thread, file and line, e.g.
 * `W1205 18:56:55.696999 2172416 landmark_projection_calculator.cc:81] ...`.
 */
const MEDIAPIPE_LINE = /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ [\w.]+:\d+\]/;

/** What MediaPipe, or the worker passing on its error, prints when a graph or a call goes wrong. */
const TROUBLE = [
  /Packet timestamp mismatch/i,
  /Graph has errors/i,
  /CalculatorGraph::Run\(\) failed/i,
  /was not ok/i,
  /calculator/i,
  /NORM_RECT/,
  /INVALID_ARGUMENT|FAILED_PRECONDITION|NOT_FOUND|INTERNAL:|UNKNOWN:|ABORTED/,
  /vision: \w+ failed on a frame/,
];

/**
 * Warnings MediaPipe prints as a task starts (or its graph is built again), none about a frame: its GL context
 * skips OpenGL's error checks; the legacy models have no serving signatures; and the pose graph's remark on its
 * landmark projection, printed once when it first finds someone, which the projection check below shows to be
 * harmless.
 */
const NOTICES = [
  /gl_context\.cc:\d+\] OpenGL error checking is disabled/,
  /inference_feedback_manager\.cc:\d+\] Feedback manager requires a model with a single signature inference/,
  /landmark_projection_calculator\.cc:\d+\] Using NORM_RECT without IMAGE_DIMENSIONS is only supported for the square ROI/,
];

function problems(lines: readonly Line[]): Line[] {
  return lines.filter(({ type, text }) => {
    if (NOTICES.some((r) => r.test(text))) return false;
    const severity = MEDIAPIPE_LINE.exec(text)?.[1];
    if (severity === 'W' || severity === 'E' || severity === 'F') return true;
    return (type === 'error' || type === 'warning') && TROUBLE.some((r) => r.test(text));
  });
}

async function runCheck(check: 'restart' | 'projection'): Promise<RestartReport | ProjectionReport> {
  const s = await launch({ noDevices: true });
  try {
    await s.page.goto(`${pagesUrl()}/tests/browser/pages/mediapipeChecks.html?check=${check}`);
    await s.page.waitForFunction(() => window.mediapipeChecks !== undefined, null, { timeout: 170_000 });
    const reply: ChecksReply | undefined = await s.page.evaluate(() => window.mediapipeChecks);
    if (!reply?.ok) throw new Error(`The check page failed: ${reply?.error ?? 'no reply'}`);
    return reply.report;
  } finally {
    await s.close();
  }
}

describe('MediaPipe in the vision worker', () => {
  it('half a minute of camera: no MediaPipe error or warning, and no face or pose call failed', {
    timeout: 300_000,
  }, async () => {
    const clip = wavingClip();
    const s = await launch({ video: clip.path, audio: makeMicFile().path });
    try {
      const { page } = s;
      const lines = keepConsole(page);
      await page.goto(baseUrl());
      await startSession(page, 'Sam');
      // Long enough for hundreds of calls of each model (a refused call came within seconds when it came):
      // every call's errors are counted, so the length is the sample, not a wait for something timed.
      await page.waitForTimeout(30_000);
      const calls = await page.evaluate(() => window.attuneDiagnostics?.visionStats().calls);
      const found = problems(lines);
      const count = (r: RegExp) => lines.filter((l) => r.test(l.text)).length;
      console.log(
        `calls ${JSON.stringify(calls)}; console ${lines.length} lines (${lines.filter((l) => l.worker).length} from workers): ` +
          `"Packet timestamp mismatch" ${count(/Packet timestamp mismatch/)}, "Graph has errors" ${count(/Graph has errors/)}, ` +
          `"NORM_RECT" ${count(/NORM_RECT/)}; problems ${found.length}`,
      );
      for (const l of found.slice(0, 5))
        console.log(`  ${l.worker || 'page'} ${l.type}: ${l.text.slice(0, 300)}`);

      // The vision worker's console reached us: MediaPipe says so as each of its graphs starts.
      const fromVision = lines.filter((l) => /visionWorker/.test(l.worker));
      expect(
        fromVision.filter((l) => /Graph successfully started running/.test(l.text)).length,
      ).toBeGreaterThan(0);
      expect(found.map((l) => l.text)).toEqual([]);
      expect(count(/NORM_RECT/)).toBeLessThanOrEqual(1);
      expect(calls?.pose.failed).toBe(0);
      expect(calls?.face.failed).toBe(0);
      expect((calls?.pose.seen ?? 0) + (calls?.pose.nobody ?? 0)).toBeGreaterThan(0);
      expect((calls?.face.seen ?? 0) + (calls?.face.nobody ?? 0)).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });

  it('a face graph that refused one call fails every call after it, until its options are set again', async () => {
    const report = (await runCheck('restart')) as RestartReport;
    const at = report.repeatedAt;
    const summary = (calls: RestartReport['leftAlone']) =>
      calls.map((c) => (c.error ? 'failed' : `${c.faces} face(s)`)).join(', ');
    console.log(`left alone: ${summary(report.leftAlone)}\nrestarted: ${summary(report.restarted)}`);
    for (const calls of [report.leftAlone, report.restarted]) {
      expect(calls.slice(0, at).every((c) => c.error === null && c.faces === 1)).toBe(true);
      expect(calls[at]?.error).toMatch(
        /Packet timestamp mismatch on a calculator receiving from stream "norm_rect"/,
      );
    }
    // Left alone, the graph is dead: each later call throws the first error again.
    for (const c of report.leftAlone.slice(at + 1)) expect(c.error).toMatch(/Packet timestamp mismatch/);
    // Restarted, the next call and every one after it finds the face again, head pose matrix and all.
    for (const c of report.restarted.slice(at + 1)) {
      expect(c.error).toBeNull();
      expect(c.faces).toBe(1);
      expect(c.matrices).toBe(1);
    }
  });

  it('pose landmarks on a 4:3 frame lie where they do on the same frame padded to a square', async () => {
    const report = (await runCheck('projection')) as ProjectionReport;
    console.log(JSON.stringify(report));
    expect(report.people).toEqual([1, 1]);
    expect(report.compared).toBeGreaterThanOrEqual(8);
    // Projected as if the frame were square, points would sit a quarter nearer the crop's middle row (its height
    // taken for its width): tens of pixels on a body this size. Two runs on differently padded frames differ by
    // the model's own pixel or two.
    expect(report.meanPx).toBeLessThan(5);
  });
});
