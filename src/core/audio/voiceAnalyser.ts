import type { Dbfs, Hz, Ms, Unit } from '../units.ts';
import { Biquad, NoiseFloorTracker, powerToDbfs, SILENCE_DBFS } from './level.ts';
import { Decimator, McLeodPitch, type PitchResult } from './pitch.ts';
import { type VoiceSegment, VoiceSegmenter } from './segmenter.ts';
import { aboveFloorDb, isVoiced } from './vad.ts';

export type { VoiceSegment } from './segmenter.ts';

export interface VoiceParams {
  /** Feature frame period. */
  frameMs: Ms;
  /** A vocal segment is voice activity of at least 100 ms (docs/ARCHITECTURE.md, turn-taking definitions). */
  minSegmentMs: Ms;
  /** Vocal segments closer than 300 ms merge (same definitions). */
  mergeGapMs: Ms;
  /** Panel sensitivity 0..1; 0.5 puts the threshold midway between the two offsets below. */
  sensitivity: Unit;
  /** Threshold above the noise floor at sensitivity 0. */
  maxAboveFloorDb: number;
  /**
   * Threshold above the noise floor at sensitivity 1. 10 ms levels of steady noise spread a few dB around the
   * floor, so below ~3 dB the noise itself would cross (the periodicity test still guards).
   */
  minAboveFloorDb: number;
  /** How much history the adaptive floor looks at. Long, so a learner's own long vocalisation does not lift it. */
  noiseFloorWindowMs: Ms;
  /**
   * Which percentile of that history is the floor: towards the room's middle, because a low percentile of a
   * fluctuating room (other people talking, dishes) lies far under its typical level, and a threshold set from
   * there lets distant voices through (measured: the 10th percentile cost 0.03-0.08 F1 on the real recordings
   * and on the rooms with other voices). A learner has to vocalise for 60 % of the window to lift it.
   */
  noiseFloorPercentile: Unit;
  /** While Attune plays most of the time, the floor is at most this many dB over the 10th percentile (tighter). */
  maxFloorOverLowWhilePlayingDb: number;
  /**
   * Lowest MPM clarity for a voiced frame. Tuned on the generated fixtures (scripts/make-voice-fixtures.ts):
   * voiced sounds at ≥ 8 dB SNR score ≥ 0.7, dish clatter and fan noise mostly < 0.5.
   */
  minClarity: Unit;
  /** Pitch analysis window: 40 ms holds three periods of a 75 Hz voice, the lowest this looks for. */
  pitchWindowMs: Ms;
  /**
   * Under any learner's voice (4 to 19 years) and under most adults' speaking pitch; above the 50-66 Hz hum
   * of appliances and the creak at the edge of a breath, which the real recordings showed as false segments.
   */
  pitchMinHz: Hz;
  pitchMaxHz: Hz;
  /** Removes rumble (fans, handling, traffic) under the lowest voice before the level is measured (4th order). */
  highPassHz: Hz;
  /**
   * An onset is moved back to where the level first crossed the threshold, by at most this much: periodicity
   * needs part of a pitch window of voice before it is sure, the level does not.
   */
  levelOnsetLookbackMs: Ms;
  /**
   * Hysteresis: a "weak" frame is one that is voiced down to `sustainBelowThresholdDb` under the threshold, with
   * `sustainMinClarity`. Only a full-strength frame opens a segment, but inside one a weak frame keeps it going
   * (so the quieter syllable of a word or the fading end of a cry does not split it), and the onset moves back
   * over the run of weak frames just before it, by at most `onsetLookbackMs`: a soft cry swells for a while
   * before it is loud enough to be sure of.
   */
  sustainBelowThresholdDb: number;
  sustainMinClarity: Unit;
  onsetLookbackMs: Ms;
  /** A run of weak frames survives this many frames that are not (a clarity dip in a swelling cry). */
  weakRunGapFrames: number;
  /**
   * A weak run after a pause continues the segment once it has this many weak frames: a cry's voicing comes
   * and goes, but one frame of room noise that happens to look periodic must not stretch a segment by the
   * whole merge gap.
   */
  weakBridgeFrames: number;
  /**
   * A sound this much louder than everything so far in the open segment, after it has run `splitMinPriorMs`,
   * starts a segment of its own: a learner vocalising just after someone across the room spoke is not one
   * vocalisation with the other voice's onset. The new segment starts where the level rose by half as much.
   * 12 dB, not 10: a reader's soft first syllable and the loud vowel 10-11 dB over it 250 ms later were cut in
   * two (tuned split: LJ Speech over the water feature), and no room with other voices needed less than 12.
   */
  splitJumpDb: number;
  splitMinPriorMs: Ms;

