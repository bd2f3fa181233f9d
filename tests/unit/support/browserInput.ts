/**
 * What Chromium does to a fake microphone before Attune's worklet sees it, as measured on this machine's Debian
 * Chromium (a session's worklet input captured beside the file it looped, aligned, spectra compared): flat within
 * 0.5 dB from 60 Hz to 8 kHz, -9 dB at 40-60 Hz, -47 dB under 40 Hz (its input high-pass, with echo
 * cancellation on), and resampled to the audio context's rate (44.1 kHz here). Brown room noise, most of whose
 * energy lies under 60 Hz, reaches the worklet 8-10 dB quieter than it is in the file.
 */
import { Biquad } from '../../../src/core/audio/level.ts';
import { Resampler } from '../../../src/core/audio/resample.ts';

/** The browser's context rate in the tests (Chromium's default output device here). */
export const BROWSER_RATE = 44_100;

/** Eighth-order Butterworth high-pass at 50 Hz (four biquads), then the context's rate. */
export function throughBrowserInput(samples: Float32Array, rate: number): Float32Array {
  const stages = [0.5098, 0.6013, 0.9, 2.5629].map((q) => Biquad.highPass(rate, 50, q));
  const filtered = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let y = samples[i] ?? 0;
    for (const s of stages) y = s.process(y);
    filtered[i] = y;
  }
  return new Resampler(rate, BROWSER_RATE).process(filtered);
}
