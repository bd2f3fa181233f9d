/**
 * The stored voice feature's version: the octave check of the feature's pitch (FEATURE_EXTRACTION.octaveDipRatio)
 * changes what a segment's stored feature holds, so features kept before it are of another version. Old and new
 * features of the same segments of real recordings (tests/fixtures, see LICENSES.md): the pitch quantiles move,
 * the envelope and the frame counts do not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseSamples } from '../../../../src/core/audio/voiceAnalyser.ts';
import { VoiceprintExtractor } from '../../../../src/core/audio/voiceprint.ts';
import { decodeWav } from '../../../../src/core/audio/wav.ts';
import {
  FEATURE_EXTRACTION,
  FEATURE_VERSION,
  featureExtractor,
  featureOfSamples,
  isVoiceFeature,
  storedFeatureVersion,
  type VoiceFeature,
  voiceFeature,
} from '../../../../src/core/audio/whoseVoice.ts';

/** Each vocalisation the analyser finds in a fixture's first `seconds`, as the feature before and after the check. */
function oldAndNew(file: string, seconds: number): { old: VoiceFeature; now: VoiceFeature }[] {
  const wav = decodeWav(new Uint8Array(readFileSync(new URL(`../../../fixtures/${file}`, import.meta.url))));
  const rate = wav.sampleRate;
  const samples = wav.samples.subarray(0, Math.min(wav.samples.length, seconds * rate));
  const before = new VoiceprintExtractor(rate, { ...FEATURE_EXTRACTION, octaveDipRatio: 0 });
  const after = new VoiceprintExtractor(rate, FEATURE_EXTRACTION);
  return analyseSamples(samples, rate).segments.map((seg) => {
    const piece = samples.subarray(
      Math.round((seg.startMs * rate) / 1000),
      Math.round((seg.endMs * rate) / 1000),
    );
    return { old: voiceFeature(before.extract(piece)), now: voiceFeature(after.extract(piece)) };
  });
}

const hz = (log2: number): number => 2 ** log2;

describe('the stored voice feature after the octave check', () => {
  it('moves the pitch quantiles of real adult speech and of a real infant cry, and nothing else', () => {
    const speech = oldAndNew('voice-adult-english-60s.wav', 20);
    const cry = oldAndNew('infant-cry-2.wav', 7);
    expect(speech.length).toBeGreaterThanOrEqual(5);
    expect(cry.length).toBeGreaterThanOrEqual(1);
    for (const { old, now } of [...speech, ...cry]) {
      // The envelope, the frames and which frames have a pitch are the same: only where the pitch is differs.
      expect(now.cep).toEqual(old.cep);
      expect(now.cepSd).toEqual(old.cepSd);
      expect(now.frames).toBe(old.frames);
      expect(now.pitched).toBe(old.pitched);
    }
    const moved = speech.filter(({ old, now }) => JSON.stringify(old.f0) !== JSON.stringify(now.f0));
    expect(moved.length).toBeGreaterThan(speech.length / 2);
    // The old reading took the second or third harmonic's lag: the adult's 90th percentile far above speech.
    for (const { old, now } of moved) {
      if (old.f0 === null || now.f0 === null) throw new Error('a pitched segment lost its pitch');
      expect(now.f0[2]).toBeLessThanOrEqual(old.f0[2]);
    }
    const highest = (fs: VoiceFeature[]) => Math.max(...fs.map((f) => (f.f0 === null ? 0 : hz(f.f0[2]))));
    expect(highest(speech.map((s) => s.old))).toBeGreaterThan(450);
    expect(highest(speech.map((s) => s.now))).toBeLessThan(highest(speech.map((s) => s.old)));
    // The cry's median: about 1.25 kHz before (its third harmonic), about 420 Hz after.
    const cryMedian = (f: VoiceFeature) => (f.f0 === null ? 0 : hz(f.f0[1]));
    expect(cryMedian((cry[0] as { old: VoiceFeature }).old)).toBeGreaterThan(1100);
    expect(cryMedian((cry[0] as { now: VoiceFeature }).now)).toBeLessThan(500);
  });

  it('so features kept before it are an older version, never read as today’s', () => {
    const { old } = oldAndNew('infant-cry-2.wav', 7)[0] as { old: VoiceFeature };
    // What a log written before the check holds: the same numbers under version 1.
    const stored: unknown = JSON.parse(JSON.stringify({ ...old, v: 1 }));
    expect(FEATURE_VERSION).toBeGreaterThan(1);
    expect(isVoiceFeature(stored)).toBe(false);
    expect(storedFeatureVersion(stored)).toBe('older');
    expect(storedFeatureVersion(JSON.parse(JSON.stringify(old)))).toBe('current');
  });
});

