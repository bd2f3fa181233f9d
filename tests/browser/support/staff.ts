import type { Page } from 'playwright-core';

/** The staff PIN the browser tests choose on first use. */
export const TEST_PIN = '739154';

/**
 * Answers the "Staff PIN" dialog that opens review (or unlocks the panel's settings): on a fresh profile it
 * chooses `pin`, typed twice; afterwards it enters it. Returns once the dialog has gone.
 */
export async function enterStaffPin(page: Page, pin = TEST_PIN): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Staff PIN' });
  await dialog.waitFor();
  const again = dialog.getByLabel('New PIN again', { exact: true });
  if ((await again.count()) > 0) {
    await dialog.getByLabel('New PIN', { exact: true }).fill(pin);
    await again.fill(pin);
    await dialog.getByRole('button', { name: 'Set PIN' }).click();
  } else {
    await dialog.getByLabel('PIN', { exact: true }).fill(pin);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
  }
  await dialog.waitFor({ state: 'detached' });
}
