import type { Hz, Ms, Unit } from '../units.ts';
import { DEFAULT_NOTE_PARAMS, type NoteChoiceParams } from './pentatonic.ts';

/**
 * Movement and touch as sound: a soft continuous tone that follows how much the learner moves (its level) and
 * where (its note and its place left to right), and a soft note for a touch. Both use the notes of the voice
 * answer's pentatonic scale, so everything Attune plays fits together. Pure: the sound module plays what these
 * decide, and the session logs each sounding as a response with its cause.
 */

/** The pentatonic notes between `lowHz` and `highHz`, lowest first. */
export function scaleNotes(params: NoteChoiceParams = DEFAULT_NOTE_PARAMS): Hz[] {
  const notes: Hz[] = [];
  for (let octave = -3; octave <= 3; octave++) {
    for (const step of params.steps) {
      const hz = params.rootHz * 2 ** (octave + step / 12);
      if (hz >= params.lowHz * 0.999 && hz <= params.highHz * 1.001) notes.push(hz);
    }
  }
  return notes.sort((a, b) => a - b);
}

export interface MovementSoundParams {
  /** Motion at the movement threshold (ratio 1) is silent; it reaches full level at this ratio. */
  fullRatio: number;
  /** The level rises over at least this (a fade, never a jump) and falls over this. */
  riseMs: Ms;
  fallMs: Ms;
  /** Loudest the movement tone gets, 0..1 of the voice's scale (it sits under the voice answer). */
  maxLevel: Unit;
  /** The tone counts as sounding (a logged response) above this level, and stops below `offLevel`. */
  onLevel: Unit;
  offLevel: Unit;
  /** Movement notes: this many of the scale's notes, from the lowest, low on the screen to high. */
  noteCount: number;
  /** The place must pass this far (in notes) beyond a note's edge before the note changes: no flutter. */
  noteHysteresis: number;
}

export const DEFAULT_MOVEMENT_SOUND: MovementSoundParams = {
  fullRatio: 4,
  riseMs: 120,
  fallMs: 600,
  maxLevel: 0.5,
  onLevel: 0.06,
  offLevel: 0.03,
  noteCount: 7,
  noteHysteresis: 0.3,
};

/** Where and how much movement there is in a frame: from the motion grid, or the whole-view ratio alone. */
/** The movement tone's notes: the lowest `noteCount` of the scale (the sound module plays exactly these). */
export function movementScale(params: MovementSoundParams = DEFAULT_MOVEMENT_SOUND): Hz[] {
  return scaleNotes().slice(0, params.noteCount);
}

export interface MovementInput {
  /** The strongest motion anywhere, relative to the movement threshold (1 = at threshold). */
  ratio: number;
  /** The place of the motion over threshold, 0..1 of the stage (mirrored like the stage), or null if unknown. */
  x: Unit | null;
  y: Unit | null;
}

/**
 * Motion in a grid of the camera's own (unmirrored) image, row-major, relative to the movement threshold: its
 * strongest cell and its centre, weighted by the square of each cell's motion (so the strongest movement leads
 * and the camera's noise hardly counts), mirrored so that left on the stage is the learner's left as they see it.
 * The grid's cells share the whole view's denominator, so a movement spread over several cells is weaker in each:
 * callers take the larger of this ratio and the whole view's.
 */
export function movementFromGrid(cells: ArrayLike<number>, cols: number, rows: number): MovementInput {
  let ratio = 0;
  let weight = 0;
  let sx = 0;
  let sy = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = Math.max(0, cells[r * cols + c] ?? 0);
      ratio = Math.max(ratio, v);
      const w = v * v;
      weight += w;
      sx += w * ((c + 0.5) / cols);
      sy += w * ((r + 0.5) / rows);
    }
  }
  if (weight <= 0) return { ratio, x: null, y: null };
  return { ratio, x: 1 - sx / weight, y: sy / weight };
}

/** What the movement tone should do now. */
export interface MovementTone {
  level: Unit;
  noteHz: Hz;
  /** -1 (left) .. 1 (right). */
  pan: number;
}

