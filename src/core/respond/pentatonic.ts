import type { Dbfs, Hz } from '../units.ts';

/**
 * Maps a vocalisation to the note Attune answers with: the nearest note of a major pentatonic scale, folded
 * into a gentle middle register so that a squeal never produces a piercing answer and a low hum is still
 * heard. The same voice always gives the same note, which is what lets a learner discover the link.
 */
export interface NoteChoiceParams {
  /** Root of the scale. C4. */
  rootHz: Hz;
  /** Lowest and highest notes Attune will play. */
  lowHz: Hz;
  highHz: Hz;
  /** Scale steps in semitones above the root (major pentatonic). */
  steps: readonly number[];
}

export const DEFAULT_NOTE_PARAMS: NoteChoiceParams = {
  rootHz: 261.63,
  lowHz: 196,
  highHz: 784,
  steps: [0, 2, 4, 7, 9],
};

/** Frequency of the pentatonic note nearest to `pitchHz`, or the root when no pitch was found. */
export function answerNote(pitchHz: Hz | null, params: NoteChoiceParams = DEFAULT_NOTE_PARAMS): Hz {
  if (pitchHz === null || !(pitchHz > 0)) return params.rootHz;
  let hz = pitchHz;
  while (hz > params.highHz) hz /= 2;
  while (hz < params.lowHz) hz *= 2;
  const semis = 12 * Math.log2(hz / params.rootHz);
  const octave = Math.floor(semis / 12);
  let best = params.rootHz;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const o of [octave - 1, octave, octave + 1]) {
    for (const s of params.steps) {
      const candidate = o * 12 + s;
      const d = Math.abs(candidate - semis);
      if (d < bestDist) {
        bestDist = d;
        best = params.rootHz * 2 ** (candidate / 12);
      }
    }
  }
  return best;
}

/** Loudness of the answer (0..1 velocity) from the vocalisation's peak level: soft voices get soft answers. */
export function answerVelocity(peakDbfs: Dbfs): number {
  const t = (peakDbfs + 50) / 40; // -50 dBFS (a breath) .. -10 dBFS (a shout)
  return 0.25 + 0.55 * Math.min(1, Math.max(0, t));
}
