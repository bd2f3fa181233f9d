import type { Ms } from '../units.ts';

/**
 * The numbers behind the turn-taking definitions (docs/ARCHITECTURE.md, "Turn-taking: the definitions"). They are
 * stored with every session (`SessionMeta.turnParams`) so that a session's figures can be recomputed exactly,
 * even after the defaults change. Plain JSON: every value is a finite number.
 *
 * Comparisons are inclusive: a gap of exactly `exchangeGapMs` is still an exchange, and a practitioner turn that
 * ended exactly `initiationWindowMs` before a learner turn still makes that turn a response, not an initiation.
 */
export interface TurnParams {
  /** A turn is an exchange (a conversational turn) when the other party's turn starts at most this long after it ends. */
  exchangeGapMs: Ms;
  /** Consecutive alternating turns belong to one sequence while every gap between them is at most this. */
  sequenceGapMs: Ms;
  /** A learner turn is an initiation when no practitioner turn was running in this window before it. */
  initiationWindowMs: Ms;
  /**
   * A silence of one party longer than this ends their turn even though the other party did not take it, so
   * the next segment starts a new turn. The definition as written has no such limit; without it a learner
   * who vocalises once a minute with nobody answering would have one endless turn, one initiation and a
   * "holder" of the turn who has long stopped. Set it very large (e.g. Number.MAX_SAFE_INTEGER) to get the
   * literal definition.
   */
  turnPauseMs: Ms;
  /** The fewest turns that make a sequence; a lone turn is not a sequence. */
  minSequenceTurns: number;
  /**
   * Length given to a manual 'turn:learner' / 'turn:practitioner' tag. A tag is a moment, so 0 by default:
   * it still starts, continues or answers a turn like any segment of that party.
   */
  manualTurnTagMs: Ms;
}

export const DEFAULT_TURN_PARAMS: Readonly<TurnParams> = Object.freeze({
  exchangeGapMs: 5000,
  sequenceGapMs: 5000,
  initiationWindowMs: 5000,
  turnPauseMs: 5000,
  minSequenceTurns: 2,
  manualTurnTagMs: 0,
});

const PARAM_KEYS = Object.keys(DEFAULT_TURN_PARAMS) as (keyof TurnParams)[];

/** Defaults with some values replaced; for tests and settings screens. */
export function turnParams(overrides: Partial<TurnParams> = {}): TurnParams {
  return { ...DEFAULT_TURN_PARAMS, ...overrides };
}

/**
 * Reads stored parameters, strictly: every key present, a finite number, not negative (and a whole number of
 * at least 1 for `minSequenceTurns`). Returns a plain-English problem instead of throwing, because it runs on
 * imported files. Unknown keys are dropped so nothing unexpected is stored.
 */
export function parseTurnParams(
  value: unknown,
): { ok: true; params: TurnParams } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'the turn-taking settings are missing' };
  }
  const record = value as Record<string, unknown>;
  const params = { ...DEFAULT_TURN_PARAMS };
  for (const key of PARAM_KEYS) {
    const v = record[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      return { ok: false, message: `the turn-taking setting "${key}" is missing or not a valid number` };
    }
    params[key] = v;
  }
  if (!Number.isInteger(params.minSequenceTurns) || params.minSequenceTurns < 1) {
    return {
      ok: false,
      message: 'the turn-taking setting "minSequenceTurns" must be a whole number of at least 1',
    };
  }
  return { ok: true, params };
}
