import type { PerfMs } from '../clock.ts';
import type { MovementEvent, Party } from '../events.ts';
import type { Ms, Unit } from '../units.ts';
import type { MotionEnergy } from './motionEnergy.ts';

/**
 * Movement bursts from a stream of motion energy (one stream per party or region): an adaptive threshold that a
 * "hold still" calibration sets and a per-learner sensitivity scales, and a segmenter with the turn-taking definitions' defaults
 * (above threshold for at least 200 ms; bursts closer than 500 ms merge).
 */

export interface AdaptiveThresholdParams {
  /** Per learner: 2 halves the threshold (smaller movements count), 0.5 doubles it. */
  sensitivity: number;
  /** Length of the "hold still" calibration. */
  calibrationMs: Ms;
  /** The calibration's baseline is this quantile of its energies (breathing and small fidgets included). */
  calibrationQuantile: Unit;
  /** Threshold = baseline x this, so the usual stillness sits well under it. */
  marginOverBaseline: number;
  /**
   * Lowest threshold (before sensitivity), in motion energy: the per-pixel noise gate makes a still scene's
   * energy nearly zero, and a baseline of zero would make any single noisy pixel a movement. 3e-6 is ~15 luma
   * levels of excess summed over a 160x120 frame: above a still scene's grid cells (measured under 2e-6 at noise
   * sigma 3), below a 3x3 blob moving half a pixel per frame (~1e-5).
   */
  floorEnergy: MotionEnergy;
  /**
   * Time constant of the slow drift of the baseline outside calibration (quantile tracking of the energy while
   * under threshold and not in a burst, so sustained movement never raises it). 0 turns drift off.
   */
  adaptTimeConstantMs: Ms;
  /** Highest frame rate the calibration buffer is sized for. */
  maxFrameRateHz: number;
}

export const DEFAULT_ADAPTIVE_THRESHOLD_PARAMS: Readonly<AdaptiveThresholdParams> = Object.freeze({
  sensitivity: 1,
  calibrationMs: 3000,
  calibrationQuantile: 0.95,
  marginOverBaseline: 3,
  floorEnergy: 3e-6,
  adaptTimeConstantMs: 30_000,
  maxFrameRateHz: 120,
});

export class AdaptiveThreshold {
  readonly params: Readonly<AdaptiveThresholdParams>;
  private sensitivity: number;
  private baseline: MotionEnergy;
  private calibrationStartMs: Ms | null = null;
  private readonly calibration: Float32Array;
  private calibrationCount = 0;
  private lastMs: Ms | null = null;

  constructor(params: Partial<AdaptiveThresholdParams> = {}) {
    this.params = Object.freeze({ ...DEFAULT_ADAPTIVE_THRESHOLD_PARAMS, ...params });
    this.sensitivity = this.params.sensitivity;
    this.baseline = this.minBaseline();
    this.calibration = new Float32Array(
      Math.ceil((this.params.calibrationMs / 1000) * this.params.maxFrameRateHz) + 1,
    );
  }

  /** The current threshold in motion energy. */
  get value(): MotionEnergy {
    const p = this.params;
    return Math.max(p.floorEnergy, p.marginOverBaseline * this.baseline) / this.sensitivity;
  }

  get baselineEnergy(): MotionEnergy {
    return this.baseline;
  }

  get calibrating(): boolean {
    return this.calibrationStartMs !== null;
  }

  setSensitivity(sensitivity: number): void {
    if (!(sensitivity > 0)) throw new Error(`sensitivity must be > 0, got ${sensitivity}`);
    this.sensitivity = sensitivity;
  }

  /** A stored baseline (e.g. the learner's last calibration), so a session need not start with one. */
  setBaseline(baseline: MotionEnergy): void {
    this.baseline = Math.max(this.minBaseline(), baseline);
  }

  /** Starts "hold still": the next `calibrationMs` of energy replace the baseline. */
  startCalibration(tMs: Ms): void {
    this.calibrationStartMs = tMs;
    this.calibrationCount = 0;
  }

  /**
   * Feeds one frame's energy. `quiet` says the caller saw no movement (under threshold, no burst open): only
   * quiet frames move the baseline outside calibration. Returns true when a calibration has just finished.
   */
  observe(tMs: Ms, energy: MotionEnergy, quiet: boolean): boolean {
    const p = this.params;
    const dt = this.lastMs === null ? 0 : Math.max(0, tMs - this.lastMs);
    this.lastMs = tMs;
    if (this.calibrationStartMs !== null) {
      if (this.calibrationCount < this.calibration.length) this.calibration[this.calibrationCount++] = energy;
      if (tMs - this.calibrationStartMs >= p.calibrationMs) {
        const got = this.calibration.subarray(0, this.calibrationCount).sort();
        const q = got[Math.min(got.length - 1, Math.floor(p.calibrationQuantile * got.length))] ?? 0;
        this.baseline = Math.max(this.minBaseline(), q);
        this.calibrationStartMs = null;
        return true;
      }
      return false;
    }
    if (quiet && p.adaptTimeConstantMs > 0 && dt > 0) {
      // Multiplicative quantile tracking: balanced when a fraction (1 - q) of quiet frames lie above it.
      const eta = dt / p.adaptTimeConstantMs;
      const q = p.calibrationQuantile;
      this.baseline *= energy > this.baseline ? Math.exp(eta * q) : Math.exp(-eta * (1 - q));
      if (this.baseline < this.minBaseline()) this.baseline = this.minBaseline();
    }
    return false;
  }

