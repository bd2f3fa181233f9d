/**
 * Whether turns can be counted, and if not, why: what the panel shows before Start and during a session, each
 * problem with the one thing that fixes it.
 *
 * Turns are counted only between the learner and the practitioner (`unknown` never takes a turn), so:
 * - without the practitioner's voice, no vocalisation can be told apart (the learner is known by elimination:
 *   confidently not the practitioner);
 * - with two people in view and neither marked as the learner, movement belongs to nobody;
 * - when most vocalisations come out `unknown`, most of what happened is not counted.
 */

export type TurnsProblem =
  /** No practitioner voice: `staffVoices` recorded on this computer, none chosen for this session. */
  | { kind: 'no-practitioner-voice'; staffVoices: number }
  /** Two or more people in view and none marked as the learner; where the learner was last session, if known. */
  | { kind: 'no-learner-in-view'; proposedSide: PictureSide | null }
  /** In the running session, most vocalisations are unknown. */
  | { kind: 'most-unknown'; unknown: number; total: number };

/** Left or right as the practitioner sees the preview (it is drawn mirrored, like a mirror). */
export type PictureSide = 'left' | 'right';

export interface CountableParams {
  /** Vocalisations a session needs before "most are unknown" is said: one or two unknown are not a pattern. */
  minVocalisations: number;
  /** More than this fraction of them unknown is "most". */
  unknownFraction: number;
}

export const DEFAULT_COUNTABLE_PARAMS: Readonly<CountableParams> = Object.freeze({
  minVocalisations: 4,
  unknownFraction: 0.5,
});

export interface CountableInput {
  /** A practitioner's voice is known for this session (a chosen member of staff with a recorded voice). */
  practitionerVoice: boolean;
  /** Staff voices recorded on this computer. */
  staffVoices: number;
  /** People the camera sees now, and whether one of them is marked as the learner. */
  peopleInView: number;
  learnerInView: boolean;
  /** Where the learner was in the picture last session (camera x of their centre, unmirrored), if known. */
  lastLearnerX: number | null;
  /** The running session's vocalisations so far (zero outside a session). */
  vocalisations: number;
  unknownVocalisations: number;
}

/** Every reason turns cannot be counted now, most basic first (an empty list: they can). */
export function turnsProblems(
  input: CountableInput,
  params: CountableParams = DEFAULT_COUNTABLE_PARAMS,
): TurnsProblem[] {
  const out: TurnsProblem[] = [];
  if (!input.practitionerVoice) out.push({ kind: 'no-practitioner-voice', staffVoices: input.staffVoices });
  if (input.peopleInView >= 2 && !input.learnerInView) {
    out.push({
      kind: 'no-learner-in-view',
      proposedSide: input.lastLearnerX === null ? null : sideInPreview(input.lastLearnerX),
    });
  }
  const { vocalisations: total, unknownVocalisations: unknown } = input;
  // Without a practitioner voice every vocalisation is unknown, and that problem already says what to do.
  if (
    input.practitionerVoice &&
    total >= params.minVocalisations &&
    unknown > total * params.unknownFraction
  ) {
    out.push({ kind: 'most-unknown', unknown, total });
  }
  return out;
}

/** Which side of the mirrored preview a point of the camera's own image is on. */
export function sideInPreview(cameraX: number): PictureSide {
  return cameraX > 0.5 ? 'left' : 'right';
}

/**
 * Of the people in view (their centres' camera x), the one on the proposed side nearest where the learner was
 * last time: the person a "the learner is on the left" press marks. Null when nobody is on that side.
 */
export function personOnSide(centresX: readonly number[], lastLearnerX: number): number | null {
  const side = sideInPreview(lastLearnerX);
  let best: number | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const [i, x] of centresX.entries()) {
    if (sideInPreview(x) !== side) continue;
    const gap = Math.abs(x - lastLearnerX);
    if (gap < bestGap) {
      best = i;
      bestGap = gap;
    }
  }
  return best;
}
