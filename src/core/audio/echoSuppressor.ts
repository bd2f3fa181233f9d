/**
 * No self-echo: decides, per 10 ms frame, whether what the microphone hears is explained by Attune's own output.
 *
 * The app knows exactly what it played (the reference). The room delays it (up to ~200 ms of output latency,
 * input latency and distance), scales it by an unknown gain, colours it (speaker, room modes, reflections) and
 * adds its own noise. Per frame and per mel band this tracks:
 *   - the delay, as the peak of an exponentially weighted cross-correlation between the mic's and the reference's
 *     mean-removed log band energies over candidate lags (per band, so that a note changing band is a sharp event
 *     even under slow attacks); until that peak is clear, every lag is taken as possible (conservative);
 *   - a gain per band (the room's transfer at that band), which follows rises fast and falls slowly, so the
 *     prediction errs on the side of "this is echo";
 *   - a decaying hold on the prediction for the room's reverberant tail;
 *   - a noise floor per band (minimum tracking).
 * The part of the mic energy above predicted echo plus noise is the residual. A frame is `explained` when
 * the echo is audible and the residual is small (below the noise floor plus a margin). A voice over the output
 * (double talk) puts energy in bands the output does not fill and makes a large residual, so it is not explained.
 * Each frame also reports the echo's share of the mic energy (`echoShareDb`, per band: what is left once the
 * predicted echo is taken off, never below the band's noise).
 *
 * Consumers gate voice activity with both (see EchoGatedAnalyser): a frame that is `explained` never starts or
 * extends a vocal segment, and the voice path measures its level with the echo's share taken off.
 * Pure and block-based; all buffers are allocated in the constructor, `push` allocates nothing (AudioWorklet).
 */
import type { Dbfs, Hz, Ms } from '../units.ts';
import { applyMelBank, Fft, hannWindow, type MelBank, melBank, nextPowerOfTwo } from './fft.ts';
import { powerToDbfs } from './level.ts';

export interface EchoParams {
  /** Frame period; frames line up with the VoiceAnalyser's (frame k covers samples [k, k + 1) x frame). */
  frameMs: Ms;
  /** Spectral window, ending at the end of each frame. */
  windowMs: Ms;
  /** Largest output-to-input delay looked for. */
  maxDelayMs: Ms;
  /** Mel bands over [minHz, maxHz] (clipped to the Nyquist frequency). */
  bands: number;
  minHz: Hz;
  maxHz: Hz;
  /** Time constant of the delay correlation's memory. */
  delayMemoryMs: Ms;
  /** Per-frame change of log band energy is clipped to +-this (nepers) before correlating. */
  delayChangeClip: number;
  /** Reference frames (with output playing) before the delay may lock. */
  minDelayEvidenceFrames: number;
  /** The delay locks when the correlation peak stands this many standard deviations above the mean over lags. */
  delayLockZ: number;
  /** Once locked, lags from the estimate minus `lagsBefore` to plus `lagsAfter` (frames) are echo candidates. */
  lagsBefore: number;
  /** Later lags cover early reflections, which reach the microphone after the direct sound. */
  lagsAfter: number;
  /** Reverberant tail: the echo prediction decays no faster than this per frame. */
  tailDecayDbPerFrame: number;
  /** Per-band gain at start (above the truth is safe: it only means "echo" until it has learnt the room). */
  initialGainDb: number;
  /** Per-frame smoothing when the measured gain is above the estimate (rises fast). */
  gainRise: number;
  /** Per-frame smoothing when the measured gain is below the estimate (falls slowly). */
  gainFall: number;
  /** A band's gain is measured only where the reference is within this of its loudest band in that frame. */
  gainBandRangeDb: number;
  /** The predicted echo is scaled up by this before it is subtracted. */
  echoMarginDb: number;
  /** Noise floor per band: rise per frame when the band is above it (dB). */
  noiseRiseDbPerFrame: number;
  /** The noise floor is scaled up by this before it is subtracted. */
  noiseMarginDb: number;
  /** Output is "audible" when predicted echo is at least this far above the noise floor (dB, may be negative). */
  echoAudibleDb: number;
  /** A residual this far above the noise floor counts as a sound of its own ... */
  residualAboveNoiseDb: number;
  /**
   * ... unless it is still this far below the predicted echo (prediction error of a loud echo). Kept far down
   * (60 dB): at 25 dB a voice 10-20 dB under the echo was "explained" in most frames. Prediction errors of the
   * echo are handled by the voice path instead, which sees the level with the echo's share taken off
   * (`echoShareDb`), so a small error cannot reach its threshold.
   */
  residualBelowEchoDb: number;
  /** Reference frames below this level are silence (no output playing). */
  referenceSilenceDbfs: Dbfs;
}

