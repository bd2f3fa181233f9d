import type { Ms } from './units.ts';

/**
 * The staff PIN's rules, kept pure so they are tested in Node: what a new PIN must be, how wrong tries slow
 * the next one down, and a comparison of hashes that takes the same time wherever they differ. Hashing and
 * storage are in store/pin.ts; the dialog is in ui/dialog.ts.
 */

export const PIN_MIN_DIGITS = 4;
/** Long enough for anyone's habit; short enough that a typo in a very long PIN is not a trap. */
export const PIN_MAX_DIGITS = 12;

export type PinCheck = { ok: true } | { ok: false; message: string };

const DIGITS = /^[0-9]+$/;

/**
 * PINs that are guessed first: one digit repeated (1111) and a straight run up or down (1234, 9876). A
 * four-digit PIN has only 10,000 values, so the handful everyone tries first is worth refusing.
 */
export function isEasyToGuess(pin: string): boolean {
  if (pin.length < 2) return true;
  const d = [...pin].map(Number);
  const step = (d[1] as number) - (d[0] as number);
  if (step !== 0 && Math.abs(step) !== 1) return false;
  for (let i = 1; i < d.length; i++) if ((d[i] as number) - (d[i - 1] as number) !== step) return false;
  return true;
}

/** Checks a new PIN typed twice. The messages are for staff at the whiteboard: plain and actionable. */
export function checkNewPin(pin: string, again: string): PinCheck {
  if (pin === '') return { ok: false, message: `Type a PIN of at least ${PIN_MIN_DIGITS} digits.` };
  if (!DIGITS.test(pin)) return { ok: false, message: 'A PIN is digits only (0 to 9), with no spaces.' };
  if (pin.length < PIN_MIN_DIGITS) {
    return { ok: false, message: `A PIN needs at least ${PIN_MIN_DIGITS} digits.` };
  }
  if (pin.length > PIN_MAX_DIGITS) {
    return { ok: false, message: `A PIN can have at most ${PIN_MAX_DIGITS} digits.` };
  }
  if (isEasyToGuess(pin)) {
    return { ok: false, message: 'That PIN is too easy to guess (like 1111 or 1234). Choose another.' };
  }
  if (again !== pin) {
    return { ok: false, message: 'The two PINs are not the same. Type the same PIN in both boxes.' };
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------------------
// Slowing down wrong tries.

/** Wrong tries in a row, and when the next try is allowed (epoch ms). Stored per device with the PIN. */
export interface AttemptState {
  failures: number;
  notBeforeMs: number;
}

/** Wrong tries allowed before any wait: enough for a fumbled PIN on a touch screen. */
export const FREE_TRIES = 3;
const FIRST_WAIT_MS = 5_000;
const MAX_WAIT_MS = 60_000;

export function noAttempts(): AttemptState {
  return { failures: 0, notBeforeMs: 0 };
}

/** The wait after the n-th wrong try in a row: none for the first few, then 5 s doubling up to a minute. */
export function waitAfterFailures(failures: number): Ms {
  if (failures < FREE_TRIES) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_TRIES));
}

export function afterFailure(state: AttemptState, nowMs: number): AttemptState {
  const failures = state.failures + 1;
  return { failures, notBeforeMs: nowMs + waitAfterFailures(failures) };
}

/** How long until the next try is allowed (0 = now). */
export function waitMs(state: AttemptState, nowMs: number): Ms {
  // A clock set back (a PC with a flat CMOS battery) must not lock staff out for days.
  return Math.max(0, Math.min(state.notBeforeMs - nowMs, MAX_WAIT_MS));
}

/** "5 seconds", "1 minute": for the wait message. */
export function describeWait(ms: Ms): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`;
  const m = Math.ceil(s / 60);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/**
 * Equality of two byte strings that looks at every byte whatever the first difference, so the time taken
 * tells nothing about how much of a stored hash a guess matched. Lengths are not secret (always 32 here).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
