import { afterAll, describe, expect, it } from 'vitest';
import type { MovementEvent } from '../../src/core/events.ts';
import { gapToBox } from '../../src/core/motion/personTracker.ts';
import { baseUrl, launch, type Session, waitFor } from './support/browser.ts';
import { makeMicFile } from './support/media.ts';
import { twoPeopleClip } from './support/visionClips.ts';
import { endSession, loggedEvents, sessionOriginPerf, startSession } from './support/visionSession.ts';

/**
 * Two people side by side (a still portrait on the camera's left, a woman waving at known times on its right):
 * the practitioner taps one of them in the mirrored preview, and movement is logged as that person's.
 */
describe('two people in view', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('attributes movement to the one tapped as the learner, and to the practitioner after tapping the other', async () => {
    const clip = twoPeopleClip();
    s = await launch({ video: clip.path, audio: makeMicFile().path });
    const { page } = s;
    await page.goto(baseUrl());
    await startSession(page, 'Jo');
    await waitFor(
      () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
      (n) => n >= 2,
      'both people found',
      60_000,
    );
    const preview = page.getByRole('img', { name: /Camera preview/ });
    await page.keyboard.press('p');
    const box = await preview.boundingBox();
    if (!box || !clip.moverAt || !clip.stillAt) throw new Error('no preview or no truth');
    // Mirrored preview: a point at camera x appears at 1 - x on screen.
    // A tap lands on whoever the pose model sees there, or waits up to 2 s for someone to be seen there; when
    // the model keeps missing the (still) person, the panel says no one was seen and staff tap again, as this
    // does (at most six times, 5 s apart).
    const tap = async (at: { x: number; y: number }) => {
      const isLearner = (people: { identity: string; box: { x: number; width: number } }[]) =>
        people.some((p) => p.identity === 'learner' && at.x >= p.box.x && at.x <= p.box.x + p.box.width);
      for (let attempt = 1; ; attempt++) {
        await preview.click({ position: { x: (1 - at.x) * box.width, y: at.y * box.height } });
        try {
          await waitFor(
            () => page.evaluate(() => window.attuneDiagnostics?.people() ?? []),
            isLearner,
            'the tapped person to become the learner',
            5_000,
          );
          break;
        } catch (error) {
          if (attempt >= 6) throw error;
          console.log(`tap ${attempt} did not take; tapping again`);
        }
      }
      await waitFor(
        () => page.getByText(/^Learner chosen/).count(),
        (n) => n === 1,
        'the panel to say the learner was chosen',
        2_000,
      );
      return page.evaluate(() => performance.now());
    };
    // A tap on nobody (the point of a 20 x 15 grid furthest from everyone's box) goes to nobody: the panel says
    // it is looking, then that no one was seen there, and nobody becomes the learner meanwhile.
    const people = await page.evaluate(() => window.attuneDiagnostics?.people() ?? []);
    let empty = { x: 0.5, y: 0.5 };
    let emptyGap = -1;
    for (let i = 0; i < 20; i++)
      for (let j = 0; j < 15; j++) {
        const pt = { x: (i + 0.5) / 20, y: (j + 0.5) / 15 };
        const gap = Math.min(...people.map((p) => gapToBox(pt, p.box, 640 / 480)));
        if (gap > emptyGap) [empty, emptyGap] = [pt, gap];
      }
    console.log(`empty spot ${JSON.stringify(empty)}, ${emptyGap.toFixed(2)} frame heights from anyone`);
    expect(emptyGap).toBeGreaterThan(0.15);
    await preview.click({ position: { x: (1 - empty.x) * box.width, y: empty.y * box.height } });
    await waitFor(
      () => page.getByText(/^Looking for someone where you tapped/).count(),
      (n) => n === 1,
      'the panel to say it is looking where the tap landed',
      2_000,
    );
    await waitFor(
      () => page.getByText(/^No one was seen where you tapped/).count(),
      (n) => n === 1,
      'the panel to say no one was seen there',
      5_000,
    );
    const afterEmptyTap = await page.evaluate(() => window.attuneDiagnostics?.people() ?? []);
    expect(afterEmptyTap.filter((p) => p.identity === 'learner')).toEqual([]);

    // Each phase runs until the log holds three closed bursts of `party` that began in it, or 25 s (two waves per
    // 12 s loop).
    let origin: number | undefined;
    const burstsSince = async (tapPerf: number, party: MovementEvent['party']) => {
      const logged = await loggedEvents(page);
      origin ??= await sessionOriginPerf(page, logged.startedAt);
      const at = origin;
      return logged.events.filter(
        (e) => e.kind === 'movement' && e.party === party && e.startMs >= tapPerf - at + 500,
      ).length;
    };
    const phase = async (tapPerf: number, party: MovementEvent['party']) => {
      const until = Date.now() + 25_000;
      while (Date.now() < until && (await burstsSince(tapPerf, party)) < 3) await page.waitForTimeout(1000);
    };
    const firstTap = await tap(clip.moverAt);
    await phase(firstTap, 'learner');
    const secondTap = await tap(clip.stillAt);
    await phase(secondTap, 'practitioner');
    await endSession(page);
    const { startedAt, events } = await loggedEvents(page);
    const startPerf = await sessionOriginPerf(page, startedAt);
    const moves = events.filter((e): e is MovementEvent => e.kind === 'movement');
    console.log(
      'movement',
      JSON.stringify(moves.map((m) => [Math.round(m.startMs), Math.round(m.endMs), m.party])),
    );
    const inPhase = (from: number, to: number) =>
      moves.filter((m) => m.startMs >= from - startPerf + 500 && m.endMs <= to - startPerf);
    const phase1 = inPhase(firstTap, secondTap);
    const phase2 = inPhase(secondTap, Number.POSITIVE_INFINITY);
    // At least three bursts in each phase given to the tapped (moving) person as the learner first, then to them as
    // the practitioner once the still person is the learner; none ever to the other party. A burst may be nobody's
    // (unknown): under load the person boxes lag the motion (a whole run once gave one burst 0.5 s after the tap
    // to nobody), and unknown is never counted as a turn; given to the wrong person it would be.
    const parties = (ms: MovementEvent[]) => ms.map((m) => m.party);
    expect(parties(phase1).filter((p) => p === 'learner').length).toBeGreaterThanOrEqual(3);
    expect(parties(phase1).filter((p) => p !== 'learner' && p !== 'unknown')).toEqual([]);
    expect(parties(phase2).filter((p) => p === 'practitioner').length).toBeGreaterThanOrEqual(3);
    expect(parties(phase2).filter((p) => p !== 'practitioner' && p !== 'unknown')).toEqual([]);
  });
});
