import type { Ms } from '../units.ts';

/**
 * Episodes of a categorical state over time (attention toward the screen or the person, a smile, being close):
 * a state counts once it has lasted `minEpisodeMs`, and interruptions up to `maxGapMs` (a glance away, a face
 * missed for a few frames) do not end it.
 */

export interface EpisodeParams {
  /** Shorter runs of a state are not episodes. */
  minEpisodeMs: Ms;
  /** A different state (or none) for up to this long does not end an episode. */
  maxGapMs: Ms;
}

export type EpisodeUpdate<S extends string> =
  | { type: 'start'; state: S; startMs: Ms }
  | {
      type: 'end';
      state: S;
      startMs: Ms;
      endMs: Ms;
      /** Largest and smallest value passed with the state during the episode (NaN if none was passed). */
      maxValue: number;
      minValue: number;
    };

const NONE: readonly never[] = Object.freeze([]);

export class EpisodeSegmenter<S extends string> {
  readonly params: Readonly<EpisodeParams>;
  private cur: S | null = null;
  private startMs: Ms = 0;
  private lastSeenMs: Ms = 0;
  private confirmed = false;
  private maxValue = Number.NaN;
  private minValue = Number.NaN;
  private pending: S | null = null;
  private pendingStartMs: Ms = 0;

  constructor(params: EpisodeParams) {
    this.params = Object.freeze({ ...params });
  }

  /** The state of the confirmed episode in progress, or null. */
  get current(): S | null {
    return this.confirmed ? this.cur : null;
  }

  /**
   * One observation: the state now (null = none of interest) and an optional value to keep the extremes of
   * (a smile's score, a distance). Returns the updates it caused, usually none (a shared empty array).
   */
  push(tMs: Ms, state: S | null, value?: number): readonly EpisodeUpdate<S>[] {
    let out: EpisodeUpdate<S>[] | null = null;
    if (state !== null && state === this.cur) {
      this.lastSeenMs = tMs;
      this.pending = null;
      this.note(value);
    } else {
      if (state !== this.pending) {
        this.pending = state;
        this.pendingStartMs = tMs;
      }
      if (this.cur !== null && tMs - this.lastSeenMs > this.params.maxGapMs) {
        const ended = this.end();
        if (ended) out = [ended];
      }
      if (this.cur === null && this.pending !== null) {
        this.begin(this.pending, this.pendingStartMs, tMs);
        this.pending = null;
        this.note(value);
      }
    }
    if (this.cur !== null && !this.confirmed && this.lastSeenMs - this.startMs >= this.params.minEpisodeMs) {
      this.confirmed = true;
      const started: EpisodeUpdate<S> = { type: 'start', state: this.cur, startMs: this.startMs };
      if (out) out.push(started);
      else out = [started];
    }
    return out ?? NONE;
  }

  /** Ends an episode in progress now (session end, face lost for good). */
  flush(): EpisodeUpdate<S> | null {
    this.pending = null;
    return this.end();
  }

  private begin(state: S, startMs: Ms, nowMs: Ms): void {
    this.cur = state;
    this.startMs = startMs;
    this.lastSeenMs = nowMs;
    this.confirmed = false;
    this.maxValue = Number.NaN;
    this.minValue = Number.NaN;
  }

  private note(value: number | undefined): void {
    if (value === undefined || Number.isNaN(value)) return;
    if (!(value <= this.maxValue)) this.maxValue = value;
    if (!(value >= this.minValue)) this.minValue = value;
  }

  private end(): EpisodeUpdate<S> | null {
    const cur = this.cur;
    const confirmed = this.confirmed;
    this.cur = null;
    this.confirmed = false;
    if (cur === null || !confirmed) return null;
    return {
      type: 'end',
      state: cur,
      startMs: this.startMs,
      endMs: this.lastSeenMs,
      maxValue: this.maxValue,
      minValue: this.minValue,
    };
  }
}