  /** Pitch is only computed when the level is within this of the threshold (it is the costly part). */
  pitchGateBelowThresholdDb: number;
  /**
   * Deep voices: a man's phrase falls to 50-60 Hz at its end while still far over the room, and with the floor
   * at `pitchMinHz` the segment was cut there (covering under half the phrase). Where the main pitch finds no
   * voice and the level is at least `deepAboveFloorDb` over the noise floor, a second search over
   * `deepPitchMinHz`-`pitchMinHz` with a longer window (`deepWindowMs`, three periods of 50 Hz) may find it. The
   * level condition keeps out the mains hum and breath creak that `pitchMinHz` is there for: a steady hum
   * becomes the floor, and creak is soft.
   */
  deepPitchMinHz: Hz;
  deepWindowMs: Ms;
  deepAboveFloorDb: number;
  /**
   * The floor is at most this many dB over the window's 10th percentile. A learner crying on and off for most of
   * the window otherwise lifts the 40th percentile into the cry (seen: a -40 dBFS room with its threshold at
   * -16 dBFS after a few cries), so the quieter half of the next cry went unheard and it split. The room's own
   * spread stays under it: the same cap from 4 to 6 dB changed nothing in the rooms with distant voices.
   */
  maxFloorOverLowDb: number;
  /**
   * Rooms with other people talking: the share of the room's own frames (no segment open, over the floor but
   * not voice) that are periodic is followed over `otherVoicesWindowMs`; above `otherVoicesFreeShare` each
   * further 10 % of it raises the threshold by a tenth of `otherVoicesGainDb`. A fan, a tap or dishes stay
   * under 0.1 (measured on the tuned rooms: at most 0.10), distant voices bring it to 0.17-0.47, and there the
   * fixed threshold let their louder syllables through as vocalisations and pulled onsets back onto them.
   */
  otherVoicesGainDb: number;
  otherVoicesWindowMs: Ms;
  otherVoicesFreeShare: Unit;
  /**
   * How much of what a frame adds over the room above the decimator's cut (about 3.4 kHz) counts towards its
   * level in the voice decision (1: all, as the level meter; 0: none). The pitch search sees only the band
   * under the cut, so the hiss of an s or a breath after a vowel, with the vowel's tail still in the 40 ms
   * window, read as voiced: a reader's phrase ran on through its last consonant and joined the next across a
   * 310 ms pause (tuned split: LJ Speech, the espeak-ng reader). Weighed rather than cut off at a share, so a
   * voiced z (its voicing under the cut, loud) stays voice while an s (little under the cut) does not. The
   * room's own balance is taken off first (followed over quiet frames), so a hissing room does not lower a
   * voice's level. At 8 kHz there is no cut and no change.
   */
  highBandWeight: Unit;
  /**
   * Periodicity of a soft onset, corrected for the room's share of the frame, while the room is steady. A
   * periodic voice of power V over uncorrelated room noise N shows at most about V / (V + N) of its own clarity
   * (the noise adds to the NSDF's energy terms, not to its correlation at the voice's period), so a soft cry 4-8 dB
   * over a tap's hiss read 0.35-0.55 and was found late, or in pieces. Where no segment is open and the frame is
   * at least `steadyOverFloorDb` over the floor, its clarity is scaled by P / (P - N), with P the frame's power and N
   * the room's, both under the decimator's cut (the band the pitch search sees), by at most 2.
   * N is only the noise under the frame when the room's own sound is steady: in a kitchen, clatter rises over the
   * floor on its own and scaling it turns clatter into voice (ungated: tuned real voices 0.941 -> 0.934, busy
   * 0.926 -> 0.922). So the correction applies only while under `steadyRoomMaxShare` of the room's own recent
   * frames (no segment open, not voice; over `steadyRoomWindowMs`) rose `steadyOverFloorDb` over the floor.
   * Measured on the tuned rooms: a fan or the water feature at most 0.08 (95th percentile), a running tap 0.04-0.09,
   * the kitchen 0.15-0.22 and rooms with other voices 0.16-0.20 (medians). 8 s, as the floor's window, because a
   * soft onset's own frames are over the floor and not yet voice: over 2-3 s one onset alone lifted the share by
   * about 0.1 and shut the gate on the cry it was for.
   * Not inside a segment (the hysteresis already asks less there): lifting those frames bridged the pauses of a
   * real infant's crying (tuned quiet: 1 merge became 3). 0 turns the correction off.
   */
  steadyRoomMaxShare: Unit;
  steadyRoomWindowMs: Ms;
  steadyOverFloorDb: number;
}

