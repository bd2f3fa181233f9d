import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, openApp, type Session, waitFor } from './support/browser.ts';
import { makeVoiceMicFile } from './support/media.ts';
import { addLearner, unlockStaff } from './support/staff.ts';

/**
 * Whose voice through the UI with the fake microphone: the learner's voice and a staff voice are recorded from the
 * panel, a session runs, and the correction keys relabel the last vocalisation in the stored log.
 */

interface StoredVocal {
  startMs: number;
  party: string;
  confidence: number;
}

/** The log as it is in IndexedDB (no app code involved): vocal events, and which learners have a recorded voice. */
async function readLog(s: Session): Promise<{ vocals: StoredVocal[]; enrolled: boolean[] }> {
  return s.page.evaluate(
    () =>
      new Promise<{ vocals: StoredVocal[]; enrolled: boolean[] }>((resolve, reject) => {
        const open = indexedDB.open('attune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['events', 'voices'], 'readonly');
          const events = tx.objectStore('events').getAll();
          const voices = tx.objectStore('voices').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({
              vocals: (events.result as { event: StoredVocal & { kind: string } }[])
                .filter((r) => r.event.kind === 'vocal')
                .map((r) => ({
                  startMs: r.event.startMs,
                  party: r.event.party,
                  confidence: r.event.confidence,
                })),
              enrolled: (voices.result as { learner?: { enrolled: unknown } }[]).map(
                (v) => (v.learner?.enrolled ?? null) !== null,
              ),
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

const newest = (vocals: StoredVocal[]): StoredVocal | undefined =>
  vocals.reduce<StoredVocal | undefined>(
    (a, v) => (a === undefined || v.startMs > a.startMs ? v : a),
    undefined,
  );

describe('whose voice: enrolment from the panel and live correction', () => {
  let s: Session | undefined;
  afterAll(async () => {
    await s?.close();
  });

  it('records both voices, labels vocalisations, and V / W relabel the last one in the log', async () => {
    const mic = makeVoiceMicFile();
    // The microphone only: no camera, whose test pattern would keep the vision models busy for nothing.
    s = await launch({ audio: mic.path, noCamera: true });
    const session = s;
    const { page } = session;
    // A readiness allowance, not a measure: on a machine loaded far past its cores the page can stall for long.
    page.setDefaultTimeout(120_000);
    await openApp(page, baseUrl());
    await addLearner(page, 'Sam');
    // Recording a voice replaces the stored one: staff only.
    await unlockStaff(page);

    const learnerStatus = page.locator('#voice-status-learner');
    await waitFor(
      () => learnerStatus.textContent(),
      (t) => t?.startsWith('Not recorded') === true,
      'learner status',
    );
    await page.getByRole('button', { name: 'Record learner’s voice (5 s)' }).click();
    const learnerText = await waitFor(
      () => learnerStatus.textContent(),
      (t) => t?.startsWith('Enrolled:') === true,
      'the learner’s recording',
      60_000,
    );
    expect(learnerText).toMatch(/^Enrolled: \d+\.\d s of voice, median pitch \d+ Hz\.$/);
    // The practitioner's voice is a staff voice, recorded under a name.
    await page.getByLabel('Your name (staff)').fill('Ann');
    await page.getByRole('button', { name: 'Record my voice (5 s)' }).click();
    const staffText = await waitFor(
      () => page.locator('#voice-status-practitioner').textContent(),
      (t) => t?.startsWith('Ann’s voice.') === true,
      'the staff voice',
      60_000,
    );
    expect(staffText).toMatch(/^Ann’s voice\. Enrolled: \d+\.\d s of voice, median pitch \d+ Hz\.$/);
    expect((await readLog(session)).enrolled).toEqual([true]);

    await page.getByRole('button', { name: 'Start session' }).click();
    await waitFor(
      () => page.getByRole('dialog', { name: 'Practitioner panel' }).isHidden(),
      (h) => h,
      'the panel to hide',
    );

    // The first vocalisation on disk: the file leaves over 2 s of quiet after each, time to press a key.
    const first = newest(
      (
        await waitFor(
          () => readLog(session),
          (l) => l.vocals.length >= 1,
          'a vocalisation in the log',
          90_000,
        )
      ).vocals,
    ) as StoredVocal;
    console.info(`first vocalisation as attributed: ${JSON.stringify(first)}`);
    expect(['learner', 'practitioner', 'unknown']).toContain(first.party);
    await page.keyboard.press('w');
    await waitFor(
      () => readLog(session).then((l) => l.vocals.find((v) => v.startMs === first.startMs)),
      (v) => v?.party === 'practitioner' && v.confidence === 1,
      'the W correction in the log',
      30_000,
    );

    // The next one is relabelled the learner's, and the first keeps its correction.
    const second = newest(
      (
        await waitFor(
          () => readLog(session),
          (l) => l.vocals.some((v) => v.startMs > first.startMs),
          'a second vocalisation in the log',
          90_000,
        )
      ).vocals,
    ) as StoredVocal;
    console.info(`second vocalisation as attributed: ${JSON.stringify(second)}`);
    await page.keyboard.press('v');
    const after = await waitFor(
      () => readLog(session),
      (l) => l.vocals.find((v) => v.startMs === second.startMs)?.party === 'learner',
      'the V correction in the log',
      30_000,
    );
    expect(after.vocals.find((v) => v.startMs === second.startMs)?.confidence).toBe(1);
    expect(after.vocals.find((v) => v.startMs === first.startMs)?.party).toBe('practitioner');
    // A readiness allowance for a loaded machine: opening the app and two 5 s recordings take minutes there.
  }, 600_000);
});