/**
 * What this version's feature is for two fixed stretches of the real fixtures (not segments: the detector's cut
 * may change without the feature changing). When this fails, the stored feature has changed: raise
 * FEATURE_VERSION (features and voices stored before are then never compared with new ones) and write the new
 * numbers here under it. The tolerances pass float noise and nothing a changed extraction would make.
 */
const PINNED: Record<number, Record<string, Omit<VoiceFeature, 'v'>>> = {
  2: {
    'voice-adult-english-60s.wav': {
      frames: 148,
      pitched: 99,
      f0: [7.3934, 7.7255, 8.023],
      cep: [9.61, -1.88, -0.49, -1.28, -3.09, 0.42, 0.13, -0.09, 0.55, -0.54, 0.18, -0.25],
      cepSd: [4.11, 3.35, 2.68, 1.7, 2.3, 1.23, 1.47, 1.07, 1.01, 1.09, 1.12, 0.93],
    },
    'infant-cry-2.wav': {
      frames: 143,
      pitched: 131,
      f0: [8.685, 8.7128, 10.3003],
      cep: [1.02, -20.18, 4.85, -6.27, 7.1, -6.4, 3.59, -5.03, 2.81, -3.4, 1.4, 1.14],
      cepSd: [1.71, 2.21, 1.4, 1.41, 1.66, 0.82, 1.1, 1.4, 0.83, 0.94, 1.07, 1.24],
    },
  },
};

describe('the feature of this version', () => {
  it('is what it was when FEATURE_VERSION was last raised (else raise it)', () => {
    const pinned = PINNED[FEATURE_VERSION];
    expect(pinned, `no pinned feature for version ${FEATURE_VERSION}: add one`).toBeDefined();
    for (const [file, want] of Object.entries(pinned ?? {})) {
      const wav = decodeWav(
        new Uint8Array(readFileSync(new URL(`../../../fixtures/${file}`, import.meta.url))),
      );
      const got = featureOfSamples(
        featureExtractor(wav.sampleRate),
        wav.samples.subarray(0, wav.sampleRate * 1.5),
      );
      const why = `${file}: the stored voice feature changed; raise FEATURE_VERSION`;
      expect(got.v, why).toBe(FEATURE_VERSION);
      expect([got.frames, got.pitched], why).toEqual([want.frames, want.pitched]);
      expect(got.f0 === null, why).toBe(want.f0 === null);
      const near = (a: readonly number[] | null, b: readonly number[] | null, tol: number): boolean =>
        a === null || b === null
          ? a === b
          : a.length === b.length && a.every((x, k) => Math.abs(x - (b[k] as number)) < tol);
      expect(near(got.f0, want.f0, 0.003), `${why} (pitch ${JSON.stringify(got.f0)})`).toBe(true);
      expect(near(got.cep, want.cep, 0.015), `${why} (envelope ${JSON.stringify(got.cep)})`).toBe(true);
      expect(near(got.cepSd, want.cepSd, 0.015), `${why} (spread ${JSON.stringify(got.cepSd)})`).toBe(true);
    }
  });
});
