import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttuneExport } from '../../src/core/exportFormat.ts';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { review } from './support/review.ts';
import { addLearner, enterStaffPin } from './support/staff.ts';

/** The sessions table as text, once every row's turn-taking figures are in. */
async function tableText(page: Page): Promise<string> {
  const table = review(page).getByRole('table', { name: 'Sessions' });
  await waitFor(
    async () =>
      (await table.getAttribute('aria-busy')) === null && (await table.locator('tbody tr').count()) > 0,
    (done) => done,
    'the figures to be computed',
  );
  // Cells joined with a tab, rows with a newline: the table as a person reads it.
  const rows = await table
    .getByRole('row')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (c) => c.textContent ?? '').join('\t')),
    );
  return rows.join('\n');
}

async function downloaded(page: Page, click: () => Promise<void>, count = 1): Promise<Download[]> {
  const downloads: Download[] = [];
  const onDownload = (d: Download) => downloads.push(d);
  page.on('download', onDownload);
  await click();
  await waitFor(
    async () => downloads.length,
    (n) => n >= count,
    `${count} download(s)`,
  );
  page.off('download', onDownload);
  return downloads;
}

async function exportLearner(page: Page): Promise<AttuneExport> {
  const [file] = await downloaded(page, () =>
    review(page).getByRole('button', { name: 'Export learner' }).click(),
  );
  return JSON.parse(readFileSync((await file?.path()) ?? '', 'utf8')) as AttuneExport;
}

const withoutTime = ({ exportedAt: _, ...rest }: AttuneExport) => rest;

async function importText(page: Page, name: string, text: string): Promise<void> {
  await review(page)
    .getByLabel('Import file')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await review(page).getByRole('button', { name: 'Import', exact: true }).click();
}

async function alertText(page: Page): Promise<string> {
  return waitFor(
    async () => (await review(page).getByRole('alert').textContent()) ?? '',
    (t) => t !== '',
    'a message',
  );
}

async function statusText(page: Page, pattern: RegExp): Promise<string> {
  return waitFor(
    async () => (await review(page).locator('[role="status"].done').textContent()) ?? '',
    (t) => pattern.test(t),
    `a message like ${pattern}`,
  );
}