export const DEFAULT_ECHO_PARAMS: Readonly<EchoParams> = Object.freeze({
  frameMs: 10,
  windowMs: 20,
  maxDelayMs: 250,
  bands: 64,
  minHz: 60,
  maxHz: 8000,
  delayMemoryMs: 4000,
  delayChangeClip: 2,
  minDelayEvidenceFrames: 150,
  delayLockZ: 2.5,
  lagsBefore: 1,
  lagsAfter: 1,
  tailDecayDbPerFrame: 1.5,
  initialGainDb: 10,
  gainRise: 0.5,
  gainFall: 0.005,
  gainBandRangeDb: 30,
  echoMarginDb: 6,
  noiseRiseDbPerFrame: 0.05,
  noiseMarginDb: 3,
  echoAudibleDb: 0,
  residualAboveNoiseDb: 8,
  residualBelowEchoDb: 60,
  referenceSilenceDbfs: -90,
});

/** One frame's decision. The object is reused between callbacks: copy it to keep it. */
export interface EchoFrame {
  /** Start of the frame, from the first sample pushed. */
  tMs: Ms;
  /** True when the mic energy is explained by Attune's own output: never start or extend a segment here. */
  explained: boolean;
  /** Predicted echo level in this frame. */
  echoDbfs: Dbfs;
  /** Level of what neither the echo nor the noise floor explains. */
  residualDbfs: Dbfs;
  /**
   * How much of the frame's energy the predicted echo accounts for, in dB (0: none). The voice path takes it
   * off its level, so that its noise floor and threshold follow the room and not Attune's own output, and a
   * voice in bands the output leaves free still crosses the threshold.
   */
  echoShareDb: number;
  /** Current delay estimate, null until the correlation has locked. */
  delayMs: Ms | null;
}

export type EchoFrameCallback = (f: EchoFrame) => void;

const TINY = 1e-12;

export class EchoSuppressor {
  readonly params: Readonly<EchoParams>;
  readonly sampleRate: Hz;
  private readonly hop: number;
  private readonly windowLength: number;
  private readonly fft: Fft;
  private readonly window: Float64Array;
  private readonly bank: MelBank;
  private readonly nb: number;
  private readonly lags: number;
  /** Power spectrum of a windowed frame -> mean square of the frame. */
  private readonly powerScale: number;

  // Sample history (last window) for mic and reference, linearised for the FFT.
  private readonly micHistory: Float32Array;
  private readonly refHistory: Float32Array;
  private filled = 0;
  private frameIndex = 0;

  private readonly power: Float64Array;
  private readonly micBands: Float64Array;
  private readonly refBands: Float64Array;
  /** Ring of reference band energies: lags x bands (row = frame). */
  private readonly refRing: Float64Array;
  /** Ring of the reference's mean-removed log band energies, for the correlation. */
  private readonly refLogRing: Float64Array;
  private ringHead = 0;
  /** Last frame's log band energies (the change is what is correlated). */
  private readonly refMean: Float64Array;
  private readonly micMean: Float64Array;
  private readonly micLog: Float64Array;
  private readonly correlation: Float64Array;
  private evidenceFrames = 0;
  private lockedLag = -1;

  private readonly gain: Float64Array;
  private readonly hold: Float64Array;
  private readonly noise: Float64Array;
  private readonly predicted: Float64Array;
  private noiseStarted = false;

  private readonly frame: EchoFrame = {
    tMs: 0,
    explained: false,
    echoDbfs: -120,
    residualDbfs: -120,
    echoShareDb: 0,
    delayMs: null,
  };

  constructor(sampleRate: Hz, params: Partial<EchoParams> = {}) {
    if (!(sampleRate > 0) || !Number.isFinite(sampleRate))
      throw new RangeError(`bad sample rate ${sampleRate}`);
    this.params = { ...DEFAULT_ECHO_PARAMS, ...params };
    const p = this.params;
    this.sampleRate = sampleRate;
    this.hop = Math.max(1, Math.round((sampleRate * p.frameMs) / 1000));
    this.windowLength = Math.max(this.hop, Math.round((sampleRate * p.windowMs) / 1000));
    this.fft = new Fft(nextPowerOfTwo(this.windowLength));
    this.window = hannWindow(this.windowLength);
    let w2 = 0;
    for (let i = 0; i < this.windowLength; i++) w2 += (this.window[i] as number) ** 2;
    // Parseval: sum |X_k|^2 over the two-sided spectrum = N * sum (x w)^2; one-sided bands count each bin once.
    this.powerScale = 2 / (this.fft.size * w2);
    this.bank = melBank(p.bands, p.minHz, Math.min(p.maxHz, sampleRate * 0.45), this.fft.size, sampleRate);
    this.nb = p.bands;
    this.lags = Math.ceil(p.maxDelayMs / p.frameMs) + p.lagsAfter + 1;
    this.micHistory = new Float32Array(this.windowLength);
    this.refHistory = new Float32Array(this.windowLength);
    this.power = new Float64Array(this.fft.bins);
    this.micBands = new Float64Array(this.nb);
    this.refBands = new Float64Array(this.nb);
    this.refRing = new Float64Array(this.lags * this.nb);
    this.refLogRing = new Float64Array(this.lags * this.nb);
    this.refMean = new Float64Array(this.nb);
    this.micMean = new Float64Array(this.nb);
    this.micLog = new Float64Array(this.nb);
    this.correlation = new Float64Array(this.lags);
    this.gain = new Float64Array(this.nb).fill(10 ** (p.initialGainDb / 10));
    this.hold = new Float64Array(this.nb);
    this.noise = new Float64Array(this.nb);
    this.predicted = new Float64Array(this.nb);
  }

