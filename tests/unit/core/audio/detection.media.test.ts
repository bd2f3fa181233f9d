import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureVoiceFixtures, type VoiceFixture } from '../../../../scripts/make-voice-fixtures.ts';
import { poolScores, type SegmentScore, scoreSegments } from '../../../../src/core/audio/score.ts';
import { analyseSamples } from '../../../../src/core/audio/voiceAnalyser.ts';
import { decodeWav } from '../../../../src/core/audio/wav.ts';

let fixtures: VoiceFixture[] = [];

beforeAll(() => {
  // Built by the media project's global setup (40-80 s the first time); later runs reuse .tmp/voice-fixtures.
  fixtures = ensureVoiceFixtures();
});

const scores = new Map<string, SegmentScore>();

/** A condition scored over all its layouts (see RECORDINGS in make-voice-fixtures.ts). */
function scoreOf(condition: string): SegmentScore {
  const known = scores.get(condition);
  if (known) return known;
  const layouts = fixtures.filter((x) => x.condition === condition);
  if (layouts.length === 0) throw new Error(`no fixture ${condition}`);
  const each = layouts.map((f) => {
    const w = decodeWav(new Uint8Array(readFileSync(f.wavPath)));
    return scoreSegments(f.truth.segments, analyseSamples(w.samples, w.sampleRate).segments);
  });
  const s = poolScores(each);
  console.log(
    `${condition}: F1 ${s.f1.toFixed(3)} over ${layouts.length} layouts (each ${each.map((e) => e.f1.toFixed(3)).join(', ')}; tp ${s.truePositives} fp ${s.falsePositives} fn ${s.falseNegatives}), median onset error ${s.medianOnsetErrorMs} ms`,
  );
  scores.set(condition, s);
  return s;
}

describe('voice segments against generated ground truth', () => {
  it('finds vocalisations in -45 dBFS room noise with F1 >= 0.98', () => {
    expect(scoreOf('synth-room45').f1).toBeGreaterThanOrEqual(0.98);
  });

  it('finds vocalisations in -50 and -40 dBFS room noise with F1 >= 0.98', () => {
    expect(scoreOf('synth-room50').f1).toBeGreaterThanOrEqual(0.98);
    expect(scoreOf('synth-room40').f1).toBeGreaterThanOrEqual(0.98);
  });

  it('finds vocalisations at -35 and -30 dBFS with other voices across the room with F1 >= 0.90', () => {
    expect(scoreOf('synth-room35-voices').f1).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf('synth-room30-voices').f1).toBeGreaterThanOrEqual(0.9);
  });

  it('finds real infant cries and adult speech over real room noise (kitchen -45..-30, tap -40, -35 dBFS) with F1 >= 0.90', () => {
    const real = [...new Set(fixtures.filter((f) => f.truth.real).map((f) => f.condition))];
    expect(real.length).toBeGreaterThanOrEqual(6);
    for (const name of real) expect(scoreOf(name).f1, name).toBeGreaterThanOrEqual(0.9);
  });

  it('places onsets with a median error of at most 50 ms in every condition', () => {
    for (const condition of new Set(fixtures.map((f) => f.condition))) {
      const m = scoreOf(condition).medianOnsetErrorMs;
      expect(m, condition).not.toBeNull();
      expect(m ?? Infinity, condition).toBeLessThanOrEqual(50);
    }
  });

  it('writes ground truth with both parties and non-overlapping segments', () => {
    for (const f of fixtures) {
      const parties = new Set(f.truth.segments.map((s) => s.party));
      expect(parties, f.name).toEqual(new Set(['learner', 'practitioner']));
      for (let i = 1; i < f.truth.segments.length; i++) {
        expect(f.truth.segments[i]?.startMs ?? 0).toBeGreaterThanOrEqual(f.truth.segments[i - 1]?.endMs ?? 0);
      }
    }
  });
});
