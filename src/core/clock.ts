/**
 * Attune's clocks, each a type of its own, and the only place where one is turned into another.
 *
 * - `PerfMs`: the page's monotonic clock (`performance.now()`). Every sensor reading is stamped on it before it
 *   reaches the engine: a camera frame's capture time is already on it (the browser maps the camera's clock), a
 *   microphone time is mapped from the audio clock by `audioToPerf`, a touch carries its event's timeStamp.
 * - `AudioClockMs`: the AudioContext's clock (`currentTime`, in ms), on which the microphone worklet stamps
 *   vocalisations. It drifts against the page's clock over hours, so it is mapped with a fresh paired reading
 *   every time.
 * - `SessionMs`: milliseconds since a session started. Everything in the log is on it.
 *
 * The brands are "soft" (an optional phantom property): a plain number, a literal in a test for instance, fits
 * any clock, but a time on one clock cannot be passed where another clock is wanted. Arithmetic gives a plain
 * number, so a computed time is re-typed where it is made.
 */
declare const clockBrand: unique symbol;

export type PerfMs = number & { readonly [clockBrand]?: 'perf' };
export type AudioClockMs = number & { readonly [clockBrand]?: 'audio' };
export type SessionMs = number & { readonly [clockBrand]?: 'session' };

/** The fields that hold a time, in every event kind. */
type TimeField = 'startMs' | 'endMs' | 'atMs';

/** The same event with its times on another clock. Distributes over a union of event kinds. */
export type OnClock<E, T extends number> = E extends unknown
  ? { [K in keyof E]: K extends TimeField ? T : E[K] }
  : never;

/** Anything with times on the performance clock: an event, or a span. */
type PerfTimed = { startMs: PerfMs; endMs: PerfMs } | { atMs: PerfMs };

/** One session's clock: the performance-clock moment it started. */
export class SessionClock {
  constructor(readonly originPerfMs: PerfMs) {}

  /** Session time of a moment given on the performance clock. */
  fromPerf(perfMs: PerfMs): SessionMs {
    return perfMs - this.originPerfMs;
  }

  /** Performance-clock time of a session time. */
  toPerf(sessionMs: SessionMs): PerfMs {
    return sessionMs + this.originPerfMs;
  }

  /**
   * An event (or span) moved onto the session clock and cut at the session's start: one that began before it
   * (a learner already waving when the practitioner pressed Start) counts from 0; one that ended before it, or
   * a tag stamped before it, is null.
   */
  toSession<E extends PerfTimed>(event: E): OnClock<E, SessionMs> | null {
    if ('atMs' in event) {
      const atMs = this.fromPerf(event.atMs);
      return atMs < 0 ? null : ({ ...event, atMs } as OnClock<E, SessionMs>);
    }
    const endMs = this.fromPerf(event.endMs);
    if (endMs <= 0) return null;
    const startMs = Math.max(0, this.fromPerf(event.startMs));
    return { ...event, startMs, endMs } as OnClock<E, SessionMs>;
  }
}

/**
 * A paired reading of the audio clock and the performance clock taken at the same moment
 * (`AudioContext.getOutputTimestamp()` gives one).
 */
export interface ClockPair {
  audioMs: AudioClockMs;
  perfMs: PerfMs;
}

/** An audio-clock time on the performance clock, through a paired reading taken close to it. */
export function audioToPerf(audioMs: AudioClockMs, pair: ClockPair): PerfMs {
  return pair.perfMs + (audioMs - pair.audioMs);
}
