import type { LiveSignals } from '../state/live.ts';

/**
 * What the panel's window and the stage's window say to each other over one BroadcastChannel (same origin,
 * same browser profile). The panel's window owns the camera, the microphone, the engine, the log and the sound;
 * the stage's window only draws, so its messages are what the learner did on the board and how it is doing.
 */
export const SCREENS_CHANNEL = 'attune: screens';

/** The stage's window says it is there this often; missing three in a row, the panel takes the stage back. */
export const HEARTBEAT_MS = 1000;

export type WakeLockState = 'held' | 'released' | 'unsupported' | { refused: string };

export type ToStage =
  /** The live signals as they are now; `origin` is the sender's performance.timeOrigin (see shiftClock). */
  | { type: 'live'; origin: number; live: LiveSignals }
  /** The panel's window is closing or has given the stage back to itself. */
  | { type: 'goodbye' };

export type ToPanel =
  | { type: 'hello'; id: string }
  | { type: 'status'; id: string; fullscreen: boolean; wakeLock: WakeLockState }
  /** A touch on the board: times on the stage window's clock, with its origin. */
  | { type: 'touch'; id: string; origin: number; startMs: number; endMs: number; x: number; y: number }
  /** A key pressed while the stage's window has the keyboard: the panel's window acts on it as its own. */
  | { type: 'key'; id: string; key: string }
  | { type: 'bye'; id: string };

/**
 * Two windows have performance clocks of their own (each starts at its own timeOrigin, on the same wall
 * clock): a time on one is `t + from - to` on the other.
 */
export function shiftClock(t: number, fromOrigin: number, toOrigin: number): number {
  return t + fromOrigin - toOrigin;
}

/**
 * Copies received live signals into the stage window's own, moving every time on the performance clock (a field
 * named `...PerfMs`, by the live signals' convention) onto this window's clock. Typed arrays of the same length
 * are filled in place, since a scene may hold on to them.
 */
export function applyLive(
  target: LiveSignals,
  received: LiveSignals,
  fromOrigin: number,
  toOrigin: number,
): void {
  const t = target as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(received)) {
    const here = t[key];
    if (value instanceof Float32Array && here instanceof Float32Array && here.length === value.length) {
      here.set(value);
    } else {
      t[key] = shifted(key, value, fromOrigin, toOrigin);
    }
  }
}

function shifted(key: string, value: unknown, from: number, to: number): unknown {
  if (typeof value === 'number') return key.endsWith('PerfMs') ? shiftClock(value, from, to) : value;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v) => shifted('', v, from, to));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = shifted(k, v, from, to);
  return out;
}