/** A stretch of time the movement tone sounded: logged as a response with cause `movement`. */
export interface Sounding {
  startMs: Ms;
  endMs: Ms;
}

export class MovementSound {
  private level = 0;
  private noteIndex: number;
  private pan = 0;
  private sinceMs: Ms | null = null;
  private lastMs: Ms | null = null;
  private readonly notes: Hz[];

  constructor(readonly params: MovementSoundParams = DEFAULT_MOVEMENT_SOUND) {
    this.notes = movementScale(params);
    this.noteIndex = Math.floor(this.notes.length / 2);
  }

  /** Follows one frame of movement; returns the tone, and a sounding that has just ended (or null). */
  update(tMs: Ms, input: MovementInput): { tone: MovementTone; ended: Sounding | null } {
    const p = this.params;
    const dt = this.lastMs === null ? 0 : Math.max(0, tMs - this.lastMs);
    this.lastMs = tMs;
    const amount = Math.min(1, Math.max(0, (input.ratio - 1) / (p.fullRatio - 1)));
    const target = amount * p.maxLevel;
    // Fades both ways, so a strobing camera makes a slow swell and never a pulse.
    this.level =
      target > this.level
        ? Math.min(target, this.level + (dt / p.riseMs) * p.maxLevel)
        : Math.max(target, this.level - (dt / p.fallMs) * p.maxLevel);
    if (input.y !== null) this.follow(1 - input.y);
    if (input.x !== null) this.pan += (input.x * 2 - 1 - this.pan) * Math.min(1, dt / 300);
    let ended: Sounding | null = null;
    if (this.sinceMs === null && this.level >= p.onLevel) this.sinceMs = tMs;
    else if (this.sinceMs !== null && this.level < p.offLevel) {
      ended = { startMs: this.sinceMs, endMs: tMs };
      this.sinceMs = null;
    }
    return { tone: { level: this.level, noteHz: this.notes[this.noteIndex] ?? 0, pan: this.pan }, ended };
  }

  /** A sounding still under way (at the end of a session): ended now. */
  flush(tMs: Ms): Sounding | null {
    const s = this.sinceMs === null ? null : { startMs: this.sinceMs, endMs: tMs };
    this.sinceMs = null;
    return s;
  }

  /** Moves to the note for a height (0 bottom .. 1 top), only once the place is clearly past the edge. */
  private follow(height: Unit): void {
    const place = height * this.notes.length - 0.5;
    if (Math.abs(place - this.noteIndex) > 0.5 + this.params.noteHysteresis) {
      this.noteIndex = Math.min(this.notes.length - 1, Math.max(0, Math.round(place)));
    }
  }
}

export interface TouchSoundParams {
  /** However fast the board is tapped, a note at most this often (each touch is still logged). */
  minIntervalMs: Ms;
  /** How long a touch note sounds, attack to the end of its release: its response's length. */
  noteMs: Ms;
}

export const DEFAULT_TOUCH_SOUND: TouchSoundParams = { minIntervalMs: 300, noteMs: 1200 };

/** A touch's note: higher up the board, higher the note; null when one sounded too recently. */
export class TouchSound {
  private lastMs: Ms = Number.NEGATIVE_INFINITY;
  private readonly notes: Hz[];

  constructor(
    readonly params: TouchSoundParams = DEFAULT_TOUCH_SOUND,
    notes: Hz[] = scaleNotes(),
  ) {
    this.notes = notes;
  }

  /** `x`, `y`: 0..1 of the stage (y down). */
  touch(tMs: Ms, x: Unit, y: Unit): { noteHz: Hz; pan: number } | null {
    if (tMs - this.lastMs < this.params.minIntervalMs) return null;
    this.lastMs = tMs;
    const i = Math.round((1 - Math.min(1, Math.max(0, y))) * (this.notes.length - 1));
    return { noteHz: this.notes[i] ?? this.notes[0] ?? 0, pan: Math.min(1, Math.max(-1, x * 2 - 1)) };
  }
}
