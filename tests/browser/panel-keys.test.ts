import { afterAll, describe, expect, it } from 'vitest';
import { KEY_TABLE } from '../../src/panel/keys.ts';
import { baseUrl, launch, type Session } from './support/browser.ts';

/** The key list is drawn from the key table, so staff read exactly the keys the hotkeys answer to. */
describe("the panel's key list", () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('lists each key of the key table once, with what it does', async () => {
    s = await launch({ noDevices: true });
    const { page } = s;
    await page.goto(baseUrl());
    const keysButton = page.getByRole('button', { name: 'Keys', exact: true });
    const list = page.locator('#key-list');
    await keysButton.click();
    await list.waitFor();
    expect(await keysButton.getAttribute('aria-expanded')).toBe('true');

    // Children in order, so that each term is checked against the description right after it.
    const shown = await list.evaluate((dl) =>
      Array.from(dl.children, (c) => ({ tag: c.tagName.toLowerCase(), text: c.textContent ?? '' })),
    );
    const expected = KEY_TABLE.flatMap((b) => [
      { tag: 'dt', text: b.key.toUpperCase() },
      { tag: 'dd', text: b.label },
    ]);
    expect(shown).toEqual(expected);
    const keys = shown.filter((c) => c.tag === 'dt').map((c) => c.text);
    expect(new Set(keys).size).toBe(KEY_TABLE.length);

    // The "?" key opens the same list again after the button has closed it.
    await keysButton.click();
    expect(await keysButton.getAttribute('aria-expanded')).toBe('false');
    expect(await list.isVisible()).toBe(false);
    await page.keyboard.press('?');
    expect(await keysButton.getAttribute('aria-expanded')).toBe('true');
    expect(await list.isVisible()).toBe(true);
  });
});
