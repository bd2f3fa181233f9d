import type { Ms } from '../units.ts';

export interface Interval {
  startMs: Ms;
  endMs: Ms;
}

/** Issue 3's matching rule: the detected onset within 150 ms of the true one... */
export const ONSET_TOLERANCE_MS: Ms = 150;
/** ...and the detection covering at least half of the true segment. */
export const MIN_COVERAGE = 0.5;

export interface SegmentScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** |detected onset - true onset| for each match, in true-segment order. */
  onsetErrorsMs: Ms[];
  medianOnsetErrorMs: Ms | null;
  /** For each true segment, the index of the detection matched to it, or -1. */
  matchOf: number[];
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

function overlap(a: Interval, b: Interval): Ms {
  return Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));
}

/**
 * One-to-one matching of detections to truth: each true segment (in time order) takes the unused detection
 * with the smallest onset error among those that satisfy the rule. A detection that spans two true segments
 * can match only one of them: merging two vocalisations is an error.
 */
export function scoreSegments(
  truth: readonly Interval[],
  detected: readonly Interval[],
  toleranceMs: Ms = ONSET_TOLERANCE_MS,
  minCoverage: number = MIN_COVERAGE,
): SegmentScore {
  const used = new Uint8Array(detected.length);
  const matchOf: number[] = [];
  const onsetErrorsMs: Ms[] = [];
  const order = truth.map((_, i) => i).sort((a, b) => (truth[a]?.startMs ?? 0) - (truth[b]?.startMs ?? 0));
  const byTruth = new Array<number>(truth.length).fill(-1);
  for (const ti of order) {
    const t = truth[ti];
    if (!t) continue;
    const need = minCoverage * (t.endMs - t.startMs);
    let best = -1;
    let bestErr = Infinity;
    for (let di = 0; di < detected.length; di++) {
      const d = detected[di];
      if (!d || used[di]) continue;
      const err = Math.abs(d.startMs - t.startMs);
      if (err <= toleranceMs && overlap(d, t) >= need && err < bestErr) {
        best = di;
        bestErr = err;
      }
    }
    if (best >= 0) {
      used[best] = 1;
      byTruth[ti] = best;
    }
  }
  for (let ti = 0; ti < truth.length; ti++) {
    const di = byTruth[ti] ?? -1;
    matchOf.push(di);
    const t = truth[ti];
    const d = di >= 0 ? detected[di] : undefined;
    if (t && d) onsetErrorsMs.push(Math.abs(d.startMs - t.startMs));
  }
  const tp = onsetErrorsMs.length;
  return fromCounts(tp, detected.length - tp, truth.length - tp, onsetErrorsMs, matchOf);
}

/** Precision, recall and F1 from the counts (an empty truth with no detections scores 1). */
function fromCounts(
  tp: number,
  fp: number,
  fn: number,
  onsetErrorsMs: Ms[],
  matchOf: number[],
): SegmentScore {
  const detected = tp + fp;
  const truth = tp + fn;
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: detected ? tp / detected : truth ? 0 : 1,
    recall: truth ? tp / truth : 1,
    f1: 2 * tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn),
    onsetErrorsMs,
    medianOnsetErrorMs: median(onsetErrorsMs),
    matchOf,
  };
}

/**
 * Several recordings of one condition scored as one: counts add up, the onset errors pool. `matchOf` is not
 * meaningful across recordings and is left empty.
 */
export function poolScores(scores: readonly SegmentScore[]): SegmentScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const onsetErrorsMs: Ms[] = [];
  for (const s of scores) {
    tp += s.truePositives;
    fp += s.falsePositives;
    fn += s.falseNegatives;
    onsetErrorsMs.push(...s.onsetErrorsMs);
  }
  return fromCounts(tp, fp, fn, onsetErrorsMs, []);
}
