import { afterEach, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { addLearner } from './support/staff.ts';

describe('without a camera or microphone', () => {
  let s: Session | undefined;
  afterEach(async () => {
    await s?.close();
  });

  it('says so in plain words, and a session still runs on touch', async () => {
    s = await launch({ noDevices: true });
    const { page } = s;
    await page.goto(baseUrl());
    const status = page.getByRole('status').filter({ hasText: 'Camera' });
    await waitFor(
      () => status.textContent(),
      (t) => (t ?? '').includes('No camera was found'),
      'the camera message',
    );
    expect(await status.textContent()).toContain('No microphone was found');
    await addLearner(page, 'Alex');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.locator('#stage canvas').click({ position: { x: 300, y: 300 } });
    await page.keyboard.press('p');
    await waitFor(
      () => page.getByText(/touches 1/).count(),
      (n) => n === 1,
      'the touch to be counted',
    );
  });

  it('says the camera is blocked when permission is denied', async () => {
    s = await launch({ allowMedia: false });
    const { page } = s;
    await s.context.clearPermissions();
    await page.goto(baseUrl());
    const status = page.getByRole('status').filter({ hasText: 'Camera' });
    const text = await waitFor(
      () => status.textContent(),
      (t) => /camera is blocked/.test(t ?? ''),
      'the camera blocked message',
    );
    expect(text).toMatch(/microphone is blocked/);
  });
});
