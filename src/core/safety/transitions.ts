/**
 * WCAG 2.3.1's flash definitions, as one state machine that both the flash counter (which measures rendered
 * frames) and the screen governor (which keeps them under the limits) run, so the two cannot disagree about what
 * a transition is.
 *
 * - General flash: a pair of opposing changes in relative luminance of 10 % or more of the maximum, where the
 *   darker state is below 0.80.
 * - Red flash: a pair of opposing transitions involving a saturated red. The working definition WCAG's
 *   understanding document gives: for either or both states of each transition R / (R + G + B) >= 0.8, and the
 *   change in (R - G - B) x 320 (negative values set to zero) is more than 20, with R, G and B the linear values
 *   of the relative luminance formula.
 */

/** One state of one area of the screen, as a transition definition sees it. */
export interface Sample {
  /** The quantity that changes: relative luminance, or red's (R - G - B) x 320. */
  v: number;
  /** The red definition's saturation test (unused by the general one). */
  saturated: boolean;
}

/** Whether a change between two states is big enough to be a transition. */
export type TransitionTest = (a: Sample, b: Sample) => boolean;

export interface GeneralFlashParams {
  /** Smallest change that counts, in relative luminance (0..1). */
  minChange: number;
  /** A change counts only when its darker end is below this. */
  darkerBelow: number;
}

export interface RedFlashParams {
  /** A change of (R - G - B) x 320 must be more than this. */
  minChange: number;
  /** R / (R + G + B) at or above this is a saturated red. */
  saturation: number;
}

export const WCAG_GENERAL: GeneralFlashParams = { minChange: 0.1, darkerBelow: 0.8 };
export const WCAG_RED: RedFlashParams = { minChange: 20, saturation: 0.8 };

export function generalTest(p: GeneralFlashParams = WCAG_GENERAL): TransitionTest {
  return (a, b) => Math.abs(a.v - b.v) >= p.minChange && Math.min(a.v, b.v) < p.darkerBelow;
}

export function redTest(p: RedFlashParams = WCAG_RED): TransitionTest {
  return (a, b) => Math.abs(a.v - b.v) > p.minChange && (a.saturated || b.saturated);
}

/** sRGB channel (0..255, fractions allowed: a mean over an area) to linear light. */
export function linearChannel(c255: number): number {
  const c = c255 / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of one sRGB colour (0..255 channels). */
export function luminanceOf(r: number, g: number, b: number): number {
  return 0.2126 * linearChannel(r) + 0.7152 * linearChannel(g) + 0.0722 * linearChannel(b);
}

/** The general definition's sample of one sRGB colour. */
export function generalSample(r: number, g: number, b: number): Sample {
  return { v: luminanceOf(r, g, b), saturated: false };
}

/** The red definition's sample of one sRGB colour. */
export function redSample(r: number, g: number, b: number, p: RedFlashParams = WCAG_RED): Sample {
  const R = linearChannel(r);
  const G = linearChannel(g);
  const B = linearChannel(b);
  const sum = R + G + B;
  return { v: Math.max(0, (R - G - B) * 320), saturated: sum > 0 && R / sum >= p.saturation };
}

/**
 * Follows one area's samples and says when a transition happens: when the quantity has moved far enough (by the
 * test) from the last extreme in the opposite direction. Transitions alternate, rising and falling; two opposing
 * transitions make one flash.
 *
 * Two extremes are kept each way: of every sample, and of the saturated samples only. The red test needs a
 * saturated state at one end; judged only from the overall extreme, a saturated red that goes away would be
 * missed whenever a brighter unsaturated colour (a magenta, say) came between: red, magenta, black, over and over,
 * is a red flash each time, though the largest swing (magenta to black) involves no saturated red. For the
 * general test no sample is saturated, so only the overall extremes count.
 */
export class TransitionTracker {
  /** +1 rising, -1 falling, 0 not yet moved. */
  private direction = 0;
  /** Since the last transition: the extreme in its direction (overall and saturated only). */
  private anchor: Sample | null = null;
  private satAnchor: Sample | null = null;
  /** Before the first transition: the lowest and highest seen (overall and saturated only). */
  private low: Sample | null = null;
  private high: Sample | null = null;
  private satLow: Sample | null = null;
  private satHigh: Sample | null = null;
  /**
   * For the last sample taken or peeked, a direction other than the transition it made (if any) in which another
   * tracker, with a larger threshold, could make a transition there: +1 or -1, else 0. Either a new extreme in
   * the direction of the last transition (the other tracker may cross its threshold only now, long after this one
   * did), or, before the first transition, the other way of a sample that would be a transition both ways. The
   * screen governor needs it to keep such a transition from being half of a flash.
   */
  extended = 0;

  constructor(private readonly test: TransitionTest) {}

  /** The transition this sample would make (+1 rising, -1 falling) or 0, without taking it. */
  peek(s: Sample): number {
    return this.step(s, false);
  }

  /** Takes the sample; returns the transition it made (+1, -1) or 0. */
  push(s: Sample): number {
    return this.step(s, true);
  }

  private step(s: Sample, commit: boolean): number {
    this.extended = 0;
    if (this.anchor === null || this.low === null || this.high === null) {
      if (commit) {
        this.anchor = this.low = this.high = s;
        if (s.saturated) this.satAnchor = this.satLow = this.satHigh = s;
      }
      return 0;
    }
    let made = 0;
    if (this.direction === 0) {
      const up = this.moved(s, this.low, 1) || this.moved(s, this.satLow, 1);
      const down = this.moved(s, this.high, -1) || this.moved(s, this.satHigh, -1);
      made = up ? 1 : down ? -1 : 0;
      // Both ways at once (the first swing after a wide spread): this tracker takes it as rising, and another with a
      // larger threshold may take it as falling, so the other way is reported too.
      if (up && down) this.extended = -1;
      if (commit && made === 0) {
        if (s.v < this.low.v) this.low = s;
        if (s.v > this.high.v) this.high = s;
        if (s.saturated && (this.satLow === null || s.v < this.satLow.v)) this.satLow = s;
        if (s.saturated && (this.satHigh === null || s.v > this.satHigh.v)) this.satHigh = s;
      }
    } else {
      const d = this.direction;
      if (this.moved(s, this.anchor, -d) || this.moved(s, this.satAnchor, -d)) made = -d;
      else {
        const further = d * (s.v - this.anchor.v) > 0;
        const furtherSat = s.saturated && (this.satAnchor === null || d * (s.v - this.satAnchor.v) > 0);
        if (further || furtherSat) this.extended = d;
        if (commit && further) this.anchor = s;
        if (commit && furtherSat) this.satAnchor = s;
      }
    }
    if (made !== 0 && commit) {
      this.direction = made;
      this.anchor = s;
      this.satAnchor = s.saturated ? s : null;
    }
    return made;
  }

  /** Whether `s` is a transition in direction `d` away from `from` (an extreme kept on the other side). */
  private moved(s: Sample, from: Sample | null, d: number): boolean {
    return from !== null && d * (s.v - from.v) > 0 && this.test(s, from);
  }
}
