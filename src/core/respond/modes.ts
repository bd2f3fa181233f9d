import type { SessionMs } from '../clock.ts';
import type { Ms } from '../units.ts';

/**
 * How Attune answers a vocalisation.
 * - mirror: at once, the moment the vocalisation ends (the picture answers while it is still going on), so the
 *   learner can tell they caused it; the sound never talks over the learner, which would also hide the end of
 *   their voice from the microphone;
 * - turn-taking: waits for the learner's turn to end, answers after a pause, then leaves space for them;
 * - listen-only: no sound and no visual response; Attune only logs, while the practitioner interacts.
 */
export type ResponseMode = 'mirror' | 'turn-taking' | 'listen-only';

export const RESPONSE_MODES: readonly { mode: ResponseMode; label: string }[] = [
  { mode: 'mirror', label: 'Mirror (answer at once)' },
  { mode: 'turn-taking', label: 'Turn-taking (answer after a pause)' },
  { mode: 'listen-only', label: 'Listen only (no output)' },
];

export interface TurnTakingParams {
  /** Pause after the learner's vocalisation ends before Attune answers: a conversational gap. */
  answerDelayMs: Ms;
  /** After an answer, Attune stays quiet at least this long, so the learner has room for the next turn. */
  spaceMs: Ms;
}

export const DEFAULT_TURN_TAKING: TurnTakingParams = { answerDelayMs: 700, spaceMs: 3000 };

/**
 * Decides when to answer, and remembers its own last answer. Pure: the caller schedules the sound at the
 * returned time and reports it back with `answered`.
 */
export class ResponsePolicy {
  private lastAnswerEndMs: SessionMs = Number.NEGATIVE_INFINITY;

  constructor(
    public mode: ResponseMode,
    private readonly params: TurnTakingParams = DEFAULT_TURN_TAKING,
  ) {}

  /**
   * When to answer a vocalisation that has just ended (it is answered only once final, so the sound never talks
   * over the learner): a session time, or null for no answer.
   */
  decide(vocalEndMs: SessionMs): SessionMs | null {
    switch (this.mode) {
      case 'listen-only':
        return null;
      case 'mirror':
        return vocalEndMs;
      case 'turn-taking': {
        const at = vocalEndMs + this.params.answerDelayMs;
        return at >= this.lastAnswerEndMs + this.params.spaceMs ? at : null;
      }
    }
  }

  /** Tells the policy an answer was played until `endMs`. */
  answered(endMs: SessionMs): void {
    this.lastAnswerEndMs = endMs;
  }
}
