import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { makeMicFile } from './support/media.ts';

describe('the voice meter and the room check', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('shows the voice threshold on the meter, and a room check sets the noise floor', async () => {
    s = await launch({ audio: makeMicFile().path });
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
    await page.getByRole('button', { name: 'Room check' }).click();
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