export const DEFAULT_VOICE_PARAMS: VoiceParams = {
  frameMs: 10,
  minSegmentMs: 100,
  mergeGapMs: 300,
  sensitivity: 0.5,
  maxAboveFloorDb: 14,
  minAboveFloorDb: 3,
  noiseFloorWindowMs: 8000,
  noiseFloorPercentile: 0.4,
  maxFloorOverLowWhilePlayingDb: 3,
  minClarity: 0.6,
  pitchWindowMs: 40,
  pitchMinHz: 75,
  pitchMaxHz: 2000,
  highPassHz: 70,
  levelOnsetLookbackMs: 50,
  onsetLookbackMs: 300,
  weakRunGapFrames: 2,
  weakBridgeFrames: 3,
  splitJumpDb: 12,
  splitMinPriorMs: 200,
  pitchGateBelowThresholdDb: 6,
  deepPitchMinHz: 50,
  deepWindowMs: 64,
  deepAboveFloorDb: 15,
  maxFloorOverLowDb: 5,
  otherVoicesGainDb: 10,
  otherVoicesWindowMs: 5000,
  otherVoicesFreeShare: 0.1,
  highBandWeight: 0,
  steadyRoomMaxShare: 0.1,
  steadyRoomWindowMs: 8000,
  steadyOverFloorDb: 3,
  sustainBelowThresholdDb: 5,
  sustainMinClarity: 0.55,
};

export interface AudioFeatureFrame {
  /** Start of the frame, from the first sample pushed. */
  tMs: Ms;
  /** With a gate, the level of what the gate's known sound does not explain. */
  levelDbfs: Dbfs;
  noiseFloorDbfs: Dbfs;
  thresholdDbfs: Dbfs;
  voiced: boolean;
  /** Null when the frame is aperiodic or too quiet to be worth analysing. */
  pitchHz: Hz | null;
  pitchConfidence: Unit;
  /** The gate said this frame is a known sound (always false without a gate). */
  explained: boolean;
}

/**
 * Outside knowledge about one frame, e.g. from the echo suppressor: what Attune itself is playing. The object
 * may be reused between calls.
 */
export interface FrameGate {
  /** The frame is explained by a known sound: it never starts or extends a segment. */
  explained: boolean;
  /**
   * dB of the frame's energy that the known sound accounts for (0: none). Taken off the level before the noise
   * floor, the threshold and the segment's peak see it, so a steady output cannot lift the floor over a voice.
   */
  knownShareDb: number;
}

