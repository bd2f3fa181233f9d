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