  /** Current delay estimate in ms, null until locked. */
  get delayMs(): Ms | null {
    return this.lockedLag < 0 ? null : this.lockedLag * this.params.frameMs;
  }

  /** Per-band gain estimates in dB (for diagnostics and tests). */
  gainsDb(out: Float64Array = new Float64Array(this.nb)): Float64Array {
    for (let b = 0; b < this.nb; b++) out[b] = 10 * Math.log10((this.gain[b] as number) + TINY);
    return out;
  }

  /**
   * Feeds one block of microphone samples and the reference (what Attune played, same rate, same length, same
   * moment of the audio clock). Calls `onFrame` once per completed 10 ms frame.
   */
  push(mic: Float32Array, reference: Float32Array, onFrame: EchoFrameCallback): void {
    if (mic.length !== reference.length) throw new RangeError('mic and reference blocks differ in length');
    const wl = this.windowLength;
    const mh = this.micHistory;
    const rh = this.refHistory;
    for (let i = 0; i < mic.length; i++) {
      // Shift-free history: write at the end of a sliding window. The window is small (20 ms), so a copy per
      // frame (below) is cheaper than a ring with wrap-around reads for the FFT.
      mh[wl - this.hop + this.filled] = mic[i] as number;
      rh[wl - this.hop + this.filled] = reference[i] as number;
      if (++this.filled === this.hop) {
        this.endFrame(onFrame);
        mh.copyWithin(0, this.hop);
        rh.copyWithin(0, this.hop);
        this.filled = 0;
      }
    }
  }

