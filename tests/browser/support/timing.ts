/** Interval on some clock, ms. */
export interface Span {
  startMs: number;
  endMs: number;
}

/**
 * A detected interval, with how far its times may honestly be out beyond the test's tolerance: a vocalisation that
 * lost audio on a starved computer says how much (`missingAudioMs`), and its start and end can be off by that.
 */
export interface Detected extends Span {
  slackMs?: number;
}

/** A logged vocal event as a detection, its missing audio as slack. */
export function vocalDetected(e: { startMs: number; endMs: number; missingAudioMs?: number }): Detected {
  return e.missingAudioMs === undefined
    ? { startMs: e.startMs, endMs: e.endMs }
    : { startMs: e.startMs, endMs: e.endMs, slackMs: e.missingAudioMs };
}

export interface Alignment {
  offsetMs: number;
  matched: number;
  unmatchedDetected: Span[];
  /** The largest errors, each less the slack its detection was allowed. */
  maxStartErrorMs: number;
  maxEndErrorMs: number;
}

/**
 * Chromium loops the fake microphone file from an instant the page cannot see, so detected times are
 * compared with the truth after one shared offset: the offset (modulo the file's length) that matches the
 * most onsets. Every other error is then real: one offset must fit every vocalisation of every pass.
 */
export function alignToLoop(
  detected: Detected[],
  truth: Span[],
  loopMs: number,
  toleranceMs: number,
): Alignment {
  const mod = (x: number) => ((x % loopMs) + loopMs) % loopMs;
  const candidates = detected.flatMap((d) => truth.map((t) => mod(d.startMs - t.startMs)));
  let best: Alignment = {
    offsetMs: 0,
    matched: 0,
    unmatchedDetected: detected,
    maxStartErrorMs: Infinity,
    maxEndErrorMs: Infinity,
  };
  for (const offsetMs of candidates) {
    let matched = 0;
    let maxStart = 0;
    let maxEnd = 0;
    const unmatched: Span[] = [];
    for (const d of detected) {
      const local = mod(d.startMs - offsetMs);
      const slack = d.slackMs ?? 0;
      const t = truth.find(
        (t) =>
          Math.min(Math.abs(local - t.startMs), loopMs - Math.abs(local - t.startMs)) <= toleranceMs + slack,
      );
      if (!t) {
        unmatched.push(d);
        continue;
      }
      matched++;
      const startErr = Math.min(Math.abs(local - t.startMs), loopMs - Math.abs(local - t.startMs));
      const endErr = Math.abs(d.endMs - d.startMs - (t.endMs - t.startMs) + (local - t.startMs));
      maxStart = Math.max(maxStart, startErr - slack);
      maxEnd = Math.max(maxEnd, endErr - slack);
    }
    // Among offsets matching the most onsets, the one that fits the onsets best: with sounds whose spacing in the
    // file differs by less than the tolerance, an offset that pairs each sound with its neighbour matches as many.
    if (matched > best.matched || (matched === best.matched && maxStart < best.maxStartErrorMs))
      best = {
        offsetMs,
        matched,
        unmatchedDetected: unmatched,
        maxStartErrorMs: maxStart,
        maxEndErrorMs: maxEnd,
      };
  }
  return best;
}
