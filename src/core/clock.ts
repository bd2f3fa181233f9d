import type { Ms } from './units.ts';

/**
 * One clock for a session: milliseconds since it started. Sensors each have a clock of their own (the
 * AudioContext's, a video frame's capture time); each gets a fixed offset to the performance clock, measured
 * once when the source starts, so that everything lands on the same timeline.
 */
export class SessionClock {
  private readonly originPerfMs: Ms;

  constructor(originPerfMs: Ms) {
    this.originPerfMs = originPerfMs;
  }

  /** Session time of a moment given on the performance clock (`performance.now()`). */
  fromPerf(perfMs: Ms): Ms {
    return perfMs - this.originPerfMs;
  }

  /** Performance-clock time of a session time. */
  toPerf(sessionMs: Ms): Ms {
    return sessionMs + this.originPerfMs;
  }
}

/**
 * Maps a source clock onto the performance clock from one paired reading (the source's time and
 * `performance.now()` taken together). Audio: `AudioContext.getOutputTimestamp()` gives such a pair.
 */
export function clockOffset(sourceMs: Ms, perfMs: Ms): Ms {
  return perfMs - sourceMs;
}
