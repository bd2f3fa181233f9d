import { describe, expect, it } from 'vitest';
import type { NormRect } from '../../../../src/core/motion/motionEnergy.ts';
import {
  type DetectedPerson,
  distanceBetween,
  PersonTracker,
  type PersonTrackerParams,
} from '../../../../src/core/motion/personTracker.ts';
import { rng } from '../../support/synth.ts';

const FRAME_MS = 1000 / 15; // pose runs slower than the camera
/** The synthetic frames are a 640x480 webcam's. */
const ASPECT = 4 / 3;

function box(cx: number, cy: number, w: number, h: number): NormRect {
  return { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
}

interface Truth {
  who: 'learner' | 'practitioner';
  box: NormRect;
}

/** Runs frames of truth through the tracker, detections shuffled each frame as a pose model may order them. */
function track(
  frames: Truth[][],
  params: Partial<PersonTrackerParams> = {},
  tapAtFrame = 0,
): { wrong: number; labelled: number } {
  const tracker = new PersonTracker(params);
  const shuffle = rng(11);
  let wrong = 0;
  let labelled = 0;
  frames.forEach((people, i) => {
    const order = people.map((p) => ({ p, k: shuffle() })).sort((a, b) => a.k - b.k);
    const dets: DetectedPerson[] = order.map(({ p }) => ({ box: p.box }));
    const out = tracker.update(i * FRAME_MS, dets, ASPECT);
    if (i === tapAtFrame) {
      const learner = people.find((p) => p.who === 'learner');
      if (!learner) throw new Error('tap needs the learner in view');
      tracker.markLearner({
        x: learner.box.x + learner.box.width / 2,
        y: learner.box.y + learner.box.height / 3,
      });
    }
    if (i <= tapAtFrame) return;
    order.forEach(({ p }, j) => {
      labelled++;
      if (out[j]?.identity !== p.who) wrong++;
    });
  });
  return { wrong, labelled };
}

describe('PersonTracker', () => {
  it('keeps identities when two people of the same size cross at the same height, boxes overlapping', () => {
    // Across most of the frame in about a second: position alone swaps them, the velocity carries them through.
    const frames: Truth[][] = [];
    for (let i = 0; i < 16; i++) {
      const u = i / 15;
      frames.push([
        { who: 'learner', box: box(0.2 + 0.6 * u, 0.5, 0.2, 0.5) },
        { who: 'practitioner', box: box(0.8 - 0.6 * u, 0.5, 0.2, 0.5) },
      ]);
    }
    const r = track(frames);
    expect(r.labelled).toBe(30);
    expect(r.wrong).toBe(0);
    expect(track(frames, { velocityWeight: 0 }).wrong).toBeGreaterThan(0);
  });

  it('keeps identities when a child and an adult cross (size tells them apart)', () => {
    const frames: Truth[][] = [];
    for (let i = 0; i < 45; i++) {
      const u = Math.min(1, i / 30);
      frames.push([
        { who: 'learner', box: box(0.45, 0.65, 0.2, 0.35) },
        // The practitioner walks behind the learner and stops on the other side.
        { who: 'practitioner', box: box(0.8 - 0.6 * u, 0.45, 0.3, 0.8) },
      ]);
    }
    expect(track(frames).wrong).toBe(0);
  });

  it('re-finds the learner after a few missed frames and the practitioner after leaving and coming back', () => {
    const frames: Truth[][] = [];
    const learner: Truth = { who: 'learner', box: box(0.3, 0.6, 0.25, 0.45) };
    for (let i = 0; i < 300; i++) {
      const t = i * FRAME_MS;
      const people: Truth[] = [];
      // The learner lies down out of the model's reach for 2 s (no detection), then is seen again in place,
      // slightly shifted.
      if (t < 4000 || t > 6000)
        people.push(t > 6000 ? { ...learner, box: box(0.32, 0.62, 0.27, 0.42) } : learner);
      // The practitioner walks off to the right at 8 s and comes back from the left at 12 s.
      if (t < 8000) people.push({ who: 'practitioner', box: box(0.7, 0.5, 0.3, 0.7) });
      else if (t > 12_000)
        people.push({
          who: 'practitioner',
          box: box(0.1 + Math.min(0.4, (t - 12_000) / 10_000), 0.5, 0.3, 0.7),
        });
      frames.push(people);
    }
    const r = track(frames);
    expect(r.wrong).toBe(0);
  });

  it('a tap picks the smallest box containing the point, else one just beside it', () => {
    const t = new PersonTracker();
    t.update(0, [{ box: box(0.5, 0.5, 0.6, 0.9) }, { box: box(0.45, 0.6, 0.2, 0.3) }], ASPECT);
    expect(t.markLearner({ x: 0.45, y: 0.6 })?.box.width).toBeCloseTo(0.2);
    expect(t.get('practitioner')?.box.width).toBeCloseTo(0.6);
    // A mistaken tap corrected: the other one becomes the learner, and the first the practitioner.
    expect(t.markLearner({ x: 0.75, y: 0.2 })?.box.width).toBeCloseTo(0.6);
    expect(t.get('practitioner')?.box.width).toBeCloseTo(0.2);
    // 0.03 frame widths right of the big box's edge (0.04 frame heights): still on it.
    expect(t.markLearner({ x: 0.83, y: 0.5 })?.box.width).toBeCloseTo(0.6);
    expect(t.tapState).toBe('chosen');
    t.update(100, [], ASPECT);
    expect(t.markLearner({ x: 0.5, y: 0.5 })).toBeNull();
    // Remembered at the last place while out of view.
    expect(t.get('learner')?.visible).toBe(false);
  });

  it('a tap on nobody goes to nobody, not to whoever is nearest, and is dropped after a while', () => {
    const t = new PersonTracker();
    const practitioner = { box: box(0.25, 0.5, 0.2, 0.8) };
    t.update(0, [practitioner], ASPECT);
    // Far right of the only person in view (0.4 frame heights from their box).
    expect(t.markLearner({ x: 0.7, y: 0.5 })).toBeNull();
    expect(t.tapState).toBe('waiting');
    expect(t.waitingTap).toEqual({ x: 0.7, y: 0.5 });
    // Kept for two seconds from the tap ...
    for (let ms = 100; ms <= 2000; ms += 100) t.update(ms, [practitioner], ASPECT);
    expect(t.get('learner')).toBeNull();
    expect(t.tapState).toBe('waiting');
    t.update(2100, [practitioner], ASPECT);
    expect(t.tapState).toBe('missed');
    expect(t.waitingTap).toBeNull();
    expect(t.get('learner')).toBeNull();
    // Someone who comes into view there later is not made the learner by the old tap.
    t.update(2200, [practitioner, { box: box(0.7, 0.6, 0.2, 0.4) }], ASPECT);
    expect(t.get('learner')).toBeNull();
  });

  it('a tap on nobody between slow frames waits two seconds from the tap, not from the frame before it', () => {
    // A busy PC gives the pose model a frame every 1.5 s: a tap 1.9 s after the latest frame must still be seen
    // waiting at the next frame, and dropped only once frames 2 s past the tap show nobody there.
    const t = new PersonTracker();
    const practitioner = { box: box(0.25, 0.5, 0.2, 0.8) };
    t.update(0, [practitioner], ASPECT);
    expect(t.markLearner({ x: 0.7, y: 0.5 }, 1900)).toBeNull();
    t.update(2100, [practitioner], ASPECT);
    expect(t.tapState).toBe('waiting');
    t.update(3600, [practitioner], ASPECT);
    expect(t.tapState).toBe('waiting');
    t.update(3950, [practitioner], ASPECT);
    expect(t.tapState).toBe('missed');
    // A tap timed before the latest frame (its frame still on the way) counts from that frame.
    const late = new PersonTracker();
    late.update(1000, [practitioner], ASPECT);
    late.markLearner({ x: 0.7, y: 0.5 }, 900);
    late.update(2950, [practitioner], ASPECT);
    expect(late.tapState).toBe('waiting');
    late.update(3050, [practitioner], ASPECT);
    expect(late.tapState).toBe('missed');
  });

  it('a tap on a still learner the pose model missed that frame waits for them, not the practitioner', () => {
    const t = new PersonTracker();
    const learner = { box: box(0.7, 0.6, 0.2, 0.4) };
    const practitioner = { box: box(0.3, 0.5, 0.25, 0.8) };
    t.update(0, [learner, practitioner], ASPECT);
    t.update(100, [practitioner], ASPECT);
    expect(t.markLearner({ x: 0.7, y: 0.6 })).toBeNull();
    t.update(200, [practitioner], ASPECT);
    expect(t.get('learner')).toBeNull();
    t.update(300, [practitioner, learner], ASPECT);
    expect(t.tapState).toBe('chosen');
    expect(t.get('learner')?.box.x).toBeCloseTo(0.6);
    expect(t.get('practitioner')?.box.x).toBeCloseTo(0.175);
    expect(t.waitingTap).toBeNull();
  });

  it('distanceBetween is in body sizes, so a scene twice as far away gives the same figure', () => {
    const near = new PersonTracker();
    const [a1, b1] = near.update(
      0,
      [{ box: box(0.3, 0.5, 0.2, 0.4) }, { box: box(0.7, 0.5, 0.2, 0.4) }],
      ASPECT,
    );
    const far = new PersonTracker();
    const [a2, b2] = far.update(
      0,
      [{ box: box(0.4, 0.5, 0.1, 0.2) }, { box: box(0.6, 0.5, 0.1, 0.2) }],
      ASPECT,
    );
    if (!a1 || !b1 || !a2 || !b2) throw new Error('tracks missing');
    const dNear = distanceBetween(a1, b1, ASPECT);
    const dFar = distanceBetween(a2, b2, ASPECT);
    expect(dNear.centres).toBeCloseTo(dFar.centres, 6);
    expect(dNear.gap).toBeCloseTo(dFar.gap, 6);
    // 0.4 of the width apart = 0.533 frame heights at 4:3; size sqrt(0.2*4/3*0.4) = 0.327.
    expect(dNear.centres).toBeCloseTo(0.5333 / 0.3266, 3);
    expect(dNear.sizeRatio).toBeCloseTo(1);
    const overlapping = distanceBetween(
      { ...a1, box: box(0.3, 0.5, 0.3, 0.4) },
      { ...b1, box: box(0.45, 0.5, 0.3, 0.4) },
      ASPECT,
    );
    expect(overlapping.gap).toBe(0);
  });
});
