import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, openApp, type Session, waitFor } from './support/browser.ts';
import { addLearner, unlockStaff } from './support/staff.ts';

/** What the panel shows for the stage and sound now, and what the stage draws. */
async function shown(page: Page) {
  return {
    scene: await page.getByLabel('Scene', { exact: true }).inputValue(),
    colours: await page.getByLabel('Colours', { exact: true }).inputValue(),
    intensity: await page.getByLabel('Intensity', { exact: true }).inputValue(),
    movement: await page.getByLabel('Movement sensitivity', { exact: true }).inputValue(),
    volume: await page.getByLabel('Volume', { exact: true }).inputValue(),
    drawn: await page.evaluate(() => window.attuneDiagnostics?.sceneId() ?? ''),
  };
}

async function choose(page: Page, pseudonym: string): Promise<void> {
  await page
    .getByRole('region', { name: 'Learner' })
    .getByLabel('Learner', { exact: true })
    .selectOption({ label: pseudonym });
}

const ADA: Record<string, string> = {
  scene: 'echo',
  colours: 'red',
  intensity: 'high',
  movement: '0.8',
  volume: '0.3',
  drawn: 'echo',
};
const DEFAULTS = {
  scene: 'trails',
  colours: 'yellow',
  intensity: 'medium',
  movement: '0.5',
  volume: '0.6',
  drawn: 'trails',
};

describe("a learner's profile", () => {
  let s: Session | undefined;
  afterAll(async () => {
    await s?.close();
  });

  it('comes back after a reload for that learner, and each learner keeps their own', async () => {
    s = await launch({ noDevices: true });
    const { page } = s;
    // A shared two-core machine under load can take longer than an action's usual 30 s to answer a click.
    page.setDefaultTimeout(120_000);
    await openApp(page, baseUrl());
    await addLearner(page, 'Ada');
    await unlockStaff(page);
    await page.getByLabel('Scene', { exact: true }).selectOption({ label: 'Echo' });
    await page.getByLabel('Colours', { exact: true }).selectOption({ label: 'Red on black' });
    await page.getByLabel('Intensity', { exact: true }).selectOption({ label: 'High' });
    await page.getByLabel('Movement sensitivity', { exact: true }).fill('0.8');
    await page.getByLabel('Volume', { exact: true }).fill('0.3');
    const settles = (want: Record<string, string>, what: string) =>
      waitFor(
        () => shown(page),
        (v) => JSON.stringify(v) === JSON.stringify(want),
        what,
      );
    await settles(ADA, "Ada's profile on the panel and the stage");
    // A new learner starts from the defaults, whatever the last one had.
    await addLearner(page, 'Bea');
    expect(await settles(DEFAULTS, "Bea's profile")).toEqual(DEFAULTS);
    // The page gone and back (a new day): nobody is chosen until staff choose.
    await page.reload();
    await page.getByLabel('New learner (pseudonym)').waitFor();
    await choose(page, 'Ada');
    expect(await settles(ADA, "Ada's profile after the reload")).toEqual(ADA);
    await choose(page, 'Bea');
    expect(await settles(DEFAULTS, "Bea's profile after the reload")).toEqual(DEFAULTS);
    await choose(page, 'Ada');
    expect(await settles(ADA, "Ada's again")).toEqual(ADA);
  });
});
