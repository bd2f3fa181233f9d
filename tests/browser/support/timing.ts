/** Interval on some clock, ms. */
export interface Span {
  startMs: number;
  endMs: number;
}

export interface Alignment {
  offsetMs: number;
  matched: number;
  unmatchedDetected: Span[];
  maxStartErrorMs: number;
  maxEndErrorMs: number;
}

/**
 * Chromium loops the fake microphone file from an instant the page cannot see, so detected times are
 * compared with the truth after one shared offset: the offset (modulo the file's length) that matches the
 * most onsets. Every other error is then real: one offset must fit every vocalisation of every pass.
 */
export function alignToLoop(detected: Span[], truth: Span[], loopMs: number, toleranceMs: number): Alignment {
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
      const t = truth.find(
        (t) => Math.min(Math.abs(local - t.startMs), loopMs - Math.abs(local - t.startMs)) <= toleranceMs,
      );
      if (!t) {
        unmatched.push(d);
        continue;
      }
      matched++;
      const startErr = Math.min(Math.abs(local - t.startMs), loopMs - Math.abs(local - t.startMs));
      const endErr = Math.abs(d.endMs - d.startMs - (t.endMs - t.startMs) + (local - t.startMs));
      maxStart = Math.max(maxStart, startErr);
      maxEnd = Math.max(maxEnd, endErr);
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
