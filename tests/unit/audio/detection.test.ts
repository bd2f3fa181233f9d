import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureVoiceFixtures, type VoiceFixture } from '../../../scripts/make-voice-fixtures.ts';
import { type SegmentScore, scoreSegments } from '../../../src/core/audio/score.ts';
import { analyseSamples } from '../../../src/core/audio/voiceAnalyser.ts';
import { decodeWav } from '../../../src/core/audio/wav.ts';

let fixtures: VoiceFixture[] = [];

beforeAll(() => {
  // Generating takes ~35 s the first time (espeak-ng, sox); later runs reuse .tmp/voice-fixtures.
  fixtures = ensureVoiceFixtures();
}, 180_000);

function scoreOf(name: string): SegmentScore {
  const f = fixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  const w = decodeWav(new Uint8Array(readFileSync(f.wavPath)));
  const { segments } = analyseSamples(w.samples, w.sampleRate);
  const s = scoreSegments(f.truth.segments, segments);
  console.log(
    `${name}: F1 ${s.f1.toFixed(3)} (tp ${s.truePositives} fp ${s.falsePositives} fn ${s.falseNegatives}), median onset error ${s.medianOnsetErrorMs} ms`,
  );
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
    const real = fixtures.filter((f) => f.truth.real).map((f) => f.name);
    expect(real.length).toBeGreaterThanOrEqual(6);
    for (const name of real) expect(scoreOf(name).f1, name).toBeGreaterThanOrEqual(0.9);
  });

  it('places onsets with a median error of at most 50 ms in every condition', () => {
    for (const f of fixtures) {
      const m = scoreOf(f.name).medianOnsetErrorMs;
      expect(m, f.name).not.toBeNull();
      expect(m ?? Infinity, f.name).toBeLessThanOrEqual(50);
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
