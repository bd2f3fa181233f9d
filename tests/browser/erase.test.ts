import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { addLearner, enterStaffPin } from './support/staff.ts';

/** Every record of every IndexedDB database of this origin, as JSON text, one entry per record. */
function everyRecord(page: Page): Promise<{ where: string; json: string }[]> {
  return page.evaluate(async () => {
    const out: { where: string; json: string }[] = [];
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      for (const name of Array.from(db.objectStoreNames)) {
        const store = db.transaction(name, 'readonly').objectStore(name);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        values.forEach((v, i) => {
          out.push({ where: `${info.name}/${name}`, json: JSON.stringify([keys[i], v]) });
        });
      }
      db.close();
    }
    return out;
  });
}

describe('erasing a learner', () => {
  let s: Session;
  let before: { where: string; json: string }[] = [];
  let after: { where: string; json: string }[] = [];
  let learnerId = '';
  let sessionIds: string[] = [];
  let figuresKept = 0;

  beforeAll(async () => {
    s = await launch({ noDevices: true });
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, 'Juniper');
    await addLearner(page, 'Rowan');
    await page.locator('#learner').selectOption({ label: 'Juniper' });
    // Two sessions of a few seconds: events (touches, a tag) and the ten-a-second feature summaries.
    for (let n = 0; n < 2; n++) {
      await page.getByRole('button', { name: 'Start session' }).click();
      const stage = page.locator('#stage canvas');
      for (let i = 0; i < 3; i++) {
        await stage.click({ position: { x: 200 + i * 100, y: 300 } });
        await page.waitForTimeout(500);
      }
      await page.keyboard.press('1');
      await page.waitForTimeout(1500);
      await page.keyboard.press('p');
      await page.getByRole('button', { name: 'End session' }).click();
      await waitFor(
        () => page.getByRole('button', { name: 'Start session' }).isEnabled(),
        (on) => on,
        'the session to end',
      );
    }
    const records = await everyRecord(page);
    const learner = records.find((r) => r.where === 'attune/learners' && r.json.includes('"Juniper"'));
    learnerId = (JSON.parse(learner?.json ?? '[]') as [string])[0] ?? '';
    sessionIds = records
      .filter((r) => r.where === 'attune/sessions' && r.json.includes(learnerId))
      .map((r) => (JSON.parse(r.json) as [string])[0]);
    // Each session's figures are kept in the log once all of it is on disk, before review is opened: those
    // must go too.
    figuresKept = await waitFor(
      async () =>
        (await everyRecord(page)).filter(
          (r) => r.where === 'attune/figures' && sessionIds.some((id) => r.json.includes(id)),
        ).length,
      (n) => n === 2,
      'the figures of both sessions kept in the log',
    );
    before = await everyRecord(page);

    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    await page.locator('#review-learner').selectOption({ label: 'Juniper' });
    await page.getByRole('button', { name: 'Erase learner' }).click();
    const confirm = page.getByRole('dialog', { name: 'Erase Juniper?' });
    await confirm.getByLabel('Type the pseudonym to confirm').fill('Juniper');
    await confirm.getByRole('button', { name: 'Erase' }).click();
    await page.getByText(/^Erased Juniper/).waitFor();
    after = await everyRecord(page);
  });

  afterAll(async () => {
    await s?.close();
  });

  it('had logged records about the learner in several stores before', () => {
    expect(learnerId).not.toBe('');
    expect(sessionIds).toHaveLength(2);
    const stores = new Set(
      before.filter((r) => sessionIds.some((id) => r.json.includes(id))).map((r) => r.where),
    );
    expect([...stores].sort()).toEqual([
      'attune/events',
      'attune/features',
      'attune/figures',
      'attune/sessions',
    ]);
    expect(figuresKept).toBe(2);
  });

  it('leaves no record in any Attune database that names the learner or one of their sessions', () => {
    const names = [learnerId, 'Juniper', ...sessionIds];
    const left = after.filter((r) => names.some((n) => r.json.includes(n)));
    expect(left.map((r) => `${r.where}: ${r.json.slice(0, 120)}`)).toEqual([]);
  });

  it('keeps the other learner', () => {
    expect(after.some((r) => r.where === 'attune/learners' && r.json.includes('"Rowan"'))).toBe(true);
  });
});
