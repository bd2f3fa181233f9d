import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/core/events.ts';
import { type AttuneExport, makeExport, toJson } from '../../src/core/exportFormat.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../src/core/turns/params.ts';
import { lastEventMs } from '../../src/core/turns/summary.ts';
import { interactionEvents } from '../unit/support/interaction.ts';
import { prng } from '../unit/support/timeline.ts';
import { baseUrl, launch, openApp, pagesUrl, type Session, waitFor } from './support/browser.ts';
import { review } from './support/review.ts';
import { enterStaffPin } from './support/staff.ts';

const DAY = 86_400_000;

/** Three learners, each a few sessions (one recorded with other turn-taking parameters), made here. */
function school(now: number): AttuneExport[] {
  return ['Ash', 'Bea', 'Cal'].map((pseudonym, n) => {
    const rand = prng(500 + n);
    const learner = { id: `learner-${pseudonym}`, pseudonym, createdAt: now - 60 * DAY };
    const sessions = [3, 9, 20 + n].map((daysAgo, i) => {
      const events = interactionEvents(rand, 2 + Math.floor(rand() * 3));
      const startedAt = now - daysAgo * DAY;
      return {
        meta: {
          id: `${pseudonym}-${i}`,
          learnerId: learner.id,
          startedAt,
          endedAt: startedAt + lastEventMs(events) + 3000,
          status: 'ended' as const,
          schemaVersion: SCHEMA_VERSION,
          turnParams: i === 1 ? turnParams({ exchangeGapMs: 2500 }) : { ...DEFAULT_TURN_PARAMS },
        },
        events,
      };
    });
    return makeExport(learner, sessions, now);
  });
}

async function said(page: Page, role: 'status' | 'alert', pattern: RegExp): Promise<string> {
  return waitFor(
    // Review's message lines: what was done, and what went wrong.
    async () =>
      (await review(page)
        .locator(role === 'status' ? ':scope > p.done[role="status"]' : ':scope > p.problem[role="alert"]')
        .textContent()) ?? '',
    (t) => pattern.test(t),
    `review to say something like ${pattern}`,
    120_000,
  );
}

async function openReview(page: Page): Promise<void> {
  await openApp(page, baseUrl());
  await page.getByRole('button', { name: 'Review sessions' }).click();
  await enterStaffPin(page);
  await review(page).waitFor();
}

/**
 * Keeps the log's session records busy for `ms` (a read-write transaction kept alive with requests), so that a
 * listing of sessions asked for meanwhile waits, as it may on a loaded school PC: the picker then names the new
 * learner well before their sessions are read.
 */
function holdSessions(page: Page, ms: number): Promise<void> {
  return page.evaluate(
    (ms) =>
      new Promise<void>((resolve, reject) => {
        const r = indexedDB.open('attune');
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const tx = db.transaction('sessions', 'readwrite');
          const sessions = tx.objectStore('sessions');
          const until = performance.now() + ms;
          const again = () => {
            if (performance.now() < until) sessions.count().onsuccess = again;
          };
          again();
          tx.oncomplete = () => db.close();
          resolve();
        };
      }),
    ms,
  );
}

/**
 * Every learner's sessions table, cell by cell, as review shows it: the figures that must survive. Each learner
 * is picked while the log is slow to list their sessions: the table must never show the learner picked before
 * (this read once took the last imported learner's rows for the first learner's), and is read once it is no
 * longer busy (`aria-busy` stays until every row has its figures).
 */
async function figures(page: Page): Promise<Record<string, string[][]>> {
  const select = review(page).getByLabel('Learner', { exact: true });
  const names = await select.locator('option').allTextContents();
  const table = review(page).getByRole('table', { name: 'Sessions' });
  const listed = () =>
    table.evaluate((t) => ({
      busy: t.hasAttribute('aria-busy'),
      rows: Array.from((t as HTMLTableElement).tBodies[0]?.rows ?? [], (tr) => ({
        session: tr.dataset.session ?? '',
        cells: Array.from(tr.cells, (c) => (c.textContent ?? '').trim()),
      })),
    }));
  const out: Record<string, string[][]> = {};
  for (const name of names) {
    await holdSessions(page, 300);
    await select.selectOption({ label: name });
    // At once, while the listing waits: no row of another learner under this one's name (the file's session
    // ids begin with the learner's pseudonym).
    const meanwhile = await listed();
    expect(meanwhile.rows.filter((r) => !r.session.startsWith(`${name}-`))).toEqual([]);
    const done = await waitFor(
      listed,
      // Each row's figures are worked out after the row is drawn ("…" until then).
      (t) =>
        !t.busy && t.rows.length > 0 && t.rows.every((r) => r.cells.length > 3 && !r.cells.includes('…')),
      `${name}'s sessions`,
    );
    out[name] = done.rows.map((r) => r.cells);
  }
  return out;
}

