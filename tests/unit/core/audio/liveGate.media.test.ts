/**
 * The browser test's comparison (micSegments.test.ts) without a browser: the live path (the echo-gated analyser,
 * as the mic worklet runs it, fed what Chromium makes of the fake microphone) against the plain analyser on the
 * file itself, while Attune answers every vocalisation as mirror mode does. With the fake microphone no echo
 * comes back, so the two must agree. Checked at many start phases of the looped file and over several draws of
 * the room noise, rather than the one phase and file a browser run happens to get.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EchoGatedAnalyser } from '../../../../src/core/audio/echoGatedAnalyser.ts';
import { analyseSamples, type VoiceSegment } from '../../../../src/core/audio/voiceAnalyser.ts';
import { decodeWav } from '../../../../src/core/audio/wav.ts';
import { makeMicFile } from '../../../browser/support/media.ts';
import { BROWSER_RATE, throughBrowserInput } from '../../support/browserInput.ts';

const BLOCK = 128;
const LOOPS = 3;
/**
 * Room-noise draws: 0 is the browser test's file; 6, 8 and 15 are draws where the analyser's earlier rules put
 * the live path 100-210 ms off the file (a lone weak frame merging, a shallow high-pass), kept as regressions.
 * Over draws 0-15 the earlier rules were worst 210 ms, these 40 ms.
 */
const NOISE_DRAWS = [0, 6, 8, 15];
const PHASE_STEP_MS = 1000;

/**
 * Live segments of `mic`, with an answer tone put into the output as each is final (2.1 s, as long as the session
 * recorder logs an answer).
 */
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

/** `loops` copies of the file one after another, plus one more so that any phase's window fits. */
function tiled(samples: Float32Array, loops: number): Float32Array {
  const out = new Float32Array(samples.length * (loops + 1));
  for (let k = 0; k <= loops; k++) out.set(samples, k * samples.length);
  return out;
}

describe('live voice path while Attune answers, fake microphone through the browser (no echo)', () => {
  it("finds the segments the plain analyser finds in the file, within 150 ms (the browser test's rule), at every start phase and room draw", () => {
    let worst = 0;
    let worstAt = '';
    let compared = 0;
    for (const draw of NOISE_DRAWS) {
      const file = makeMicFile(draw === 0 ? 'mic-vocalisations' : `mic-vocalisations-draw${draw}`, draw);
      const w = decodeWav(new Uint8Array(readFileSync(file.path)));
      const raw = tiled(w.samples, LOOPS);
      const heard = throughBrowserInput(raw, w.sampleRate);
      const rawLen = w.samples.length * LOOPS;
      const heardLen = Math.round((rawLen * BROWSER_RATE) / w.sampleRate);
      for (let phaseMs = 0; phaseMs < file.durationMs; phaseMs += PHASE_STEP_MS) {
        const rawOff = Math.round((phaseMs / 1000) * w.sampleRate);
        const heardOff = Math.round((phaseMs / 1000) * BROWSER_RATE);
        const plain = analyseSamples(raw.subarray(rawOff, rawOff + rawLen), w.sampleRate).segments;
        const live = liveWithAnswers(heard.slice(heardOff, heardOff + heardLen), BROWSER_RATE);
        // The first second is the floor's first look at the room (both paths start blind there); the last
        // segment may be cut by the end of the buffer.
        for (const p of plain.filter((s) => s.startMs >= 1000 && s.endMs < file.durationMs * LOOPS - 500)) {
          const l = live.find((s) => Math.abs(s.startMs - p.startMs) < 400);
          const err = l ? Math.max(Math.abs(l.startMs - p.startMs), Math.abs(l.endMs - p.endMs)) : Infinity;
          if (err > worst) {
            worst = err;
            worstAt = `draw ${draw}, phase ${phaseMs} ms: file ${Math.round(p.startMs)}-${Math.round(p.endMs)}, live ${l ? `${Math.round(l.startMs)}-${Math.round(l.endMs)}` : 'none'}`;
          }
          compared++;
        }
      }
    }
    console.info(
      `live (through the browser's input) vs plain (file) over ${NOISE_DRAWS.length} room draws x ${10_000 / PHASE_STEP_MS} start phases: ${compared} segments, worst onset/end difference ${worst} ms (${worstAt})`,
    );
    expect(compared).toBeGreaterThan(300);
    expect(worst).toBeLessThanOrEqual(150);
  }, 180_000);
});