  /** Below this the baseline is irrelevant (the floor wins); keeping it there lets it rise again quickly. */
  private minBaseline(): MotionEnergy {
    return this.params.floorEnergy / this.params.marginOverBaseline;
  }
}

export interface BurstSegmenterParams {
  /** Energy above threshold for at least this long makes a burst (turn-taking definitions). */
  minBurstMs: Ms;
  /** Bursts closer than this merge; also how long after the last movement a burst is closed. */
  mergeGapMs: Ms;
  /**
   * Before a burst is confirmed, dips under threshold this short do not restart the 200 ms count: a hand that
   * reverses direction stops for a frame or two.
   */
  dropoutMs: Ms;
}

export const DEFAULT_BURST_SEGMENTER_PARAMS: Readonly<BurstSegmenterParams> = Object.freeze({
  minBurstMs: 200,
  mergeGapMs: 500,
  dropoutMs: 100,
});

export type BurstUpdate =
  /** Sent as soon as a burst is confirmed (minBurstMs after its start). */
  | { type: 'start'; party: Party; startMs: Ms }
  /** Sent once the burst cannot be extended any more (mergeGapMs after its last movement). */
  | { type: 'end'; event: MovementEvent<PerfMs> };

/**
 * Segments energy-over-threshold ratios into bursts. A frame's energy is the change since the previous frame, so
 * an above-threshold frame covers (previous frame time, its time]: a burst starts at the previous frame's time
 * of its first frame and ends at the time of its last.
 */
export class BurstSegmenter {
  readonly params: Readonly<BurstSegmenterParams>;
  party: Party;
  private lastMs: Ms | null = null;
  private inRun = false;
  private runStartMs: Ms = 0;
  private runLastAboveMs: Ms = 0;
  private runPeak = 0;
  private active = false;

  constructor(party: Party, params: Partial<BurstSegmenterParams> = {}) {
    this.party = party;
    this.params = Object.freeze({ ...DEFAULT_BURST_SEGMENTER_PARAMS, ...params });
  }

  /** True while a confirmed burst is open. */
  get inBurst(): boolean {
    return this.active;
  }

  /** `ratio` = energy / threshold (1 = at threshold). */
  push(tMs: Ms, ratio: number): BurstUpdate | null {
    const p = this.params;
    const prevMs = this.lastMs ?? tMs;
    this.lastMs = tMs;
    const above = ratio >= 1;
    if (this.active) {
      if (above) {
        this.runLastAboveMs = tMs;
        if (ratio > this.runPeak) this.runPeak = ratio;
      } else if (tMs - this.runLastAboveMs >= p.mergeGapMs) {
        return this.close();
      }
      return null;
    }
    if (above) {
      if (!this.inRun) {
        this.inRun = true;
        this.runStartMs = prevMs;
        this.runPeak = ratio;
      } else if (ratio > this.runPeak) {
        this.runPeak = ratio;
      }
      this.runLastAboveMs = tMs;
      if (tMs - this.runStartMs >= p.minBurstMs) {
        this.active = true;
        return { type: 'start', party: this.party, startMs: this.runStartMs };
      }
    } else if (this.inRun && tMs - this.runLastAboveMs > p.dropoutMs) {
      this.inRun = false;
    }
    return null;
  }

  /** Closes an open burst now (session end, camera lost, calibration). */
  flush(): BurstUpdate | null {
    this.inRun = false;
    return this.active ? this.close() : null;
  }

  private close(): BurstUpdate {
    this.active = false;
    this.inRun = false;
    return {
      type: 'end',
      event: {
        kind: 'movement',
        party: this.party,
        startMs: this.runStartMs,
        endMs: this.runLastAboveMs,
        peakEnergy: this.runPeak,
      },
    };
  }
}

export interface MovementBurstParams extends AdaptiveThresholdParams, BurstSegmenterParams {}

/** One party's (or region's) threshold and segmenter together: energy in, burst updates out. */
export class MovementBurstDetector {
  readonly threshold: AdaptiveThreshold;
  readonly segmenter: BurstSegmenter;
  /** The last frame's energy / threshold, for a live meter. */
  lastRatio = 0;

  constructor(party: Party, params: Partial<MovementBurstParams> = {}) {
    this.threshold = new AdaptiveThreshold(params);
    this.segmenter = new BurstSegmenter(party, params);
  }

  get calibrating(): boolean {
    return this.threshold.calibrating;
  }

  /** Starts "hold still"; an open burst is closed first (and returned) so it is not lost. */
  startCalibration(tMs: Ms): BurstUpdate | null {
    this.threshold.startCalibration(tMs);
    return this.segmenter.flush();
  }

  setSensitivity(sensitivity: number): void {
    this.threshold.setSensitivity(sensitivity);
  }

  push(tMs: Ms, energy: MotionEnergy): BurstUpdate | null {
    if (this.threshold.calibrating) {
      this.lastRatio = 0;
      this.threshold.observe(tMs, energy, false);
      return null;
    }
    const ratio = energy / this.threshold.value;
    this.lastRatio = ratio;
    const update = this.segmenter.push(tMs, ratio);
    this.threshold.observe(tMs, energy, ratio < 1 && !this.segmenter.inBurst);
    return update;
  }

  flush(): BurstUpdate | null {
    return this.segmenter.flush();
  }
}