/** How many records each store of the log holds, read straight from IndexedDB. */
function storeCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('attune');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const names = Array.from(db.objectStoreNames);
    const tx = db.transaction(names, 'readonly');
    const counts: Record<string, number> = {};
    await Promise.all(
      names.map(
        (n) =>
          new Promise<void>((resolve) => {
            const r = tx.objectStore(n).count();
            r.onsuccess = () => {
              counts[n] = r.result;
              resolve();
            };
          }),
      ),
    );
    db.close();
    return counts;
  });
}

async function restore(page: Page, file: string): Promise<void> {
  await review(page).getByLabel('Backup file').setInputFiles(file);
  await review(page).getByRole('button', { name: 'Restore', exact: true }).click();
}

describe('backup: everything on one computer, back on another', () => {
  const now = Date.now();
  const files = school(now);
  let first: Session;
  let second: Session;
  let before: Record<string, string[][]>;
  let backupFile = '';

  beforeAll(async () => {
    first = await launch({ noDevices: true });
    // Two profiles on a shared two-core machine: actions get minutes, not seconds.
    first.context.setDefaultTimeout(120_000);
    await openReview(first.page);
    for (const data of files) {
      await review(first.page)
        .getByLabel('Import file')
        .setInputFiles({
          name: `${data.learner.pseudonym}.json`,
          mimeType: 'application/json',
          buffer: Buffer.from(toJson(data)),
        });
      await review(first.page).getByRole('button', { name: 'Import', exact: true }).click();
      await said(first.page, 'status', new RegExp(`^Imported ${data.learner.pseudonym} \\(a new learner\\)`));
    }
    before = await figures(first.page);
    const download = first.page.waitForEvent('download');
    await review(first.page).getByRole('button', { name: 'Back up everything' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/^attune-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
    backupFile = join(first.userDataDir, 'backup.json');
    await saved.saveAs(backupFile);
    await said(
      first.page,
      'status',
      /^Saved a backup of everything on this computer: 3 learners, 9 sessions/,
    );
    second = await launch({ noDevices: true });
    second.context.setDefaultTimeout(120_000);
    await openReview(second.page);
    // Two profiles, each opening the app on a shared two-core machine.
  }, 900_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('says in review whether the browser keeps the data, with what Attune uses', async () => {
    const line = review(first.page).locator('#review-storage');
    const text = await waitFor(
      async () => (await line.textContent()) ?? '',
      (t) => t !== '',
      'the storage line',
    );
    const persisted = await first.page.evaluate(() => navigator.storage.persisted());
    if (persisted) expect(text).toMatch(/^Persistent storage: granted\./);
    else {
      expect(text).toMatch(/^Persistent storage: not granted\. This browser may clear Attune’s data/);
      expect(await line.getAttribute('class')).toBe('problem');
    }
    expect(text).toMatch(
      /Attune uses [\d.]+ (bytes|kB|MB|GB) of the [\d.]+ (kB|MB|GB|TB) this browser allows it\.$/,
    );
  });

  it('leaves out voices, and carries every other store of the log', () => {
    const backup = JSON.parse(readFileSync(backupFile, 'utf8')) as { stores: { name: string }[] };
    const names = backup.stores.map((s) => s.name);
    expect(names).not.toContain('voices');
    expect(names).toEqual(expect.arrayContaining(['learners', 'sessions', 'events', 'features']));
  });

  it('takes every store a log has but the excluded ones, so a store added later needs no change', async () => {
    // The app's own modules, from the development server (a page of its own, since the app is served built),
    // loaded by a string the test runner leaves alone. The log it reads is one the test makes there.
    const page = await second.context.newPage();
    await page.goto(`${pagesUrl()}/tests/browser/pages/blank.html`);
    await page.evaluate(
      "Promise.all([import('/src/store/backup.ts'), import('/src/core/backupFormat.ts')]).then(([backup, format]) => { window.attuneBackupTest = { backup, format }; })",
    );
    const copied = await page.evaluate(async () => {
      const { backup, format } = (
        window as unknown as {
          attuneBackupTest: {
            backup: typeof import('../../src/store/backup.ts');
            format: typeof import('../../src/core/backupFormat.ts');
          };
        }
      ).attuneBackupTest;
      // A log of some later version: stores this code has never heard of, keyed every way IndexedDB allows.
      const layout: [string, IDBObjectStoreParameters][] = [
        ['learners', { keyPath: 'id' }],
        ['goals', { keyPath: 'id' }],
        ['observations', { keyPath: ['learnerId', 'at'] }],
        ['jottings', { autoIncrement: true }],
        ['voices', { keyPath: 'learnerId' }],
      ];
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name, 1);
          r.onupgradeneeded = () => {
            for (const [store, options] of layout) r.result.createObjectStore(store, options);
          };
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const done = (tx: IDBTransaction) =>
        new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      const from = await open('attune-later-version');
      const tx = from.transaction(
        layout.map(([n]) => n),
        'readwrite',
      );
      tx.objectStore('learners').put({ id: 'L1', pseudonym: 'Ash', createdAt: 1 });
      tx.objectStore('goals').put({ id: 'g1', learnerId: 'L1', text: 'Takes a turn', since: new Date(5) });
      tx.objectStore('observations').put({ learnerId: 'L1', at: 7, level: Number.NEGATIVE_INFINITY });
      tx.objectStore('jottings').put({ text: 'a jotting' }, 42);
      tx.objectStore('voices').put({ learnerId: 'L1', model: { means: [1, 2] } });
      await done(tx);
      const text = format.backupParts(await backup.readBackup(from)).join('');
      const parsed = format.parseBackup(text);
      if (!parsed.ok) return { refused: parsed.message };
      const to = await open('attune-later-version-restored');
      const restored = await backup.restoreBackup(to, parsed.backup);
      const read = to.transaction(
        layout.map(([n]) => n),
        'readonly',
      );
      const all = (n: string) =>
        new Promise<unknown[]>((resolve) => {
          const r = read.objectStore(n).getAll();
          r.onsuccess = () => resolve(r.result);
        });
      const keys = await new Promise<IDBValidKey[]>((resolve) => {
        const r = read.objectStore('jottings').getAllKeys();
        r.onsuccess = () => resolve(r.result);
      });
      const goals = (await all('goals')) as { since: Date }[];
      return {
        stores: parsed.backup.stores.map((s) => s.name).sort(),
        restored,
        goalSince: goals[0]?.since instanceof Date ? goals[0].since.getTime() : null,
        observations: await all('observations'),
        jottingKeys: keys,
        voices: (await all('voices')).length,
      };
    });
    await page.close();
    expect(copied).toMatchObject({
      stores: ['goals', 'jottings', 'learners', 'observations'],
      restored: { ok: true },
      goalSince: 5,
      observations: [{ learnerId: 'L1', at: 7, level: Number.NEGATIVE_INFINITY }],
      jottingKeys: [42],
      voices: 0,
    });
  });

  it('refuses a file cut short, with nothing changed', async () => {
    const cut = join(second.userDataDir, 'cut.json');
    const whole = readFileSync(backupFile, 'utf8');
    writeFileSync(cut, whole.slice(0, Math.floor(whole.length * 0.7)));
    const counts = await storeCounts(second.page);
    await restore(second.page, cut);
    expect(await said(second.page, 'alert', /^Nothing was restored from cut\.json\./)).toMatch(
      /damaged: it is not complete, valid JSON/,
    );
    expect(await storeCounts(second.page)).toEqual(counts);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('refuses a file damaged deep inside (an event of a session that is not in it), with nothing changed', async () => {
    const bad = join(second.userDataDir, 'bad.json');
    const lines = readFileSync(backupFile, 'utf8').split('\n');
    // The last event line names a session no store holds: found only by checking the whole file.
    const last = lines.findLastIndex((l) => l.includes('"sessionId":"Cal-2"') && l.includes('"event"'));
    lines[last] = (lines[last] ?? '').replace('"sessionId":"Cal-2"', '"sessionId":"Cal-99"');
    writeFileSync(bad, lines.join('\n'));
    const counts = await storeCounts(second.page);
    await restore(second.page, bad);
    expect(await said(second.page, 'alert', /^Nothing was restored from bad\.json\./)).toMatch(
      /belongs to a session that is not in the file/,
    );
    expect(await storeCounts(second.page)).toEqual(counts);
  });

  it('restored into an empty profile, gives the same review figures for every learner', async () => {
    await restore(second.page, backupFile);
    await said(
      second.page,
      'status',
      /^Restored the backup of .*: 3 learners, 9 sessions and [\d,]+ events added/,
    );
    const after = await figures(second.page);
    expect(Object.keys(after)).toEqual(['Ash', 'Bea', 'Cal']);
    expect(after).toEqual(before);
    const a = await storeCounts(first.page);
    const b = await storeCounts(second.page);
    delete a.voices;
    delete b.voices;
    expect(b).toEqual(a);
  });

  it('restored again, adds nothing: what is here is kept as it is', async () => {
    const counts = await storeCounts(second.page);
    await restore(second.page, backupFile);
    await said(
      second.page,
      'status',
      /0 learners, 0 sessions and 0 events added\. [\d,]+ records in the file were here already/,
    );
    expect(await storeCounts(second.page)).toEqual(counts);
  });
});