/**
 * Asked once per frame, with the frame's index (0 for the first 10 ms pushed) and start time, before the voice
 * decision; `undefined` means "nothing known" (the frame is judged on its own, as without a gate).
 */
export type FrameGateSource = (frameIndex: number, tMs: Ms) => FrameGate | undefined;

export type FrameCallback = (f: AudioFeatureFrame) => void;
export type SegmentCallback = (s: VoiceSegment) => void;
export type SegmentStartCallback = (startMs: Ms) => void;

/**
 * The live voice path: level, adaptive noise floor, pitch, voice activity and segmenting, sample block by sample
 * block. All buffers are allocated in the constructor; `push` allocates nothing except the segment objects it
 * hands out. The frame passed to `onFrame` is one reused object: copy it to keep it.
 */
export class VoiceAnalyser {
  readonly params: VoiceParams;
  private readonly frameLen: number;
  private readonly hp1: Biquad;
  private readonly hp2: Biquad;
  private readonly dec: Decimator;
  private readonly pitch: McLeodPitch;
  private readonly deepPitch: McLeodPitch;
  private readonly pitchWindow: number;
  private readonly pitchRing: Float32Array;
  private readonly pitchLinear: Float32Array;
  private pitchHead = 0;
  private readonly floor: NoiseFloorTracker;
  private readonly segmenter: VoiceSegmenter;
  private calibratedFloor: Dbfs | null = null;
  private sensitivity: Unit;
  private frameIndex = 0;
  private inFrame = 0;
  private sumSq = 0;
  private lowSumSq = 0;
  private lowN = 0;
  /** The room's own mean power, whole band and under the decimator's cut, followed over quiet frames. */
  private roomPow = 0;
  private roomLowPow = 0;
  private aboveSinceMs: Ms | null = null;
  private weakSinceMs: Ms | null = null;
  private weakGapFrames = 0;
  private weakRunFrames = 0;
  /** Since when the level has been well over the open segment's peak (a louder sound starting inside it). */
  private riseSinceMs: Ms | null = null;
  /** Share of recent frames the gate claimed part of (Attune playing), over about the floor's window. */
  private gatedShare = 0;
  /** Share of the room's own frames that are periodic (see otherVoicesGainDb). */
  private roomPeriodicShare = 0;
  /** Share of the room's own frames `steadyOverFloorDb` over the floor, and how many frames it has seen. */
  private riseShare = 0;
  private roomFrames = 0;
  private readonly frame: AudioFeatureFrame = {
    tMs: 0,
    levelDbfs: SILENCE_DBFS,
    noiseFloorDbfs: SILENCE_DBFS,
    thresholdDbfs: SILENCE_DBFS,
    voiced: false,
    pitchHz: null,
    pitchConfidence: 0,
    explained: false,
  };
  /** Called with the onset time as soon as a segment is certain (minSegmentMs in), before it is final. */
  onSegmentStart: SegmentStartCallback | undefined;
  /** Optional per-frame gate (the echo gate of the live path); without it the analyser behaves as before. */
  gate: FrameGateSource | undefined;

