import { type LogEvent, TURN_TAG } from '../events.ts';
import type { TurnParams } from '../turns/params.ts';
import type { Person } from '../turns/segments.ts';
import { analyseTurns } from '../turns/tracker.ts';
import type { Ms } from '../units.ts';

/**
 * How far Attune's turns agree with the practitioner's own, where they tagged turns by hand during the session
 * (the panel's "Learner turn" and "Practitioner turn" keys, logged as `turn:learner` / `turn:practitioner`
 * tags): Cohen's kappa on time bins, as coders' agreement is measured in BORIS and ELAN, and the counts behind it.
 *
 * The voice keys (V, W) are not used here: they relabel a vocalisation in the log itself (the event's party, at
 * full confidence), so what Attune had said of it is no longer kept to compare with.
 */

/** The stretch the practitioner tagged is cut into bins of this length. */
export const AGREEMENT_BIN_MS: Ms = 2000;
/**
 * A tag is pressed after the turn it marks has been heard or seen: a tag counts in the bin of a turn of the same
 * person that Attune found beginning at most this long before it.
 */
export const AGREEMENT_LAG_MS: Ms = 2000;
/** Fewer hand-tagged turns than this say too little for a kappa to mean anything. */
export const AGREEMENT_MIN_HAND_TURNS = 10;

export type BinLabel = Person | 'none';
export const BIN_LABELS: readonly BinLabel[] = ['learner', 'practitioner', 'none'];

/** Counts of bins, by the practitioner's label (rows) and Attune's (columns), in BIN_LABELS order. */
export type AgreementMatrix = number[][];

/**
 * Cohen's kappa from a square table of counts (rows: one rater, columns: the other): observed agreement against
 * the agreement expected by chance from each rater's own proportions, (po - pe) / (1 - pe). Null when it cannot
 * be worked out: no items, or both raters gave every item the same one label (pe = 1).
 */
export function cohensKappa(matrix: readonly (readonly number[])[]): number | null {
  const k = matrix.length;
  let n = 0;
  let agreed = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = matrix[i]?.[j] ?? 0;
      n += c;
      rows[i] = (rows[i] ?? 0) + c;
      cols[j] = (cols[j] ?? 0) + c;
      if (i === j) agreed += c;
    }
  }
  if (n === 0) return null;
  const po = agreed / n;
  let pe = 0;
  for (let i = 0; i < k; i++) pe += ((rows[i] ?? 0) / n) * ((cols[i] ?? 0) / n);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}

export interface TooFewHandTurns {
  enough: false;
  handTurns: Record<Person, number>;
}

export interface TurnAgreement {
  enough: true;
  handTurns: Record<Person, number>;
  /** Turns Attune found beginning in the stretch compared (from the first tagged bin to the last). */
  attuneTurns: Record<Person, number>;
  /** Hand-tagged turns with a turn of the same person that Attune found beginning within the lag before them. */
  matched: number;
  binMs: Ms;
  bins: number;
  /** Bins where the two say the same. */
  agreedBins: number;
  matrix: AgreementMatrix;
  /** Null when every bin got one label from both (nothing to tell apart from chance). */
  kappa: number | null;
  fromMs: Ms;
  toMs: Ms;
}

const partyOfTag = (tag: string): Person | null =>
  tag === TURN_TAG.learner ? 'learner' : tag === TURN_TAG.practitioner ? 'practitioner' : null;

/**
 * Attune's turns against the practitioner's hand-tagged ones in one session. Attune's turns are found from what
 * it sensed (voice, movement, touch, as staff corrected them) with the session's turn parameters, the turn tags
 * left out so that the two are independent. From the bin of the first turn tag to the bin of the last, each bin
 * gets from each side the person whose turn began in it, or "none": Attune's by its turns' starts, the
 * practitioner's by their tags, a tag moved back to the bin of the matching Attune turn when one of the same
 * person began within AGREEMENT_LAG_MS before it (the stretch then starts at that turn's bin). Where two turns
 * begin in one bin, the first counts.
 */
