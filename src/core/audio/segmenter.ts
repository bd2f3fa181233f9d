import type { Dbfs, Hz, Ms } from '../units.ts';

export interface VoiceSegment {
  startMs: Ms;
  endMs: Ms;
  peakDbfs: Dbfs;
  /** Median F0 over the segment's voiced frames. */
  pitchHz: Hz | null;
  pitchMinHz: Hz | null;
  pitchMaxHz: Hz | null;
}

export interface SegmenterParams {
  frameMs: Ms;
  /** A vocal segment is voice activity of at least 100 ms (docs/ARCHITECTURE.md, turn-taking definitions). */
  minSegmentMs: Ms;
  /** Segments closer than 300 ms merge (same definitions). */
  mergeGapMs: Ms;
  /**
   * How far back a new run's onset can reach before its first voiced frame (the analyser's look-back). A
   * segment is held open this much longer than `mergeGapMs`, so a run whose onset lands inside the gap merges as
   * the rule says, even though its first voiced frame came later. 0 without look-back.
   */
  closeDelayMs?: Ms;
}

/** Pitch values kept per segment for the median; a longer segment keeps its first minute (a cap, not a leak). */
const MAX_PITCHES = 6000;

/**
 * Turns per-frame voice decisions into segments. The onset is reported as soon as the segment is certain
 * (minSegmentMs of span); the segment itself once mergeGapMs of silence has passed, since until then the next
 * sound could still merge into it.
 */
export class VoiceSegmenter {
  private open = false;
  private startMs: Ms = 0;
  private lastVoicedEndMs: Ms = 0;
  private peak: Dbfs = -Infinity;
  private startEmitted = false;
  /** End of the last segment handed out (-Infinity after a split, whose parts may touch). */
  private emittedEndMs: Ms = Number.NEGATIVE_INFINITY;
  private readonly pitches = new Float32Array(MAX_PITCHES);
  private nPitches = 0;

  constructor(private readonly p: SegmenterParams) {}

  /**
   * One frame starting at `tMs`. `onsetMs` is where this voiced run began (it may precede tMs when the level
   * rose before periodicity was certain); it is used only when a new segment opens. `phonatedOnsetMs`, where
   * the run's voicing began (default `onsetMs`), decides whether the run merges with the open segment: a
   * breath or consonant that lifts the level before the next phrase is not voice, and counting it closed pauses
   * of 300-350 ms between a reader's phrases (they merged where a listener hears two).
   */
  frame(
    tMs: Ms,
    voiced: boolean,
    levelDbfs: Dbfs,
    pitchHz: Hz | null,
    onsetMs: Ms,
    onStart?: (startMs: Ms) => void,
    onSegment?: (s: VoiceSegment) => void,
    phonatedOnsetMs: Ms = onsetMs,
  ): void {
    const frameEnd = tMs + this.p.frameMs;
    if (voiced) {
      // Held open only for the look-back: this run starts a gap of mergeGapMs or more after the last one.
      if (this.open && !this.wouldMerge(tMs, phonatedOnsetMs)) this.close(onSegment);
      if (!this.open) {
        this.open = true;
        // The look-back never brings a segment within the merge gap of the one before, which it did not join.
        this.startMs = Math.min(tMs, Math.max(onsetMs, this.emittedEndMs + this.p.mergeGapMs));
        this.peak = -Infinity;
        this.nPitches = 0;
        this.startEmitted = false;
      }
      this.lastVoicedEndMs = frameEnd;
      if (levelDbfs > this.peak) this.peak = levelDbfs;
      if (pitchHz !== null && this.nPitches < MAX_PITCHES) this.pitches[this.nPitches++] = pitchHz;
      if (!this.startEmitted && frameEnd - this.startMs >= this.p.minSegmentMs) {
        this.startEmitted = true;
        onStart?.(this.startMs);
      }
    } else if (
      this.open &&
      frameEnd - this.lastVoicedEndMs >= this.p.mergeGapMs + (this.p.closeDelayMs ?? 0)
    ) {
      this.close(onSegment);
    }
  }

  /** End of stream: the open segment (if long enough) is final now. */
  flush(onSegment?: (s: VoiceSegment) => void): void {
    if (this.open) this.close(onSegment);
  }

  /** Loudest frame of the open segment so far; -Infinity when none is open. */
  get peakSoFar(): Dbfs {
    return this.open ? this.peak : Number.NEGATIVE_INFINITY;
  }

  /** When the open segment started; null when none is open. */
  get openSinceMs(): Ms | null {
    return this.open ? this.startMs : null;
  }

  /**
   * Ends the open segment before `atMs` (at its last voiced frame there) and opens a new one at `atMs`: another,
   * much louder sound has begun inside it. The earlier part is kept if long enough, like any segment.
   */
  split(atMs: Ms, onSegment?: (s: VoiceSegment) => void): void {
    if (!this.open) return;
    if (this.lastVoicedEndMs > atMs) this.lastVoicedEndMs = atMs;
    this.close(onSegment);
    this.emittedEndMs = Number.NEGATIVE_INFINITY;
  }

  /** How long the open segment has gone without a voiced frame by `tMs`; infinite when none is open. */
  quietForMs(tMs: Ms): Ms {
    return this.open ? tMs - this.lastVoicedEndMs : Number.POSITIVE_INFINITY;
  }

  /** A voiced run from `onsetMs` (first frame at `tMs`) would continue the open segment rather than start one. */
  wouldMerge(tMs: Ms, onsetMs: Ms): boolean {
    return this.open && Math.min(onsetMs, tMs) - this.lastVoicedEndMs < this.p.mergeGapMs;
  }

  private close(onSegment?: (s: VoiceSegment) => void): void {
    this.open = false;
    if (this.lastVoicedEndMs - this.startMs < this.p.minSegmentMs) return;
    this.emittedEndMs = this.lastVoicedEndMs;
    let pitchHz: Hz | null = null;
    let pitchMinHz: Hz | null = null;
    let pitchMaxHz: Hz | null = null;
    const n = this.nPitches;
    if (n > 0) {
      const sorted = this.pitches.subarray(0, n).sort();
      pitchHz =
        n % 2 === 1 ? (sorted[(n - 1) / 2] ?? 0) : ((sorted[n / 2 - 1] ?? 0) + (sorted[n / 2] ?? 0)) / 2;
      // 10th-90th percentile as the range: a single octave error at an edge should not define the range.
      pitchMinHz = sorted[Math.floor(0.1 * (n - 1))] ?? null;
      pitchMaxHz = sorted[Math.ceil(0.9 * (n - 1))] ?? null;
    }
    onSegment?.({
      startMs: this.startMs,
      endMs: this.lastVoicedEndMs,
      peakDbfs: this.peak,
      pitchHz,
      pitchMinHz,
      pitchMaxHz,
    });
  }
}