  constructor(
    readonly sampleRate: Hz,
    params?: Partial<VoiceParams>,
  ) {
    if (!(sampleRate > 0) || !Number.isFinite(sampleRate))
      throw new RangeError(`bad sample rate ${sampleRate}`);
    const p = { ...DEFAULT_VOICE_PARAMS, ...params };
    this.params = p;
    this.sensitivity = p.sensitivity;
    this.frameLen = Math.max(1, Math.round((sampleRate * p.frameMs) / 1000));
    // Fourth-order Butterworth: a steep edge, so rumble under the lowest voice hardly reaches the level. With a
    // second-order one the floor of a rumbly room sat ~8 dB higher than in Chromium, whose own input high-pass
    // is that steep, and the same recording gave different segments in the browser and in the analyser.
    this.hp1 = Biquad.highPass(sampleRate, p.highPassHz, 0.5412);
    this.hp2 = Biquad.highPass(sampleRate, p.highPassHz, 1.3066);
    this.dec = new Decimator(sampleRate);
    const win = Math.max(16, Math.round((this.dec.outputRate * p.pitchWindowMs) / 1000));
    this.pitch = new McLeodPitch(this.dec.outputRate, win, {
      minHz: p.pitchMinHz,
      maxHz: p.pitchMaxHz,
      keyThreshold: 0.9,
    });
    const deepWin = Math.max(win, Math.round((this.dec.outputRate * p.deepWindowMs) / 1000));
    this.deepPitch = new McLeodPitch(this.dec.outputRate, deepWin, {
      minHz: p.deepPitchMinHz,
      maxHz: p.pitchMinHz * 1.05,
      keyThreshold: 0.9,
    });
    this.pitchWindow = win;
    // The ring holds the longer window; the main search reads its newest `win` samples.
    this.pitchRing = new Float32Array(deepWin);
    this.pitchLinear = new Float32Array(deepWin);
    this.floor = new NoiseFloorTracker(p.noiseFloorWindowMs / p.frameMs, p.noiseFloorPercentile);
    this.segmenter = new VoiceSegmenter({
      ...p,
      closeDelayMs: p.levelOnsetLookbackMs + p.weakRunGapFrames * p.frameMs,
    });
  }

  push(samples: Float32Array, onFrame?: FrameCallback, onSegment?: SegmentCallback): void {
    const n = samples.length;
    const frameLen = this.frameLen;
    const ring = this.pitchRing;
    const ringLen = ring.length;
    for (let i = 0; i < n; i++) {
      const x = samples[i] ?? 0;
      const y = this.hp2.process(this.hp1.process(x));
      this.sumSq += y * y;
      const d = this.dec.process(y);
      if (!Number.isNaN(d)) {
        this.lowSumSq += d * d;
        this.lowN++;
        ring[this.pitchHead] = d;
        this.pitchHead = this.pitchHead + 1 === ringLen ? 0 : this.pitchHead + 1;
      }
      if (++this.inFrame === frameLen) this.endFrame(onFrame, onSegment);
    }
  }

  flush(onSegment?: SegmentCallback): void {
    this.segmenter.flush(onSegment);
  }

  setSensitivity(s: Unit): void {
    this.sensitivity = s < 0 ? 0 : s > 1 ? 1 : s;
  }

  /**
   * Room check: the last `ms` (default 3 s, the panel's room check) were room noise. The floor statistic over
   * them becomes a lower bound for the adaptive floor, so a learner vocalising for long stretches afterwards
   * cannot pull the threshold under the room; a louder room still raises it. Returns the floor set.
   */
  calibrateNoiseFloor(ms: Ms = 3000): Dbfs {
    const frames = Math.max(1, Math.round(ms / this.params.frameMs));
    const f = this.floor.percentileOfLast(frames, this.params.noiseFloorPercentile);
    this.calibratedFloor = f;
    return f;
  }

  clearCalibration(): void {
    this.calibratedFloor = null;
  }

  get noiseFloorDbfs(): Dbfs {
    const f = this.floor;
    // While Attune plays most of the time, the frames left for the floor are the gaps between its sounds, and
    // the learner often fills those: then the floor stays near the low percentile that a voice cannot lift.
    const over =
      this.gatedShare > 0.5 ? this.params.maxFloorOverLowWhilePlayingDb : this.params.maxFloorOverLowDb;
    const a = Math.min(f.floor(), f.percentileOfLast(f.frames, 0.1) + over);
    return this.calibratedFloor !== null && this.calibratedFloor > a ? this.calibratedFloor : a;
  }

  /**
   * How unsteady the room is: the share of its own recent frames (no segment open, not voice) that rose
   * `steadyOverFloorDb` over the floor. 1 until a second of them has been heard.
   */
  get roomRiseShare(): Unit {
    return this.roomFrames < 1000 / this.params.frameMs ? 1 : this.riseShare;
  }

