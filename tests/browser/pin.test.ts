import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { addLearner } from './support/staff.ts';

const PIN = '739154';
const NEW_PIN = '482019';

/** Every record of every IndexedDB database of the page, typed arrays as plain number lists. */
async function dumpIndexedDb(page: Page): Promise<Record<string, Record<string, unknown[]>>> {
  return page.evaluate(async () => {
    const plain = (v: unknown): unknown => {
      if (ArrayBuffer.isView(v)) return Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      if (v instanceof ArrayBuffer) return Array.from(new Uint8Array(v));
      if (Array.isArray(v)) return v.map(plain);
      if (v && typeof v === 'object') {
        return Object.fromEntries(
          Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plain(x)]),
        );
      }
      return v;
    };
    const out: Record<string, Record<string, unknown[]>> = {};
    for (const info of await indexedDB.databases()) {
      const name = info.name ?? '';
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      out[name] = {};
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store, 'readonly').objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        (out[name] as Record<string, unknown[]>)[store] = rows.map(plain);
      }
      db.close();
    }
    return out;
  });
}

describe('review behind the staff PIN', () => {
  let s: Session;
  const seen = {
    mismatchMessage: '',
    tableAfterSetting: false,
    wrongMessage: '',
    tableAfterWrong: true,
    reviewAfterCancel: true,
    panelAfterCancel: false,
    waitMessage: '',
    unlockDisabledDuringWait: false,
    tableAfterRight: false,
    askedAfterReload: false,
    changedMessage: '',
    oldPinMessage: '',
    tableWithNewPin: false,
  };
  let dumpAfterChange = '';
  let dump: Record<string, Record<string, unknown[]>> = {};
  let webStorage = '';

  beforeAll(async () => {
    s = await launch({ noDevices: true });
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, 'Robin');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.locator('#stage canvas').click({ position: { x: 300, y: 300 } });
    await page.waitForTimeout(1500);
    await page.keyboard.press('p');
    await page.getByRole('button', { name: 'End session' }).click();

    const reviewButton = page.getByRole('button', { name: 'Review sessions' });
    const dialog = page.getByRole('dialog', { name: 'Staff PIN' });
    const table = page.getByRole('table', { name: 'Sessions' });
    const alert = dialog.getByRole('alert');

    // First use: a PIN is chosen, typed twice; two different ones are refused.
    await reviewButton.click();
    await dialog.getByLabel('New PIN', { exact: true }).fill(PIN);
    await dialog.getByLabel('New PIN again', { exact: true }).fill('739145');
    await dialog.getByRole('button', { name: 'Set PIN' }).click();
    seen.mismatchMessage = (await alert.textContent()) ?? '';
    await dialog.getByLabel('New PIN again', { exact: true }).fill(PIN);
    await dialog.getByRole('button', { name: 'Set PIN' }).click();
    await table.waitFor({ state: 'visible' });
    seen.tableAfterSetting = await table.isVisible();
    await page.getByRole('button', { name: 'Back to panel' }).click();

    // A wrong PIN: said plainly, nothing opens.
    await reviewButton.click();
    await dialog.getByLabel('PIN', { exact: true }).fill('000000');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    seen.wrongMessage = await waitFor(
      async () => (await alert.textContent()) ?? '',
      (t) => t !== '',
      'the wrong PIN message',
    );
    seen.tableAfterWrong = await table.isVisible();
    // Cancel: back to the panel, review still closed.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    seen.reviewAfterCancel = await page.getByRole('region', { name: 'Review' }).isVisible();
    seen.panelAfterCancel = await page.getByRole('dialog', { name: 'Practitioner panel' }).isVisible();

    // Two more wrong tries make three in a row: the next must wait.
    await reviewButton.click();
    for (const wrong of ['111111', '222222']) {
      await dialog.getByLabel('PIN', { exact: true }).fill(wrong);
      await dialog.getByRole('button', { name: 'Unlock' }).click();
      await waitFor(
        async () => (await dialog.getByLabel('PIN', { exact: true }).inputValue()) === '',
        (cleared) => cleared,
        'the wrong PIN to be cleared',
      );
    }
    seen.waitMessage = await waitFor(
      async () => (await alert.textContent()) ?? '',
      (t) => /wait/.test(t),
      'the wait message',
    );
    seen.unlockDisabledDuringWait = await dialog.getByRole('button', { name: 'Unlock' }).isDisabled();
    await waitFor(
      () => dialog.getByRole('button', { name: 'Unlock' }).isEnabled(),
      (enabled) => enabled,
      'the wait to end',
      15_000,
    );

    // The right PIN opens review.
    await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await table.waitFor({ state: 'visible' });
    seen.tableAfterRight = await table.isVisible();

    dump = await dumpIndexedDb(page);
    webStorage = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));

    // Staff change the PIN: the current one first, then the new one twice.
    await page.getByRole('button', { name: 'Change staff PIN' }).click();
    await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await dialog.getByLabel('New PIN again', { exact: true }).waitFor();
    await dialog.getByLabel('New PIN', { exact: true }).fill(NEW_PIN);
    await dialog.getByLabel('New PIN again', { exact: true }).fill(NEW_PIN);
    await dialog.getByRole('button', { name: 'Set PIN' }).click();
    seen.changedMessage = await waitFor(
      async () =>
        (await page.getByRole('region', { name: 'Review' }).locator('[role="status"].done').textContent()) ??
        '',
      (t) => t !== '',
      'the PIN changed message',
    );
    dumpAfterChange = JSON.stringify(await dumpIndexedDb(page));

    // A reload does not remember the unlock: review asks again, and only the new PIN opens it.
    await page.reload();
    await reviewButton.click();
    await dialog.getByLabel('PIN', { exact: true }).waitFor();
    seen.askedAfterReload = !(await table.isVisible());
    await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    seen.oldPinMessage = await waitFor(
      async () => (await alert.textContent()) ?? '',
      (t) => t !== '',
      'the old PIN to be refused',
    );
    await dialog.getByLabel('PIN', { exact: true }).fill(NEW_PIN);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await table.waitFor({ state: 'visible' });
    seen.tableWithNewPin = await table.isVisible();
  });

  afterAll(async () => {
    await s?.close();
  });

  it('asks staff to choose a PIN on first use, typed twice the same', () => {
    expect(seen.mismatchMessage).toMatch(/not the same/);
    expect(seen.tableAfterSetting).toBe(true);
  });

  it('says a wrong PIN is wrong and opens nothing', () => {
    expect(seen.wrongMessage).toMatch(/PIN is wrong/);
    expect(seen.tableAfterWrong).toBe(false);
    expect(seen.reviewAfterCancel).toBe(false);
    expect(seen.panelAfterCancel).toBe(true);
  });

  it('makes the next try wait after a few wrong ones', () => {
    expect(seen.waitMessage).toMatch(/Too many wrong tries: wait 5 seconds/);
    expect(seen.unlockDisabledDuringWait).toBe(true);
  });

  it('opens review with the right PIN, and asks again after a reload', () => {
    expect(seen.tableAfterRight).toBe(true);
    expect(seen.askedAfterReload).toBe(true);
  });

  it('lets staff change the PIN; afterwards only the new one opens review', () => {
    expect(seen.changedMessage).toMatch(/staff PIN is changed/);
    expect(seen.oldPinMessage).toMatch(/PIN is wrong/);
    expect(seen.tableWithNewPin).toBe(true);
    expect(dumpAfterChange).not.toContain(PIN);
    expect(dumpAfterChange).not.toContain(NEW_PIN);
  });

  it('stores a salted hash, never the PIN', () => {
    const record = dump['attune-staff']?.pin?.[0] as Record<string, unknown> | undefined;
    expect(record).toBeDefined();
    expect(record?.algorithm).toBe('PBKDF2-SHA-256');
    expect(record?.iterations).toBeGreaterThanOrEqual(200_000);
    expect((record?.salt as number[] | undefined)?.length).toBe(16);
    expect((record?.hash as number[] | undefined)?.length).toBe(32);
    // Nowhere in any database, nor in web storage, is the PIN as text.
    expect(JSON.stringify(dump)).not.toContain(PIN);
    expect(webStorage).not.toContain(PIN);
    expect(Object.keys(dump)).toContain('attune');
  });
});
