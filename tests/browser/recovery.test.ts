import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { addLearner } from './support/staff.ts';

interface StoredSession {
  id: string;
  status: string;
  startedAt: number;
  lastEventMs: number;
}

/** Reads the log straight from IndexedDB, as it is on disk (no app code involved). */
async function readLog(s: Session): Promise<{ sessions: StoredSession[]; touchEnds: number[] }> {
  return s.page.evaluate(
    () =>
      new Promise<{ sessions: StoredSession[]; touchEnds: number[] }>((resolve, reject) => {
        const open = indexedDB.open('attune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['sessions', 'events'], 'readonly');
          const sessions = tx.objectStore('sessions').getAll();
          const events = tx.objectStore('events').getAll();
          tx.oncomplete = () =>
            resolve({
              sessions: sessions.result as StoredSession[],
              touchEnds: (events.result as { event: { kind: string; endMs: number } }[])
                .filter((r) => r.event.kind === 'touch')
                .map((r) => r.event.endMs),
            });
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Kills the browser outright, as a power cut or a crash would: no unload handlers, no final write. */
function killChromium(userDataDir: string): void {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const main = ps
    .split('\n')
    .filter((l) => l.includes(`--user-data-dir=${userDataDir}`) && !l.includes('--type='))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
  if (main.length === 0) throw new Error('Chromium process not found');
  for (const pid of main) process.kill(pid, 'SIGKILL');
}

describe('a session that survives a crash', () => {
  const profile = mkdtempSync(join(tmpdir(), 'attune-crash-'));
  let second: Session | undefined;
  afterAll(async () => {
    await second?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('is recovered as interrupted, with its events up to at most 1 s before the kill', async () => {
    const first = await launch({ userDataDir: profile, noDevices: true });
    const { page } = first;
    await page.goto(baseUrl());
    await addLearner(page, 'Sam');
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => page.getByRole('dialog', { name: 'Practitioner panel' }).isHidden(),
      (h) => h,
      'the panel to hide',
    );

    // The learner touches the board every 150 ms, right up to the moment of the kill: for 4 s, and on a slow
    // machine (where a click takes longer) until more than 10 taps are over a second old.
    const stage = page.locator('#stage canvas');
    const box = await stage.boundingBox();
    if (!box) throw new Error('no stage');
    const taps: number[] = [];
    const until = Date.now() + 4000;
    const oldTaps = () => taps.filter((t) => t <= Date.now() - 1050).length;
    let i = 0;
    while (Date.now() < until || oldTaps() <= 10) {
      await page.mouse.click(box.x + 200 + (i++ % 10) * 60, box.y + box.height / 2);
      taps.push(Date.now());
      await page.waitForTimeout(150);
    }
    const killedAt = Date.now();
    killChromium(profile);
    await first.close().catch(() => undefined);

    second = await launch({ userDataDir: profile, noDevices: true });
    await second.page.goto(baseUrl());
    await waitFor(
      () => readLog(second as Session).then((l) => l.sessions[0]?.status ?? 'none'),
      (st) => st === 'interrupted',
      'the session to be recovered',
    );
    const log = await readLog(second);
    const session = log.sessions[0];
    if (!session) throw new Error('no session');
    expect(log.sessions).toHaveLength(1);
    // Every tap more than a second (plus 50 ms for the click to travel) before the kill is in the log.
    const mustHave = taps.filter((t) => t <= killedAt - 1050).length;
    expect(mustHave).toBeGreaterThan(10);
    expect(log.touchEnds.length).toBeGreaterThanOrEqual(mustHave);
    // And the recovered session ends no more than a second before the kill.
    expect(session.startedAt + session.lastEventMs).toBeGreaterThanOrEqual(killedAt - 1000 - 150);
  });
});