  get thresholdDbfs(): Dbfs {
    return this.noiseFloorDbfs + this.aboveFloor();
  }

  /** The threshold's offset over the floor: the sensitivity's, raised in a room with other voices. */
  private aboveFloor(): number {
    const p = this.params;
    const others = Math.max(0, this.roomPeriodicShare - p.otherVoicesFreeShare);
    return aboveFloorDb(this.sensitivity, p) + p.otherVoicesGainDb * others;
  }

  /**
   * How many dB the frame's level drops when what it adds over the room above the decimator's cut is weighed by
   * `highBandWeight`: about 0 for a vowel or a cry (nearly all under the cut), many for the hiss of an s.
   */
  private highBandDb(pow: number, lowPow: number): number {
    const extra = pow - this.roomPow;
    if (!(extra > 0) || !(pow > 0)) return 0;
    const share = Math.max(0, Math.min(1, (lowPow - this.roomLowPow) / extra));
    const w = this.params.highBandWeight;
    const weighed = this.roomPow + (share + w * (1 - share)) * extra;
    return weighed > 0 ? 10 * Math.log10(pow / weighed) : 0;
  }

  /**
   * Pitch over the newest window; where it finds no clear voice and `deepAllowed` (the level far over the room),
   * the deep search too (see deepPitchMinHz). The result is the detector's own reused object: read it at once.
   */
  private pitchNow(deepAllowed: boolean): PitchResult {
    const ring = this.pitchRing;
    const lin = this.pitchLinear;
    const len = ring.length;
    let k = 0;
    for (let j = this.pitchHead; j < len; j++) lin[k++] = ring[j] ?? 0;
    for (let j = 0; j < this.pitchHead; j++) lin[k++] = ring[j] ?? 0;
    const r = this.pitch.detect(lin.subarray(len - this.pitchWindow));
    if (r.clarity < this.params.minClarity && deepAllowed) {
      const deep = this.deepPitch.detect(lin);
      if (deep.pitchHz !== null && deep.clarity > r.clarity) return deep;
    }
    return r;
  }

  /** The clarity the voice decision uses: corrected for a steady room's share at an onset (steadyRoomMaxShare). */
  private onsetClarity(clarity: Unit, level: Dbfs, floor: Dbfs, lowPow: number): Unit {
    const p = this.params;
    if (
      clarity <= 0 ||
      this.segmenter.openSinceMs !== null ||
      level < floor + p.steadyOverFloorDb ||
      !(this.roomRiseShare < p.steadyRoomMaxShare) ||
      !(lowPow > this.roomLowPow)
    )
      return clarity;
    const gain = Math.min(2, lowPow / (lowPow - this.roomLowPow));
    return Math.min(1, clarity * gain);
  }

  /** The room's own statistics, from a frame of the room alone (no segment open, none of Attune's sound). */
  private followRoom(
    level: Dbfs,
    floor: Dbfs,
    threshold: Dbfs,
    clarity: Unit,
    voiced: boolean,
    pow: number,
    lowPow: number,
  ): void {
    const p = this.params;
    // Not the quiet frames for the periodic share: their pitch is not looked for.
    if (!voiced && level >= floor + 2) {
      const periodic = clarity >= p.minClarity ? 1 : 0;
      this.roomPeriodicShare += (periodic - this.roomPeriodicShare) * (p.frameMs / p.otherVoicesWindowMs);
    }
    if (!voiced) {
      // A running mean over the first window (so a second of kitchen already reads as one), then exponential.
      const k = Math.max(p.frameMs / p.steadyRoomWindowMs, 1 / ++this.roomFrames);
      const rose = level >= floor + p.steadyOverFloorDb ? 1 : 0;
      this.riseShare += (rose - this.riseShare) * k;
    }
    if (level < threshold) {
      const k = p.frameMs / 1000;
      this.roomPow += (pow - this.roomPow) * k;
      this.roomLowPow += (lowPow - this.roomLowPow) * k;
    }
  }

