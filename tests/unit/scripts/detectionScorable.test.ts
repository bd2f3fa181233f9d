import { describe, expect, it } from 'vitest';
import { scorable } from '../../../scripts/bench/detectionEval.ts';

const truth = [{ party: 'learner' as const, kind: 'real cry or fuss', startMs: 1000, endMs: 2000 }];
const unsure = [
  { startMs: 700, endMs: 900 },
  { startMs: 4000, endMs: 4500 },
];

describe('scoring detections against unsure stretches', () => {
  it('leaves out a detection that touches no true segment but an unsure stretch', () => {
    expect(scorable({ truth, unsure }, [{ startMs: 4100, endMs: 4400 }])).toEqual([]);
  });

  it('keeps a detection that touches neither: it is noise for every detector', () => {
    const d = [{ startMs: 3000, endMs: 3300 }];
    expect(scorable({ truth, unsure }, d)).toEqual(d);
  });

  it('takes a detection beginning in a soft sound that runs into a true segment to begin with that segment', () => {
    expect(scorable({ truth, unsure }, [{ startMs: 750, endMs: 2000 }])).toEqual([
      { startMs: 1000, endMs: 2000 },
    ]);
  });

  it('keeps the onset of a detection that begins before any unsure stretch', () => {
    const d = [{ startMs: 500, endMs: 2000 }];
    expect(scorable({ truth, unsure }, d)).toEqual(d);
  });

  it('keeps the onset when the unsure stretch ends 300 ms or more before the true segment', () => {
    const far = [{ startMs: 300, endMs: 700 }];
    const d = [{ startMs: 400, endMs: 2000 }];
    expect(scorable({ truth, unsure: far }, d)).toEqual(d);
  });

  it('counts a detection running through soft fussing that fills the pause between two true segments as two', () => {
    const two = [
      { party: 'learner' as const, kind: 'real cry or fuss', startMs: 1000, endMs: 2000 },
      { party: 'learner' as const, kind: 'real cry or fuss', startMs: 2500, endMs: 3000 },
    ];
    const fussing = [{ startMs: 2050, endMs: 2300 }];
    expect(scorable({ truth: two, unsure: fussing }, [{ startMs: 1000, endMs: 3000 }])).toEqual([
      { startMs: 1000, endMs: 2500 },
      { startMs: 2500, endMs: 3000 },
    ]);
    // A pause of 300 ms or more that nothing fills stays a pause: the detection merged two vocalisations.
    expect(scorable({ truth: two, unsure: [] }, [{ startMs: 1000, endMs: 3000 }])).toEqual([
      { startMs: 1000, endMs: 3000 },
    ]);
  });
});