describe('import, export and erase in review', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-import-'));
  let first: Session;
  let second: Session | undefined;
  let original: AttuneExport;
  const corrupt = { damaged: '', foreign: '', tableSame: false, exportSame: false };
  const csv = { names: [] as string[], eventsHeader: '', turnsHeader: '' };
  let figuresRow = '';

  beforeAll(async () => {
    first = await launch({ noDevices: true });
    const { page } = first;
    await page.goto(baseUrl());
    await addLearner(page, 'Robin');
    await page.getByRole('button', { name: 'Start session' }).click();
    const stage = page.locator('#stage canvas');
    for (let i = 0; i < 4; i++) {
      await stage.click({ position: { x: 200 + i * 100, y: 300 } });
      await page.waitForTimeout(400);
    }
    await page.keyboard.press('p');
    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);

    const before = await tableText(page);
    figuresRow = before;
    original = await exportLearner(page);

    // Cut short mid-file, as a failed copy to a USB stick would.
    const text = JSON.stringify(original);
    await importText(page, 'robin-cut.json', text.slice(0, Math.floor(text.length / 2)));
    corrupt.damaged = await alertText(page);
    await importText(page, 'notes.json', '{"hello": "world"}');
    corrupt.foreign = await waitFor(
      () => alertText(page),
      (t) => t.includes('notes.json'),
      'the foreign file message',
    );
    corrupt.tableSame = (await tableText(page)) === before;
    corrupt.exportSame =
      JSON.stringify(withoutTime(await exportLearner(page))) === JSON.stringify(withoutTime(original));

    const files = await downloaded(
      page,
      () => review(page).getByRole('button', { name: 'Export session CSV' }).click(),
      2,
    );
    csv.names = files.map((f) => f.suggestedFilename()).sort();
    for (const f of files) {
      const firstLine = readFileSync((await f.path()) ?? '', 'utf8').split('\r\n')[0] ?? '';
      if (f.suggestedFilename().endsWith('-events.csv')) csv.eventsHeader = firstLine;
      else csv.turnsHeader = firstLine;
    }
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows turn-taking figures for each session', () => {
    expect(figuresRow).toMatch(/Exchanges/);
    expect(figuresRow).toMatch(/Longest sequence/);
    expect(figuresRow).toMatch(/no answers|\d+\.\d s/);
  });

  it('refuses a file cut short, in plain words, and changes nothing', () => {
    expect(corrupt.damaged).toMatch(/^Nothing was imported from robin-cut\.json\./);
    expect(corrupt.damaged).toMatch(/damaged/);
    expect(corrupt.foreign).toMatch(/This is not an Attune export file/);
    expect(corrupt.tableSame).toBe(true);
    expect(corrupt.exportSame).toBe(true);
    expect(original.sessions).toHaveLength(1);
    expect(original.sessions[0]?.events.filter((e) => e.kind === 'touch').length).toBeGreaterThanOrEqual(4);
  });

  it('exports a session as two CSV files, events and turns', () => {
    expect(csv.names).toHaveLength(2);
    expect(csv.names[0]).toMatch(/^attune-Robin-.*-events\.csv$/);
    expect(csv.names[1]).toMatch(/^attune-Robin-.*-turns\.csv$/);
    expect(csv.eventsHeader).toMatch(/^\uFEFFlearner,session_id,kind,party/);
    expect(csv.turnsHeader).toMatch(/^\uFEFFlearner,session_id,turn,party/);
  });

  it('imports a valid export into a fresh profile, lists it, and adds nothing the second time', async () => {
    const file = join(dir, 'robin.json');
    writeFileSync(file, JSON.stringify(original));
    second = await launch({ noDevices: true });
    const { page } = second;
    await page.goto(baseUrl());
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    await waitFor(
      () => review(page).getByText('No learners yet.').count(),
      (n) => n === 1,
      'an empty review',
    );

    await review(page).getByLabel('Import file').setInputFiles(file);
    // Every line the status takes, to count the imports a double click starts.
    await page.evaluate(() => {
      const status = document.querySelector('[aria-label="Review"] [role="status"].done');
      const lines: string[] = [];
      (window as unknown as { statusLines: string[] }).statusLines = lines;
      if (status)
        new MutationObserver(() => lines.push(status.textContent ?? '')).observe(status, { childList: true });
    });
    // Clicked twice in one go, so the second click surely comes while the first import runs (the button says
    // "Importing…" and is off): the file is read, checked and stored once. (Two clicks sent one by one from here
    // could fall either side of a quick import.)
    await review(page)
      .getByRole('button', { name: 'Import', exact: true })
      .evaluate((b: HTMLButtonElement) => {
        b.click();
        b.click();
      });
    const events = original.sessions[0]?.events.length ?? 0;
    const said = await statusText(page, /Imported/);
    expect(said).toBe(`Imported Robin (a new learner) with 1 session (${events} events).`);
    await waitFor(
      () => review(page).getByRole('button', { name: 'Import', exact: true }).isEnabled(),
      (on) => on,
      'the Import button back',
    );
    const lines = await page.evaluate(() => (window as unknown as { statusLines: string[] }).statusLines);
    expect(lines.filter((l) => l.startsWith('Importing')).length).toBe(1);
    expect(lines.filter((l) => l.startsWith('Imported') || l.startsWith('Nothing new')).length).toBe(1);
    expect(
      await review(page).getByLabel('Learner', { exact: true }).locator('option:checked').textContent(),
    ).toBe('Robin');
    expect(await tableText(page)).toBe(figuresRow);
    expect(JSON.stringify(withoutTime(await exportLearner(page)))).toBe(
      JSON.stringify(withoutTime(original)),
    );

    await review(page).getByLabel('Import file').setInputFiles(file);
    await review(page).getByRole('button', { name: 'Import', exact: true }).click();
    expect(await statusText(page, /Nothing new/)).toMatch(/1 session in the file was here already/);

    // The panel lists the imported learner.
    await page.getByRole('button', { name: 'Back to panel' }).click();
    const panelLearners = page
      .getByRole('dialog', { name: 'Practitioner panel' })
      .getByLabel('Learner', { exact: true });
    expect(await panelLearners.locator('option', { hasText: 'Robin' }).count()).toBe(1);
  });

  it('erases a learner after the pseudonym is typed, and says what was erased', async () => {
    if (!second) throw new Error('the import test did not run');
    const { page } = second;
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    await review(page).getByRole('button', { name: 'Erase learner' }).click();
    const confirm = page.getByRole('dialog', { name: 'Erase Robin?' });
    await confirm.getByLabel('Type the pseudonym to confirm').fill('Robi');
    await confirm.getByRole('button', { name: 'Erase' }).click();
    expect(await confirm.getByRole('alert').textContent()).toMatch(/does not match/);
    await confirm.getByLabel('Type the pseudonym to confirm').fill('Robin');
    await confirm.getByRole('button', { name: 'Erase' }).click();
    const events = original.sessions[0]?.events.length ?? 0;
    expect(await statusText(page, /Erased/)).toBe(
      `Erased Robin: 1 session and ${events} events removed from this computer.`,
    );
    const left = await page.evaluate(
      () =>
        new Promise<number[]>((resolve, reject) => {
          const open = indexedDB.open('attune');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['learners', 'sessions', 'events'], 'readonly');
            const counts = ['learners', 'sessions', 'events'].map((n) => tx.objectStore(n).count());
            tx.oncomplete = () => resolve(counts.map((c) => c.result));
          };
        }),
    );
    expect(left).toEqual([0, 0, 0]);
    await page.getByRole('button', { name: 'Back to panel' }).click();
    const panelLearners = page
      .getByRole('dialog', { name: 'Practitioner panel' })
      .getByLabel('Learner', { exact: true });
    expect(await panelLearners.locator('option', { hasText: 'Robin' }).count()).toBe(0);
  });
});