  private endFrame(onFrame?: FrameCallback, onSegment?: SegmentCallback): void {
    const p = this.params;
    const pow = this.sumSq / this.frameLen;
    const lowPow = this.lowN > 0 ? this.lowSumSq / this.lowN : pow;
    const rawLevel = powerToDbfs(pow);
    // dB to take off the frame's level for the voice decision (see highBandWeight).
    const highBandDb = this.highBandDb(pow, lowPow);
    this.lowSumSq = 0;
    this.lowN = 0;
    this.sumSq = 0;
    this.inFrame = 0;
    const tMs = this.frameIndex * p.frameMs;
    const gate = this.gate?.(this.frameIndex, tMs);
    this.frameIndex++;
    const known = gate !== undefined && gate.knownShareDb > 0 ? gate.knownShareDb : 0;
    const level = known > 0 ? Math.max(SILENCE_DBFS, rawLevel - known) : rawLevel;
    const explained = gate?.explained === true;
    const voiceLevel = level - highBandDb;
    // The floor is judged before this frame joins it, so a sudden loud onset is measured against the room.
    const floor = this.floor.frames > 0 ? this.noiseFloorDbfs : level;
    const threshold = floor + this.aboveFloor();

    let pitchHz: Hz | null = null;
    let clarity = 0;
    if (voiceLevel >= threshold - p.pitchGateBelowThresholdDb) {
      const r = this.pitchNow(level >= floor + p.deepAboveFloorDb);
      pitchHz = r.pitchHz;
      clarity = r.clarity;
    }
    if (level >= threshold) {
      if (this.aboveSinceMs === null) this.aboveSinceMs = tMs;
    } else {
      this.aboveSinceMs = null;
    }
    const vClarity = this.onsetClarity(clarity, level, floor, lowPow);
    // Inside a segment the hysteresis values apply (see sustainBelowThresholdDb).
    const weak =
      !explained &&
      isVoiced(voiceLevel, threshold - p.sustainBelowThresholdDb, vClarity, p.sustainMinClarity);
    if (weak) {
      if (this.weakSinceMs === null) {
        this.weakSinceMs = tMs;
        this.weakRunFrames = 0;
      }
      this.weakRunFrames++;
      this.weakGapFrames = 0;
    } else if (this.weakSinceMs !== null && ++this.weakGapFrames > p.weakRunGapFrames) {
      this.weakSinceMs = null;
    }
    const levelOnset =
      this.aboveSinceMs === null ? tMs : Math.max(this.aboveSinceMs, tMs - p.levelOnsetLookbackMs);
    const weakOnset = this.weakSinceMs === null ? tMs : Math.max(this.weakSinceMs, tMs - p.onsetLookbackMs);
    const onsetMs = Math.min(levelOnset, weakOnset);
    // A weak frame keeps a sounding segment going (within the weak run's gap allowance of its last voiced frame),
    // or continues it across a pause once its run is `weakBridgeFrames` long; anything else needs a full-strength
    // frame, which merges across a pause when its onset (moved back over the weak run) lands inside the merge gap.
    // A lone weak frame in the pause used to merge too: one frame of room noise a few dB over the floor that
    // looked periodic stretched a segment by 230 ms in the browser (whose high-pass leaves the room quieter).
    const sustains =
      this.segmenter.quietForMs(tMs) <= p.weakRunGapFrames * p.frameMs ||
      (this.weakRunFrames >= p.weakBridgeFrames && this.segmenter.wouldMerge(tMs, weakOnset));
    const voiced =
      (weak && sustains) || (!explained && isVoiced(voiceLevel, threshold, vClarity, p.minClarity));
    // A frame the gate claims part of does not join the floor: its level is the echo suppressor's estimate of the
    // room without Attune's sound, which can sit far under the room (the suppressor's cautious prior takes most
    // of a frame until it has measured the room) and drag the floor down: segments ran on by up to 0.5 s in the
    // browser. Holding the floor instead kept an early, wrong floor through every answer (up to 220 ms off).
    if (known === 0) this.floor.push(level);
    // Only the room's own sound counts: not a frame Attune's output is in (its answers are tones), not a frame
    // inside a segment.
    if (known === 0 && !explained && this.segmenter.openSinceMs === null)
      this.followRoom(level, floor, threshold, clarity, voiced, pow, lowPow);
    this.gatedShare +=
      (known > 0 ? 1 - this.gatedShare : -this.gatedShare) * (p.frameMs / p.noiseFloorWindowMs);

    const f = this.frame;
    f.tMs = tMs;
    f.levelDbfs = level;
    f.noiseFloorDbfs = floor;
    f.thresholdDbfs = threshold;
    f.voiced = voiced;
    f.pitchHz = pitchHz;
    f.pitchConfidence = clarity;
    f.explained = explained;
    onFrame?.(f);
    // A much louder sound starting inside the open segment (see splitJumpDb) ends it and opens its own.
    const seg = this.segmenter;
    const peak = seg.peakSoFar;
    if (level >= peak + p.splitJumpDb / 2) {
      if (this.riseSinceMs === null) this.riseSinceMs = tMs;
    } else {
      this.riseSinceMs = null;
    }
    const since = seg.openSinceMs;
    let segmentOnsetMs = onsetMs;
    let phonatedOnsetMs = weakOnset;
    if (
      voiced &&
      since !== null &&
      this.riseSinceMs !== null &&
      level >= peak + p.splitJumpDb &&
      this.riseSinceMs - since >= p.splitMinPriorMs
    ) {
      // Where the level rose by half the jump, but no more than 100 ms back: unvoiced frames of a slow swell do
      // not raise the peak, and the new segment must not reach back over them into the other sound.
      segmentOnsetMs = Math.max(this.riseSinceMs, tMs - p.levelOnsetLookbackMs * 2);
      seg.split(segmentOnsetMs, onSegment);
      phonatedOnsetMs = segmentOnsetMs;
    }
    seg.frame(tMs, voiced, level, pitchHz, segmentOnsetMs, this.onSegmentStart, onSegment, phonatedOnsetMs);
  }
}

