import { describe, expect, it } from 'vitest';
import { DEFAULT_TURN_PARAMS, parseTurnParams } from '../../../../src/core/turns/params.ts';

const P = DEFAULT_TURN_PARAMS;

describe('turn-taking parameters', () => {
  it('defaults to 5 s windows for an exchange, a sequence and an initiation', () => {
    expect(P.exchangeGapMs).toBe(5000);
    expect(P.sequenceGapMs).toBe(5000);
    expect(P.initiationWindowMs).toBe(5000);
  });

  it('survive a JSON round trip, and stored values that are not valid numbers are refused', () => {
    const back = parseTurnParams(JSON.parse(JSON.stringify(P)));
    expect(back).toEqual({ ok: true, params: P });
    expect(parseTurnParams({ ...P, exchangeGapMs: 'soon' }).ok).toBe(false);
    expect(parseTurnParams({ ...P, sequenceGapMs: -1 }).ok).toBe(false);
    expect(parseTurnParams({ ...P, minSequenceTurns: 0 }).ok).toBe(false);
    expect(parseTurnParams(null).ok).toBe(false);
  });
});
