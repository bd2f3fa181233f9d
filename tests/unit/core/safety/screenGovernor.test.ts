import { describe, expect, it } from 'vitest';
import { type ColourFrame, flashReport } from '../../../../src/core/safety/flashCounter.ts';
import { followMix, ScreenGovernor } from '../../../../src/core/safety/screenGovernor.ts';

const FRAME_MS = 1000 / 60;

/**
 * Runs a screen of `cells` cells through the governor at 60 frames a second for `ms`, drawing `draw(t, cell)`
 * (an sRGB colour) in each cell; returns what was drawn and what the governed screen showed.
 */
function run(
  ms: number,
  cells: number,
  draw: (t: number, cell: number) => [number, number, number],
  gain = 1,
) {
  const governor = new ScreenGovernor(cells);
  const drawn: ColourFrame[] = [];
  const shown: ColourFrame[] = [];
  const mixes: number[] = [];
  for (let t = 0; t < ms; t += FRAME_MS) {
    const rgb = new Float32Array(cells * 3);
    for (let c = 0; c < cells; c++) rgb.set(draw(t, c), c * 3);
    governor.step(rgb, gain, 1, t);
    drawn.push({ tMs: t, rgb });
    shown.push({ tMs: t, rgb: governor.shown.slice() });
    mixes.push(...governor.mix);
  }
  return { drawn, shown, mixes };
}

function maxLuminanceChange(frames: ColourFrame[]): number {
  let lo = 255;
  let hi = 0;
  for (const f of frames) {
    for (const v of f.rgb) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return hi - lo;
}

describe('the screen governor', () => {
  it('holds a black-and-white strobe at 15 flashes a second to at most 3 (WCAG 2.3.1), and still shows it', () => {
    // Each cell strobes at its own phase: the governor works cell by cell.
    const strobe = (t: number, c: number): [number, number, number] =>
      Math.floor((t + c * 13) / 33) % 2 === 0 ? [0, 0, 0] : [255, 255, 255];
    const { drawn, shown } = run(4000, 6, strobe);
    expect(flashReport(drawn).general).toBeGreaterThanOrEqual(10);
    expect(flashReport(shown).general).toBeLessThanOrEqual(3);
    // Not simply frozen: the screen still moves with what is drawn.
    expect(maxLuminanceChange(shown)).toBeGreaterThan(100);
  });

  it('lets no red flash through: a saturated red blinking 5 times a second, and a red pulsing over white', () => {
    const blink = (t: number): [number, number, number] =>
      Math.floor(t / 100) % 2 === 0 ? [8, 4, 4] : [232, 64, 42];
    const overWhite = (t: number): [number, number, number] =>
      Math.floor(t / 150) % 2 === 0 ? [255, 0, 0] : [200, 200, 200];
    for (const draw of [blink, overWhite]) {
      const { drawn, shown } = run(4000, 1, draw);
      expect(flashReport(drawn).red).toBeGreaterThanOrEqual(3);
      expect(flashReport(shown).red).toBe(0);
      expect(flashReport(shown).general).toBeLessThanOrEqual(3);
      expect(maxLuminanceChange(shown)).toBeGreaterThan(30);
    }
  });

  it('lets no red flash through after a slow creep: a dim red brightening over seconds, then gone at once', () => {
    // The counter's red transition comes when the creep passes its threshold (20), long after a stricter one
    // would (16); a red that then vanishes within the second makes a flash the stricter count never saw close by.
    const creepThenOff = (t: number): [number, number, number] => {
      const cycle = t % 9000;
      return cycle < 8000 ? [(78 * cycle) / 8000, 0, 0] : [0, 0, 0];
    };
    const { drawn, shown } = run(18_000, 1, creepThenOff);
    expect(flashReport(drawn).red).toBeGreaterThanOrEqual(1);
    expect(flashReport(shown).red).toBe(0);
  });

  it('lets no red flash through when a brighter unsaturated colour hides a saturated red between blinks', () => {
    // Red (saturated) then magenta (more of the red quantity, not saturated) then black, over and over: the red's
    // coming and going is a red flash each time, though the largest swing is between two unsaturated states.
    const hidden = (t: number): [number, number, number] =>
      (
        [
          [163, 42, 43],
          [236, 26, 198],
          [0, 0, 0],
        ] as const
      )[Math.floor(t / 100) % 3] as [number, number, number];
    const { drawn, shown } = run(4000, 1, hidden);
    expect(flashReport(drawn).red).toBeGreaterThanOrEqual(2);
    expect(flashReport(shown).red).toBe(0);
  });

  it('lets no red flash through over many random sequences of colours (a seeded search)', () => {
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    let worst = { general: 0, red: 0 };
    for (let trial = 0; trial < 400; trial++) {
      const levels = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => [
        rnd() * 255,
        rnd() * 255,
        rnd() * 255,
      ]);
      const period = FRAME_MS * (1 + Math.floor(rnd() * 6));
      const { shown } = run(3000, 1, (t) => {
        const l =
          rnd() < 0.3
            ? levels[Math.floor(rnd() * levels.length)]
            : levels[Math.floor(t / period) % levels.length];
        return (l ?? [0, 0, 0]) as [number, number, number];
      });
      const r = flashReport(shown);
      worst = { general: Math.max(worst.general, r.general), red: Math.max(worst.red, r.red) };
    }
    expect(worst.general).toBeLessThanOrEqual(3);
    expect(worst.red).toBe(0);
  });

  it('leaves a slow fade as drawn: mix 1 throughout, the screen equal to the scene', () => {
    // Up over 2 s, down over 2 s, in a warm yellow: one transition each way, no flash.
    const fade = (t: number): [number, number, number] => {
      const k = t < 2000 ? t / 2000 : Math.max(0, 2 - t / 2000);
      return [255 * k, 196 * k, 0];
    };
    const { drawn, shown, mixes } = run(4000, 2, fade);
    expect(Math.min(...mixes)).toBe(1);
    expect(shown.map((f) => [...f.rgb])).toEqual(drawn.map((f) => [...f.rgb]));
  });

  it('leaves a scene that changes a little, quickly, as drawn (under 10 % is no transition)', () => {
    const shimmer = (t: number): [number, number, number] =>
      Math.floor(t / 50) % 2 ? [40, 30, 0] : [60, 48, 0];
    const { mixes } = run(3000, 1, shimmer);
    expect(Math.min(...mixes)).toBe(1);
  });

  it('dims to the gain it is given, and in calm follows slowly', () => {
    const { shown } = run(500, 1, () => [200, 200, 200], 0.3);
    expect(shown.at(-1)?.rgb[0]).toBeCloseTo(60, 3);
    // Calm's slow follow: two seconds of frames take the screen most of the way, a single frame very little.
    expect(followMix(FRAME_MS, 600)).toBeLessThan(0.03);
    expect(1 - (1 - followMix(FRAME_MS, 600)) ** 120).toBeGreaterThan(0.95);
  });
});
