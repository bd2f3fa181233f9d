import { describe, expect, it } from 'vitest';
import {
  MovementSound,
  movementFromGrid,
  scaleNotes,
  TouchSound,
} from '../../../../src/core/respond/movementSound.ts';
import { answerNote } from '../../../../src/core/respond/pentatonic.ts';

describe('movement as sound', () => {
  it('plays only notes of the voice answer scale', () => {
    const pitchClass = (hz: number) => ((Math.round(12 * Math.log2(hz / 261.63)) % 12) + 12) % 12;
    for (const hz of scaleNotes()) expect(pitchClass(answerNote(hz))).toBe(pitchClass(hz));
    for (const hz of scaleNotes()) expect([0, 2, 4, 7, 9]).toContain(pitchClass(hz));
    expect(scaleNotes().length).toBeGreaterThanOrEqual(7);
  });

  it('finds the place of motion, mirrored like the stage', () => {
    // 4 x 2 grid of the camera image: motion at its top-left cell.
    const m = movementFromGrid([3, 0, 0, 0, 0, 0, 0, 0], 4, 2);
    expect(m.ratio).toBe(3);
    expect(m.x).toBeCloseTo(1 - 0.125, 6);
    expect(m.y).toBeCloseTo(0.25, 6);
    expect(movementFromGrid([0, 0], 2, 1)).toEqual({ ratio: 0, x: null, y: null });
  });

  it('swells and fades over time, never jumps, and logs one sounding per stretch of movement', () => {
    const s = new MovementSound();
    const levels: number[] = [];
    const endings = [];
    // Movement strobing on and off every frame for 2 s, then stillness for 2 s.
    for (let t = 0; t <= 4000; t += 33) {
      const moving = t < 2000 && Math.floor(t / 33) % 2 === 0;
      const { tone, ended } = s.update(t, { ratio: moving ? 6 : 0, x: 0.5, y: 0.5 });
      levels.push(tone.level);
      if (ended) endings.push(ended);
    }
    for (let i = 1; i < levels.length; i++) {
      // At most a 33 ms share of the rise time per frame.
      expect((levels[i] ?? 0) - (levels[i - 1] ?? 0)).toBeLessThanOrEqual((33 / 120) * 0.5 + 1e-9);
    }
    expect(Math.max(...levels)).toBeGreaterThan(0.1);
    expect(levels.at(-1)).toBe(0);
    expect(endings).toHaveLength(1);
    expect(endings[0]?.startMs).toBeLessThan(200);
    expect(endings[0]?.endMs).toBeGreaterThan(2000);
  });

  it('is silent below the movement threshold', () => {
    const s = new MovementSound();
    for (let t = 0; t < 2000; t += 33)
      expect(s.update(t, { ratio: 0.95, x: 0.5, y: 0.5 }).tone.level).toBe(0);
  });

  it('goes higher for movement higher up, without fluttering at a note edge', () => {
    const s = new MovementSound();
    let t = 0;
    const noteAt = (y: number) => {
      let hz = 0;
      for (let i = 0; i < 30; i++) {
        t += 33;
        hz = s.update(t, { ratio: 3, x: 0.5, y }).tone.noteHz;
      }
      return hz;
    };
    expect(noteAt(0.1)).toBeGreaterThan(noteAt(0.9));
    const edge = noteAt(0.5);
    expect(noteAt(0.52)).toBe(edge);
  });
});

describe('touch as sound', () => {
  it('plays a higher note higher up the board, at most one note per 300 ms however fast the taps', () => {
    const s = new TouchSound();
    const top = s.touch(0, 0.5, 0.05);
    const bottom = s.touch(1000, 0.5, 0.95);
    expect(top && bottom && top.noteHz > bottom.noteHz).toBe(true);
    let played = 0;
    for (let t = 2000; t < 3000; t += 25) if (s.touch(t, 0.3, 0.5)) played++;
    expect(played).toBe(4);
  });
});
