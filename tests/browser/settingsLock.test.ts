import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session } from './support/browser.ts';
import { enterStaffPin } from './support/staff.ts';

describe("the panel's settings belong to staff", () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('stay locked until the staff PIN is given, while calm stays one press away', async () => {
    s = await launch({ noDevices: true });
    const { page } = s;
    await page.goto(baseUrl());
    const volume = page.getByLabel('Volume', { exact: true });
    await volume.waitFor();
    expect(await volume.isDisabled()).toBe(true);
    expect(await page.getByLabel('Voice sensitivity').isDisabled()).toBe(true);
    expect(await page.getByLabel('How Attune answers').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Calm' }).isEnabled()).toBe(true);

    // A wrong answer (cancel) leaves them locked.
    await page.getByRole('button', { name: 'Unlock settings' }).click();
    await page.getByRole('dialog', { name: 'Staff PIN' }).getByRole('button', { name: 'Cancel' }).click();
    expect(await volume.isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Unlock settings' }).click();
    await enterStaffPin(page);
    expect(await volume.isEnabled()).toBe(true);
    await page.getByLabel('How Attune answers').selectOption('listen-only');
    expect(await page.getByLabel('How Attune answers').inputValue()).toBe('listen-only');
  });
});