  private endFrame(onFrame: EchoFrameCallback): void {
    const p = this.params;
    const nb = this.nb;
    const scale = this.powerScale;
    const tMs = this.frameIndex * p.frameMs;
    this.frameIndex++;

    // Band energies (mean-square units) of this frame's mic and reference windows.
    this.fft.powerSpectrum(this.micHistory, 0, this.windowLength, this.window, this.power);
    applyMelBank(this.bank, this.power, this.micBands);
    const head = this.ringHead;
    const refRow = head * nb;
    this.fft.powerSpectrum(this.refHistory, 0, this.windowLength, this.window, this.power);
    applyMelBank(this.bank, this.power, this.refBands);
    let refTotal = 0;
    for (let b = 0; b < nb; b++) {
      const r = (this.refBands[b] as number) * scale;
      this.refRing[refRow + b] = r;
      refTotal += r;
      this.micBands[b] = (this.micBands[b] as number) * scale;
    }
    const refActive = powerToDbfs(refTotal) > p.referenceSilenceDbfs;

    // Noise floor per band: follows the mic down at once, rises slowly.
    const rise = 10 ** (p.noiseRiseDbPerFrame / 10);
    for (let b = 0; b < nb; b++) {
      const m = this.micBands[b] as number;
      const n = this.noise[b] as number;
      this.noise[b] = !this.noiseStarted || m < n ? m : n * rise;
    }
    this.noiseStarted = true;

    this.updateDelay(refActive, head);

    // Predicted echo per band: gain x the loudest reference over the candidate lags, held over the tail.
    const lags = this.lags;
    let from = 0;
    let to = lags - 1;
    if (this.lockedLag >= 0) {
      from = Math.max(0, this.lockedLag - p.lagsBefore);
      to = Math.min(lags - 1, this.lockedLag + p.lagsAfter);
    }
    const decay = 10 ** (-p.tailDecayDbPerFrame / 10);
    const margin = 10 ** (p.echoMarginDb / 10);
    const gainRange = 10 ** (-p.gainBandRangeDb / 10);
    let echo = 0;
    let residual = 0;
    let noiseTotal = 0;
    let micTotal = 0;
    let cleanTotal = 0;
    let refAtLagMax = 0;
    for (let b = 0; b < nb; b++) {
      let r = 0;
      for (let l = from; l <= to; l++) {
        const row = (head - l + lags) % lags;
        const v = this.refRing[row * nb + b] as number;
        if (v > r) r = v;
      }
      this.predicted[b] = r;
      if (r > refAtLagMax) refAtLagMax = r;
    }
    const noiseMargin = 10 ** (p.noiseMarginDb / 10);
    for (let b = 0; b < nb; b++) {
      const r = this.predicted[b] as number;
      const e = Math.max((this.gain[b] as number) * r * margin, (this.hold[b] as number) * decay);
      this.hold[b] = e;
      const m = this.micBands[b] as number;
      const n = (this.noise[b] as number) * noiseMargin;
      echo += e;
      noiseTotal += n;
      residual += Math.max(0, m - e - n);
      micTotal += m;
      // What is left of the band once the echo is taken away; never below the band's own noise, so that the
      // voice path's floor still sees the room.
      const bandNoise = this.noise[b] as number;
      cleanTotal += Math.max(m - e, Math.min(m, bandNoise));
    }
    const audible = echo > noiseTotal * 10 ** (p.echoAudibleDb / 10);
    const residualLimit = Math.max(
      noiseTotal * 10 ** (p.residualAboveNoiseDb / 10),
      echo * 10 ** (-p.residualBelowEchoDb / 10),
    );
    const explained = audible && residual < residualLimit;

    // Learn the room's gain per band where the reference is strong, from the mic minus its noise.
    if (refAtLagMax > 0) {
      for (let b = 0; b < nb; b++) {
        const r = this.predicted[b] as number;
        if (r < refAtLagMax * gainRange || r <= TINY) continue;
        const m = Math.max(TINY, (this.micBands[b] as number) - (this.noise[b] as number));
        const target = Math.log(m / r);
        const g = Math.log(this.gain[b] as number);
        // Rises are trusted at once only when the frame is echo; a voice over the output rises slowly.
        const k = target > g ? (explained ? p.gainRise : p.gainRise * 0.1) : p.gainFall;
        this.gain[b] = Math.exp(g + k * (target - g));
      }
    }

    this.ringHead = (head + 1) % lags;
    const f = this.frame;
    f.tMs = tMs;
    f.explained = explained;
    f.echoDbfs = powerToDbfs(echo);
    f.residualDbfs = powerToDbfs(residual);
    f.echoShareDb =
      micTotal > TINY && cleanTotal < micTotal ? 10 * Math.log10(micTotal / Math.max(TINY, cleanTotal)) : 0;
    f.delayMs = this.delayMs;
    onFrame(f);
  }

  /**
   * Cross-correlation of the frame-to-frame changes of log band energy (onsets and offsets per band, which are
   * sharp in time even when the output's envelopes are slow), mic now against reference `lag` frames ago.
   */
  private updateDelay(refActive: boolean, head: number): void {
    const p = this.params;
    const nb = this.nb;
    const lags = this.lags;
    const floor = 10 ** (p.referenceSilenceDbfs / 10);
    const clip = p.delayChangeClip;
    for (let b = 0; b < nb; b++) {
      const lr = Math.log((this.refRing[head * nb + b] as number) + floor);
      const lm = Math.log((this.micBands[b] as number) + (this.noise[b] as number) + TINY);
      const dr = lr - (this.refMean[b] as number);
      const dm = lm - (this.micMean[b] as number);
      this.refMean[b] = lr;
      this.micMean[b] = lm;
      this.refLogRing[head * nb + b] = Math.min(clip, Math.max(-clip, dr));
      this.micLog[b] = Math.min(clip, Math.max(-clip, dm));
    }
    if (!refActive) return;
    this.evidenceFrames++;
    const forget = 1 - p.frameMs / p.delayMemoryMs;
    let best = 0;
    let bestValue = -Infinity;
    let sum = 0;
    let sumSq = 0;
    const maxLag = Math.ceil(p.maxDelayMs / p.frameMs);
    for (let l = 0; l <= maxLag; l++) {
      const row = ((head - l + lags) % lags) * nb;
      let c = 0;
      for (let b = 0; b < nb; b++) c += (this.micLog[b] as number) * (this.refLogRing[row + b] as number);
      const v = forget * (this.correlation[l] as number) + c;
      this.correlation[l] = v;
      sum += v;
      sumSq += v * v;
      if (v > bestValue) {
        bestValue = v;
        best = l;
      }
    }
    const n = maxLag + 1;
    const mean = sum / n;
    const sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    if (
      this.evidenceFrames >= p.minDelayEvidenceFrames &&
      sd > 0 &&
      (bestValue - mean) / sd >= p.delayLockZ
    ) {
      this.lockedLag = best;
    }
  }
}
