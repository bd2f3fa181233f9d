import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  checkNewPin,
  constantTimeEqual,
  describeWait,
  FREE_TRIES,
  isEasyToGuess,
  noAttempts,
  waitAfterFailures,
  waitMs,
} from '../../../src/core/pinPolicy.ts';

describe('a new staff PIN', () => {
  it('is accepted when it is 4 to 12 digits, not an obvious one, and typed the same twice', () => {
    expect(checkNewPin('2580', '2580')).toEqual({ ok: true });
    expect(checkNewPin('739154', '739154')).toEqual({ ok: true });
    expect(checkNewPin('907134528613', '907134528613')).toEqual({ ok: true });
  });

  it('is refused, with a reason, when too short, too long, not digits, obvious, or typed differently', () => {
    const reason = (pin: string, again = pin) => {
      const r = checkNewPin(pin, again);
      return r.ok ? null : r.message;
    };
    expect(reason('')).toMatch(/at least 4 digits/);
    expect(reason('739')).toMatch(/at least 4 digits/);
    expect(reason('9071345286134')).toMatch(/at most 12 digits/);
    expect(reason('73 91')).toMatch(/digits only/);
    expect(reason('abcd')).toMatch(/digits only/);
    expect(reason('７３９１')).toMatch(/digits only/); // full-width digits look alike but differ as bytes
    expect(reason('1111')).toMatch(/too easy/);
    expect(reason('1234')).toMatch(/too easy/);
    expect(reason('98765')).toMatch(/too easy/);
    expect(reason('739154', '739145')).toMatch(/not the same/);
  });

  it('counts only repeated digits and straight runs as easy to guess', () => {
    expect(isEasyToGuess('0000')).toBe(true);
    expect(isEasyToGuess('3456')).toBe(true);
    expect(isEasyToGuess('6543')).toBe(true);
    expect(isEasyToGuess('1357')).toBe(false);
    expect(isEasyToGuess('1123')).toBe(false);
    expect(isEasyToGuess('9012')).toBe(false);
  });
});

describe('wrong tries', () => {
  it('are free for the first few, then wait 5 s doubling up to a minute', () => {
    expect(FREE_TRIES).toBe(3);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(waitAfterFailures)).toEqual([
      0, 0, 5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('hold the next try back from the time of the last one', () => {
    let state = noAttempts();
    const t0 = 1_000_000;
    state = afterFailure(state, t0);
    state = afterFailure(state, t0 + 1000);
    expect(waitMs(state, t0 + 1000)).toBe(0);
    state = afterFailure(state, t0 + 2000);
    expect(state.failures).toBe(3);
    expect(waitMs(state, t0 + 2000)).toBe(5000);
    expect(waitMs(state, t0 + 6000)).toBe(1000);
    expect(waitMs(state, t0 + 7000)).toBe(0);
  });

  it('never hold staff back more than a minute, even when the clock was set back', () => {
    const state = { failures: 9, notBeforeMs: Date.UTC(2030, 0, 1) };
    expect(waitMs(state, Date.UTC(2026, 0, 1))).toBe(60_000);
  });

  it('are described in words', () => {
    expect(describeWait(5000)).toBe('5 seconds');
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(60_000)).toBe('1 minute');
    expect(describeWait(61_000)).toBe('2 minutes');
  });
});

describe('comparing hashes', () => {
  it('is equality of bytes', () => {
    const a = Uint8Array.from([1, 2, 3, 4]);
    expect(constantTimeEqual(a, Uint8Array.from([1, 2, 3, 4]))).toBe(true);
    expect(constantTimeEqual(a, Uint8Array.from([1, 2, 3, 5]))).toBe(false);
    expect(constantTimeEqual(a, Uint8Array.from([0, 2, 3, 4]))).toBe(false);
    expect(constantTimeEqual(a, Uint8Array.from([1, 2, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
