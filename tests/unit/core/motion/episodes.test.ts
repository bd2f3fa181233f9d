import { describe, expect, it } from 'vitest';
import { EpisodeSegmenter, type EpisodeUpdate } from '../../../../src/core/motion/episodes.ts';

describe('episodes of a state over time', () => {
  it('segments episodes: at least the minimum, brief glances away do not split them', () => {
    const seg = new EpisodeSegmenter<'screen' | 'person'>({ minEpisodeMs: 1000, maxGapMs: 300 });
    const truth: Array<[number, number, 'screen' | 'person' | null]> = [
      [0, 2000, 'screen'],
      [2000, 2200, null], // a glance away: bridged
      [2200, 4000, 'screen'],
      [4000, 4600, 'person'], // too short
      [4600, 5500, null],
      [5500, 8000, 'person'],
    ];
    const ends: EpisodeUpdate<'screen' | 'person'>[] = [];
    const starts: number[] = [];
    for (let t = 0; t < 8000; t += 50) {
      const state = truth.find(([a, b]) => t >= a && t < b)?.[2] ?? null;
      for (const u of seg.push(t, state, t)) {
        if (u.type === 'end') ends.push(u);
        else starts.push(u.startMs);
      }
    }
    const last = seg.flush();
    if (last) ends.push(last);
    expect(ends.map((e) => e.type === 'end' && [e.state, e.startMs, e.endMs])).toEqual([
      ['screen', 0, 3950],
      ['person', 5500, 7950],
    ]);
    expect(starts).toEqual([0, 5500]);
  });
});
