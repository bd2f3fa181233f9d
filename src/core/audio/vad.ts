import type { Dbfs, Unit } from '../units.ts';

/**
 * Voice activity for one 10 ms frame: loud enough above the noise floor AND periodic. Periodicity is what
 * separates a voice (even a breathy hum) from dish clatter, a fan or a door; the level test keeps distant voices
 * (periodic but quiet) out.
 */
export interface VadParams {
  /** dB above the noise floor at sensitivity 0 (least sensitive). */
  maxAboveFloorDb: number;
  /** dB above the noise floor at sensitivity 1 (most sensitive): a few dB, else fan noise fluctuations pass. */
  minAboveFloorDb: number;
  /** Lowest pitch clarity (MPM NSDF peak) for a voiced frame. */
  minClarity: Unit;
}

/** Sensitivity 0..1 to a threshold offset above the floor, linear in dB so the panel's slider feels even. */
export function aboveFloorDb(sensitivity: Unit, p: VadParams): number {
  const s = sensitivity < 0 ? 0 : sensitivity > 1 ? 1 : sensitivity;
  return p.maxAboveFloorDb + (p.minAboveFloorDb - p.maxAboveFloorDb) * s;
}

export function isVoiced(levelDbfs: Dbfs, thresholdDbfs: Dbfs, clarity: Unit, minClarity: Unit): boolean {
  return levelDbfs >= thresholdDbfs && clarity >= minClarity;
}
