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
 */
export class TransitionTracker {
  /** +1 rising, -1 falling, 0 not yet moved. */
  private direction = 0;
  private anchor: Sample | null = null;
  private low: Sample | null = null;
  private high: Sample | null = null;

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
    const anchor = this.anchor;
    if (anchor === null || this.low === null || this.high === null) {
      if (commit) this.anchor = this.low = this.high = s;
      return 0;
    }
    let made = 0;
    if (this.direction === 0) {
      const low = s.v < this.low.v ? s : this.low;
      const high = s.v > this.high.v ? s : this.high;
      if (s.v > low.v && this.test(s, low)) made = 1;
      else if (s.v < high.v && this.test(s, high)) made = -1;
      if (commit) {
        this.low = low;
        this.high = high;
      }
    } else if (this.direction === 1) {
      if (s.v > anchor.v) {
        if (commit) this.anchor = s;
        return 0;
      }
      if (this.test(s, anchor)) made = -1;
    } else {
      if (s.v < anchor.v) {
        if (commit) this.anchor = s;
        return 0;
      }
      if (this.test(s, anchor)) made = 1;
    }
    if (made !== 0 && commit) {
      this.direction = made;
      this.anchor = s;
    }
    return made;
  }
}