export function turnAgreement(
  events: readonly LogEvent[],
  params: TurnParams,
): TooFewHandTurns | TurnAgreement {
  const tags: { party: Person; atMs: number }[] = [];
  const sensed: LogEvent[] = [];
  for (const e of events) {
    const party = e.kind === 'tag' ? partyOfTag(e.tag) : null;
    if (e.kind === 'tag' && party) tags.push({ party, atMs: e.atMs });
    else sensed.push(e);
  }
  tags.sort((a, b) => a.atMs - b.atMs);
  const handTurns = { learner: 0, practitioner: 0 };
  for (const t of tags) handTurns[t.party]++;
  if (tags.length < AGREEMENT_MIN_HAND_TURNS) return { enough: false, handTurns };

  const binMs = AGREEMENT_BIN_MS;
  const turns = analyseTurns(sensed, params).turns;
  // Each tag at the start of the turn it marks, when Attune found one of the same person just before it.
  const used = new Set<number>();
  let matched = 0;
  const marks = tags.map((tag) => {
    for (let i = turns.length - 1; i >= 0; i--) {
      const t = turns[i];
      if (!t || t.startMs > tag.atMs) continue;
      if (tag.atMs - t.startMs > AGREEMENT_LAG_MS) break;
      if (t.party === tag.party && !used.has(i)) {
        used.add(i);
        matched++;
        return { party: tag.party, atMs: t.startMs };
      }
    }
    return tag;
  });
  const first = Math.floor(Math.min(...marks.map((m) => m.atMs)) / binMs);
  const last = Math.floor(Math.max(...marks.map((m) => m.atMs)) / binMs);
  const bins = last - first + 1;
  const binOf = (ms: number) => Math.floor(ms / binMs) - first;
  const attune = new Array<BinLabel>(bins).fill('none');
  const hand = new Array<BinLabel>(bins).fill('none');
  const attuneTurns = { learner: 0, practitioner: 0 };
  for (const t of turns) {
    const b = binOf(t.startMs);
    if (b < 0 || b >= bins) continue;
    attuneTurns[t.party]++;
    if (attune[b] === 'none') attune[b] = t.party;
  }
  for (const m of marks) {
    const b = binOf(m.atMs);
    if (hand[b] === 'none') hand[b] = m.party;
  }

  const matrix = BIN_LABELS.map(() => BIN_LABELS.map(() => 0));
  let agreedBins = 0;
  for (let b = 0; b < bins; b++) {
    const row = matrix[BIN_LABELS.indexOf(hand[b] ?? 'none')];
    const col = BIN_LABELS.indexOf(attune[b] ?? 'none');
    if (row) row[col] = (row[col] ?? 0) + 1;
    if (hand[b] === attune[b]) agreedBins++;
  }
  return {
    enough: true,
    handTurns,
    attuneTurns,
    matched,
    binMs,
    bins,
    agreedBins,
    matrix,
    kappa: cohensKappa(matrix),
    fromMs: first * binMs,
    toMs: (last + 1) * binMs,
  };
}

/** The definition staff read one click away from the figure. */
export const AGREEMENT_DEFINITION = `Where you tagged turns by hand during the session (the Learner turn and Practitioner turn keys, L and A), Attune’s own turns are set against yours. From your first tag to your last, the time is cut into ${AGREEMENT_BIN_MS / 1000}-second bins; in each bin, each side says whose turn began in it (the learner’s, the practitioner’s, or nobody’s). Attune’s turns are found from the voice, movement and touch it logged (with your corrections), your tags left out; a tag pressed up to ${AGREEMENT_LAG_MS / 1000} s after a turn of the same person that Attune found counts in that turn’s bin, since a key is pressed after the turn is heard or seen. Cohen’s kappa compares how often the two agree with how often they would by chance: 1 is full agreement, 0 no better than chance, below 0 worse than chance. It needs at least ${AGREEMENT_MIN_HAND_TURNS} hand-tagged turns. It says how far to trust Attune’s turn figures for this learner; it does not grade anyone.`;

/** The figure and its counts in words. */
export function agreementWords(a: TooFewHandTurns | TurnAgreement): { value: string; counts: string } {
  const tagged = `${a.handTurns.learner} learner and ${a.handTurns.practitioner} practitioner turns tagged by hand`;
  if (!a.enough) {
    return {
      value: 'not enough hand-tagged turns',
      counts: `${tagged}; at least ${AGREEMENT_MIN_HAND_TURNS} are needed to compare.`,
    };
  }
  const kappa =
    a.kappa === null
      ? 'cannot be worked out (every bin the same on both sides)'
      : `kappa ${a.kappa.toFixed(2)}`;
  return {
    value: kappa,
    counts: `${tagged}; Attune found ${a.attuneTurns.learner} learner and ${a.attuneTurns.practitioner} practitioner turns in the same stretch, ${a.matched} of your tags with Attune’s turn of the same person just before; the two agree in ${a.agreedBins} of ${a.bins} bins of ${a.binMs / 1000} s.`,
  };
}
