import { describe, expect, it } from 'vitest';
import { type LogEvent, TURN_TAG } from '../../../../src/core/events.ts';
import { agreementWords, cohensKappa, turnAgreement } from '../../../../src/core/review/agreement.ts';
import { DEFAULT_TURN_PARAMS } from '../../../../src/core/turns/params.ts';
import { tag, voice } from '../../support/timeline.ts';

describe('Cohen’s kappa', () => {
  it('gives the textbook value on a two-by-two table', () => {
    // 50 items: both yes 20, yes/no 5, no/yes 10, both no 15. po = 35/50 = 0.7; each rater's yes share is
    // 25/50 and 30/50, so pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    expect(
      cohensKappa([
        [20, 5],
        [10, 15],
      ]),
    ).toBeCloseTo(0.4, 10);
  });

  it('works a three-category table by hand', () => {
    // n = 100, po = 0.85; both raters' shares are 0.30, 0.25, 0.45, so pe = 0.09 + 0.0625 + 0.2025 = 0.355;
    // kappa = 0.495 / 0.645.
    expect(
      cohensKappa([
        [25, 2, 3],
        [3, 20, 2],
        [2, 3, 40],
      ]),
    ).toBeCloseTo(0.495 / 0.645, 10);
  });

  it('is 1 for full agreement, 0 at chance, negative below it, and null when nothing can be told apart', () => {
    expect(
      cohensKappa([
        [7, 0],
        [0, 3],
      ]),
    ).toBe(1);
    expect(
      cohensKappa([
        [25, 25],
        [25, 25],
      ]),
    ).toBe(0);
    // Always disagreeing: po = 0, pe = 0.5, kappa = -1.
    expect(
      cohensKappa([
        [0, 5],
        [5, 0],
      ]),
    ).toBe(-1);
    expect(
      cohensKappa([
        [4, 0],
        [0, 0],
      ]),
    ).toBeNull();
    expect(cohensKappa([[0]])).toBeNull();
  });
});

/** Ten alternating 1-second turns, learner first, each beginning 4 s after the last began: 0.5, 4.5, ... 36.5 s. */
function alternating(): LogEvent[] {
  return Array.from({ length: 10 }, (_, i) =>
    voice(i % 2 === 0 ? 'learner' : 'practitioner', 0.5 + 4 * i, 1.5 + 4 * i),
  );
}

/** The practitioner's tags, one second into each of those turns, by default of the right person. */
function tags(partyOf = (i: number) => (i % 2 === 0 ? TURN_TAG.learner : TURN_TAG.practitioner)): LogEvent[] {
  return Array.from({ length: 10 }, (_, i) => tag(1.5 + 4 * i, partyOf(i)));
}

describe('Attune’s turns against the hand-tagged ones', () => {
  it('agrees fully when every tag follows a turn of the same person', () => {
    const a = turnAgreement([...alternating(), ...tags()], DEFAULT_TURN_PARAMS);
    if (!a.enough) throw new Error('expected enough hand-tagged turns');
    // First tag 1.5 s (bin 0), last 37.5 s (bin 18): 19 bins, 10 with a turn beginning, 9 with none.
    expect(a).toMatchObject({
      bins: 19,
      agreedBins: 19,
      kappa: 1,
      matched: 10,
      handTurns: { learner: 5, practitioner: 5 },
      attuneTurns: { learner: 5, practitioner: 5 },
    });
  });

  it('counts a tag of the wrong person against Attune, as worked by hand', () => {
    // The sixth tag (21.5 s) says learner where Attune found the practitioner's turn at 20.5 s (bin 10).
    const a = turnAgreement(
      [...alternating(), ...tags((i) => (i % 2 === 0 || i === 5 ? TURN_TAG.learner : TURN_TAG.practitioner))],
      DEFAULT_TURN_PARAMS,
    );
    if (!a.enough) throw new Error('expected enough hand-tagged turns');
    // Rows (hand) and columns (Attune): learner, practitioner, none.
    expect(a.matrix).toEqual([
      [5, 1, 0],
      [0, 4, 0],
      [0, 0, 9],
    ]);
    // po = 18/19; pe = (6 * 5 + 4 * 5 + 9 * 9) / 19² = 131/361; kappa = (342 - 131) / (361 - 131) = 211/230.
    expect(a.kappa).toBeCloseTo(211 / 230, 10);
    expect(a.agreedBins).toBe(18);
    expect(a.matched).toBe(9);
  });

  it('takes a tag pressed up to 2 s after a turn as marking that turn’s bin, and not one pressed later', () => {
    const base = alternating().slice(1);
    // A learner turn beginning at 1.9 s (bin 0); a tag at 3.8 s (bin 1) is 1.9 s after it, so counts in bin 0.
    const near = [
      voice('learner', 1.9, 2.2),
      ...base,
      tag(3.8, TURN_TAG.learner),
      ...tags().slice(1, 10),
      tag(39, TURN_TAG.practitioner),
    ];
    const a = turnAgreement(near, DEFAULT_TURN_PARAMS);
    if (!a.enough) throw new Error('expected enough hand-tagged turns');
    expect(a.matrix[0]?.[0]).toBe(5);
    // At 4.0 s it is 2.1 s after: it stays in its own bin (bin 2, where Attune has the practitioner's turn).
    const far = near.map((e) => (e.kind === 'tag' && e.atMs === 3800 ? { ...e, atMs: 4000 } : e));
    const b = turnAgreement(far, DEFAULT_TURN_PARAMS);
    if (!b.enough) throw new Error('expected enough hand-tagged turns');
    expect(b.matrix[0]?.[0]).toBe(4);
    expect(b.matched).toBe(a.matched - 1);
  });

  it('never counts the turn tags as Attune’s own turns', () => {
    const a = turnAgreement(tags(), DEFAULT_TURN_PARAMS);
    if (!a.enough) throw new Error('expected enough hand-tagged turns');
    expect(a.attuneTurns).toEqual({ learner: 0, practitioner: 0 });
    // Every Attune bin is "none": agreement exactly at chance, po = pe = 9/19.
    expect(a.kappa).toBe(0);
  });

  it('says in words when there are too few hand-tagged turns', () => {
    const a = turnAgreement([...alternating(), ...tags().slice(0, 9)], DEFAULT_TURN_PARAMS);
    expect(a.enough).toBe(false);
    expect(agreementWords(a)).toEqual({
      value: 'not enough hand-tagged turns',
      counts: '5 learner and 4 practitioner turns tagged by hand; at least 10 are needed to compare.',
    });
    const b = turnAgreement([...alternating(), ...tags()], DEFAULT_TURN_PARAMS);
    expect(agreementWords(b).value).toBe('kappa 1.00');
  });
});
