import { describe, expect, it } from 'vitest';
import { DEFAULT_TURN_TAKING, ResponsePolicy } from '../../../../src/core/respond/modes.ts';

describe('how Attune answers', () => {
  it('answers at once when the voice ends, never over it, in mirror mode', () => {
    const p = new ResponsePolicy('mirror');
    expect(p.decide(1600)).toBe(1600);
  });

  it('waits for the end of the turn and a pause in turn-taking mode', () => {
    const p = new ResponsePolicy('turn-taking');
    expect(p.decide(1600)).toBe(1600 + DEFAULT_TURN_TAKING.answerDelayMs);
  });

  it('leaves space after an answer in turn-taking mode', () => {
    const p = new ResponsePolicy('turn-taking');
    const at = p.decide(1000) ?? 0;
    p.answered(at + 1500);
    expect(p.decide(at + 2000)).toBeNull();
    expect(p.decide(at + 1500 + DEFAULT_TURN_TAKING.spaceMs)).not.toBeNull();
  });

  it('never answers in listen-only mode', () => {
    const p = new ResponsePolicy('listen-only');
    expect(p.decide(500)).toBeNull();
  });
});