export interface AnalyseOptions {
  /** Keep a copy of every frame (memory: ~100 objects a second). */
  frames?: boolean;
  /** Feed the analyser in blocks of this size, as the worklet does (default 128); results do not depend on it. */
  blockSize?: number;
}

export interface AnalyseResult {
  frames?: AudioFeatureFrame[];
  segments: VoiceSegment[];
  /** Onset times as the live path would have announced them, in order. */
  segmentStarts: Ms[];
}

/** Runs the live analyser over a whole recording: the offline analyser and the tests use exactly this path. */
export function analyseSamples(
  samples: Float32Array,
  sampleRate: Hz,
  params?: Partial<VoiceParams>,
  options: AnalyseOptions = {},
): AnalyseResult {
  const a = new VoiceAnalyser(sampleRate, params);
  const segments: VoiceSegment[] = [];
  const segmentStarts: Ms[] = [];
  const frames: AudioFeatureFrame[] | undefined = options.frames ? [] : undefined;
  a.onSegmentStart = (t) => segmentStarts.push(t);
  const onSeg = (s: VoiceSegment): void => {
    segments.push(s);
  };
  const onFrame = frames ? (f: AudioFeatureFrame) => frames.push({ ...f }) : undefined;
  const block = Math.max(1, options.blockSize ?? 128);
  for (let i = 0; i < samples.length; i += block) {
    a.push(samples.subarray(i, Math.min(samples.length, i + block)), onFrame, onSeg);
  }
  a.flush(onSeg);
  return frames ? { frames, segments, segmentStarts } : { segments, segmentStarts };
}
