/**
 * The live path (the echo-gated analyser, as the mic worklet runs it) against the plain analyser on the same
 * microphone, while Attune answers every vocalisation as mirror mode does. With the browser's fake microphone
 * no echo comes back, so the two must agree: this is the browser test's comparison (micSegments.test.ts) without
 * a browser, at every start phase of the looped file rather than the one a browser run happens to land on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EchoGatedAnalyser } from '../../../src/core/audio/echoGatedAnalyser.ts';
import { analyseSamples, type VoiceSegment } from '../../../src/core/audio/voiceAnalyser.ts';
import { decodeWav } from '../../../src/core/audio/wav.ts';
import { makeMicFile } from '../../browser/support/media.ts';

const BLOCK = 128;
const LOOPS = 3;

/** Live segments of `mic` with an answer tone (2.1 s, like sessionRunner's) put into the output as each is final. */
function liveWithAnswers(mic: Float32Array, rate: number): VoiceSegment[] {
  const out = new Float32Array(mic.length);
  const a = new EchoGatedAnalyser(rate);
  const segments: VoiceSegment[] = [];
  for (let i = 0; i < mic.length; i += BLOCK) {
    const j = Math.min(mic.length, i + BLOCK);
    a.push(mic.subarray(i, j), out.subarray(i, j), undefined, (s) => {
      segments.push(s);
      const f = s.pitchHz ?? 300;
      for (let k = 0; k < 2.1 * rate && j + k < out.length; k++) {
        const t = k / rate;
        const env = t < 0.02 ? t / 0.02 : t < 0.37 ? 1 : Math.exp(-(t - 0.37) * 3);
        out[j + k] = (out[j + k] ?? 0) + 0.12 * env * Math.sin(2 * Math.PI * f * t);
      }
    });
  }
  return segments;
}

describe('live voice path while Attune answers, fake microphone (no echo)', () => {
  it("finds the segments the plain analyser finds, within 150 ms (the browser test's rule), at every start phase", () => {
    const file = makeMicFile();
    const w = decodeWav(new Uint8Array(readFileSync(file.path)));
    const loopLen = w.samples.length;
    let worst = 0;
    let compared = 0;
    for (let phaseMs = 0; phaseMs < file.durationMs; phaseMs += 500) {
      const off = Math.round((phaseMs / 1000) * w.sampleRate);
      const mic = new Float32Array(loopLen * LOOPS);
      for (let i = 0; i < mic.length; i++) mic[i] = w.samples[(i + off) % loopLen] ?? 0;
      const plain = analyseSamples(mic, w.sampleRate).segments;
      const live = liveWithAnswers(mic, w.sampleRate);
      // The first second is the floor's first look at the room (both paths start blind there); the last
      // segment may be cut by the end of the buffer.
      for (const p of plain.filter(
        (s) => s.startMs >= 1000 && s.endMs < mic.length / (w.sampleRate / 1000) - 500,
      )) {
        const l = live.find((s) => Math.abs(s.startMs - p.startMs) < 400);
        const err = l ? Math.max(Math.abs(l.startMs - p.startMs), Math.abs(l.endMs - p.endMs)) : Infinity;
        worst = Math.max(worst, err);
        compared++;
      }
    }
    console.info(
      `live vs plain over 20 start phases: ${compared} segments, worst onset/end difference ${worst} ms`,
    );
    expect(compared).toBeGreaterThan(100);
    expect(worst).toBeLessThanOrEqual(150);
  }, 120_000);
});
