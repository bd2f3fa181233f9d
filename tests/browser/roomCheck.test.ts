import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { makeMicFile, y4mFromClip } from './support/media.ts';
import { enterStaffPin, unlockStaff } from './support/staff.ts';

describe('the voice meter and the room check', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('shows the voice threshold on the meter, and a room check sets the noise floor', async () => {
    // The microphone only: no camera, whose test pattern would keep the vision models busy for nothing.
    s = await launch({ audio: makeMicFile().path, noCamera: true });
    const { page } = s;
    await page.goto(baseUrl());
    const meter = page.getByRole('meter', { name: 'Voice level' });
    const text = await waitFor(
      () => meter.getAttribute('aria-valuetext'),
      // Until the first audio frame the threshold is the silent default (-120 dB): wait for a real one.
      (t) => /threshold -\d+ dB/.test(t ?? '') && !(t ?? '').includes('-120'),
      'a level and threshold on the meter',
    );
    expect(text).toMatch(/^-?\d+ dB, threshold -\d+ dB$/);
    // The room check sets what counts as a voice for every session after it: staff only.
    await page.getByRole('button', { name: 'Room check' }).click();
    await enterStaffPin(page);
    const result = page.getByRole('status').filter({ hasText: /Room noise|Listening|no microphone/ });
    const said = await waitFor(
      () => result.textContent(),
      (t) => !(t ?? '').startsWith('Listening'),
      'the room check to finish',
      15_000,
    );
    const m = /Room noise (-\d+) dB; a voice counts from (-\d+) dB/.exec(said ?? '');
    expect(m).not.toBeNull();
    // The threshold sits above the room's noise, and the meter's line moved to it.
    expect(Number(m?.[2])).toBeGreaterThan(Number(m?.[1]));
    await waitFor(
      () => meter.getAttribute('aria-valuetext'),
      (t) => (t ?? '').endsWith(`threshold ${m?.[2]} dB`),
      'the meter to show the new threshold',
    );
  });
});

describe('the hold-still calibration', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  /** Median movement-over-threshold ratio over `ms`, sampled every 100 ms. */
  async function medianRatio(page: Session['page'], ms: number): Promise<number> {
    const xs: number[] = [];
    for (let t = 0; t < ms; t += 100) {
      xs.push(await page.evaluate(() => window.attuneDiagnostics?.motionRatio() ?? 0));
      await page.waitForTimeout(100);
    }
    xs.sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)] ?? 0;
  }

  it('raises the movement threshold to what the learner does while "still"', async () => {
    s = await launch({ video: y4mFromClip('tests/fixtures/clip-webcam-wave.mp4') });
    const { page } = s;
    await page.goto(baseUrl());
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.motionRatio() ?? 0),
      (r) => r > 1,
      'movement',
    );
    const before = await medianRatio(page, 3000);
    await unlockStaff(page);
    await page.getByRole('button', { name: 'Hold still (3 s)' }).click();
    await waitFor(
      () => page.getByText(/^Movement threshold set/).count(),
      (n) => n === 1,
      'the calibration to finish',
      10_000,
    );
    // The person in this clip waves the whole time: calibrating on it makes that waving the baseline.
    const after = await medianRatio(page, 3000);
    expect(before).toBeGreaterThan(1);
    expect(after).toBeLessThan(before / 2);
  });
});
