/**
 * Whose voice: enrolment of the learner's and the practitioner's voices, then each vocal segment attributed to
 * learner, practitioner or unknown, with a confidence.
 *
 * Model: per party, a diagonal-covariance Gaussian mixture over the frame cepstra of the voiceprint (the classic
 * text-independent speaker model, which works on short segments because every 10 ms frame votes), plus a
 * Gaussian over log2 F0. A segment's score under a party is its mean per-frame log-likelihood; the log-likelihood
 * ratio between the two parties decides, live cues (whose mouth moves) shift it, and a segment that neither model
 * explains about as well as that party's own held-out enrolment speech is `unknown` (another child, a visitor).
 *
 * Enrolment fits the "how well does my own voice score" statistics by two-fold cross-fitting (train on one half
 * of the enrolment, score the other), so the unknown test is not fooled by in-sample scores.
 *
 * A manual correction (the practitioner's hotkey) relabels a recent segment and, optionally, adapts the chosen
 * party's model towards it (MAP adaptation of the mixture means; the standard way to adapt a speaker GMM).
 * The model serialises to plain JSON, to be stored per learner.
 */
import type { Party } from '../events.ts';
import type { Hz, Ms, Unit } from '../units.ts';
import {
  concatVoiceprints,
  DEFAULT_VOICEPRINT_PARAMS,
  type Voiceprint,
  VoiceprintExtractor,
  type VoiceprintParams,
} from './voiceprint.ts';

/** The two parties a voice can be enrolled for. */
export type VoiceParty = Extract<Party, 'learner' | 'practitioner'>;
export const VOICE_PARTIES: readonly VoiceParty[] = ['learner', 'practitioner'];

export interface AttributionParams {
  /** Mixture components per party (fewer when the enrolment is short: at least `framesPerComponent` each). */
  components: number;
  /** Minimum enrolment frames per mixture component. */
  framesPerComponent: number;
  /** EM iterations when training a mixture. */
  emIterations: number;
  /** Variance floor per dimension, as a fraction of the enrolment's overall variance in that dimension. */
  varianceFloor: number;
  /** Weight of the mean pitch log-likelihood against the mean cepstral log-likelihood. */
  pitchWeight: number;
  /** Lowest per-frame pitch log-likelihood (nats): a squeal far above the enrolment is not a veto. */
  pitchFloorNats: number;
  /** Smallest pitch spread of a party's model, in octaves. */
  minPitchSdOctaves: number;
  /**
   * Log-odds per nat of mean per-frame log-likelihood ratio, for a segment of `referenceFrames` or more.
   * Calibrated on the synthetic voices of the tests (errors cluster below 3 nats per frame).
   */
  llrScale: number;
  /** Shorter segments weigh less, by sqrt(frames / referenceFrames); longer ones no more (frames correlate). */
  referenceFrames: number;
  /** Frames per chunk when measuring how well held-out enrolment speech scores. */
  fitChunkFrames: number;
  /**
   * A segment fits a party when its score is at most this many held-out standard deviations below the held-out
   * mean (the deviation scaled up for segments shorter than a chunk). 3, not 2: a learner's loud "ooh" or
   * "oh oh oh", sounds their few seconds of enrolment barely had, fitted neither model at 2 and came out `unknown`
   * in every enrolment room; the visitor an octave below stays `unknown` (12-13 of 14) at 3.
   */
  fitSd: number;
  /** ... or at most this many nats per frame below it, whichever is looser. */
  fitMarginNats: number;
  /** Log-odds added for the one party whose model fits when the other does not. */
  fitLogOdds: number;
  /** Log-odds a live cue adds (one party's mouth moving and not the other's). */
  cueLogOdds: number;
  /**
   * Below this confidence the answer is `unknown`. At 0.5 a voice that fits a model always gets the likelier
   * party (its confidence says how sure): `unknown` is kept for a voice that fits neither model (someone else),
   * since an unsure "unknown" between two enrolled voices was wrong as often as not on the soft segments and
   * gave the person correcting nothing to go on. Measured on the synthetic pairs: 0.6 gave 8 unknowns of 112
   * on the two hard pairs, 0.5 gives 1.
   */
  minConfidence: Unit;
  /** Fewer voiced frames than this in a segment: `unknown`. */
  minFrames: number;
  /** Fewer frames than this in an enrolment is refused. */
  minEnrolFrames: number;
  /** MAP relevance factor: how many frames of evidence the existing model counts as when adapting. */
  adaptRelevance: number;
  /** Recent attributions kept for correction. */
  historySize: number;
  /**
   * A segment whose median F0 lies more than this many octaves under a party's enrolled pitch (its mean minus
   * `pitchLowSd` deviations) does not fit that party. Asymmetric on purpose: a learner squeals far above the
   * pitch they were enrolled at, but no voice speaks much below its own range, so a voice an octave under
   * everyone enrolled (a visiting man) is someone else.
   */
  maxOctavesBelow: number;
  pitchLowSd: number;
}

export const DEFAULT_ATTRIBUTION_PARAMS: Readonly<AttributionParams> = Object.freeze({
  components: 8,
  framesPerComponent: 25,
  emIterations: 25,
  varianceFloor: 0.02,
  pitchWeight: 1,
  pitchFloorNats: -6,
  minPitchSdOctaves: 0.08,
  llrScale: 0.7,
  referenceFrames: 50,
  fitChunkFrames: 30,
  fitSd: 3,
  fitMarginNats: 4,
  fitLogOdds: 2,
  cueLogOdds: 2,
  minConfidence: 0.5,
  minFrames: 5,
  minEnrolFrames: 100,
  adaptRelevance: 16,
  historySize: 16,
  maxOctavesBelow: 0.5,
  pitchLowSd: 2,
});

/** Live cues from other senses; undefined means "not known" and shifts nothing. */
export interface LiveCues {
  /** The learner's mouth is moving (vision). */
  mouthMovingLearner?: boolean;
  /** The practitioner's mouth is moving (vision). */
  mouthMovingPractitioner?: boolean;
}

export interface Attribution {
  /** Identifies this attribution for a later correction. */
  id: number;
  party: Extract<Party, 'learner' | 'practitioner' | 'unknown'>;
  /** Confidence in `party` (for unknown: how far the best model is from fitting). */
  confidence: Unit;
  /** Mean per-frame score under each enrolled party (nats); null when that party is not enrolled. */
  scores: Record<VoiceParty, number | null>;
  /** Whether each party's model explains the segment about as well as its own held-out speech. */
  fits: Record<VoiceParty, boolean>;
  /** Log-odds learner vs practitioner from the voice alone and from the cues. */
  acousticLogOdds: number;
  cueLogOdds: number;
  /** Frames of voice the decision rests on. */
  frames: number;
  /** True when a person set the label. */
  corrected: boolean;
}

/** A diagonal Gaussian mixture, flat arrays: means and variances are components x dim, row-major. */
interface Gmm {
  dim: number;
  weights: Float64Array;
  means: Float64Array;
  variances: Float64Array;
}

interface PartyModel {
  gmm: Gmm;
  /** Gaussian over log2 F0 of the voiced frames; null when the enrolment had no pitch. */
  pitch: { mean: number; sd: number } | null;
  /** Held-out score statistics, per frame, measured on chunks of `fitChunkFrames`. */
  fit: { mean: number; sd: number };
  enrolledFrames: number;
  adaptedFrames: number;
}

export interface PartyModelJson {
  dim: number;
  weights: number[];
  means: number[];
  variances: number[];
  pitch: { mean: number; sd: number } | null;
  fit: { mean: number; sd: number };
  enrolledFrames: number;
  adaptedFrames: number;
}

/**
 * The stored model's format. Version 2: features taken at one internal rate (`features.analysisRateHz`) whatever
 * the device's. Version 1 models were made at the device's own rate and do not say which it was; a browser's 48 or
 * 44.1 kHz features are not the ones version 2 computes, so such a model would score every segment a little wrong
 * without any sign of it. Version 1 is therefore refused (the voices must be enrolled again) rather than migrated:
 * the model keeps no audio to recompute features from.
 */
export const VOICE_MODEL_VERSION = 2;

/** What is stored per learner. Feature parameters travel with the model: a model only scores its own features. */
export interface VoiceModelJson {
  kind: 'attune-voice-model';
  version: typeof VOICE_MODEL_VERSION;
  features: VoiceprintParams;
  parties: Partial<Record<VoiceParty, PartyModelJson>>;
}

/**
 * True when a stored model can be loaded by this version. False for anything else, notably a version 1 model
 * (see VOICE_MODEL_VERSION), which the caller should treat as "enrol again", not as enrolled.
 */
export function isCurrentVoiceModel(json: unknown): json is VoiceModelJson {
  if (typeof json !== 'object' || json === null) return false;
  const j = json as Partial<Record<keyof VoiceModelJson, unknown>>;
  if (j.kind !== 'attune-voice-model' || j.version !== VOICE_MODEL_VERSION) return false;
  const features = j.features as Partial<VoiceprintParams> | undefined;
  return typeof features === 'object' && features !== null && typeof features.analysisRateHz === 'number';
}

export interface EnrolmentReport {
  party: VoiceParty;
  frames: number;
  components: number;
  medianPitchHz: Hz | null;
  voiceMs: Ms;
}

const LOG_2PI = Math.log(2 * Math.PI);

function logSumExp(values: Float64Array, n: number): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if ((values[i] as number) > max) max = values[i] as number;
  if (max === -Infinity) return max;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp((values[i] as number) - max);
  return max + Math.log(s);
}

/** Per-component log(weight) + log N(x) for one frame, into `out`. */
function componentLogs(g: Gmm, x: Float64Array, offset: number, out: Float64Array): void {
  const k = g.weights.length;
  const d = g.dim;
  for (let c = 0; c < k; c++) {
    let s = Math.log((g.weights[c] as number) + 1e-300);
    for (let j = 0; j < d; j++) {
      const v = g.variances[c * d + j] as number;
      const diff = (x[offset + j] as number) - (g.means[c * d + j] as number);
      s -= 0.5 * (LOG_2PI + Math.log(v) + (diff * diff) / v);
    }
    out[c] = s;
  }
}

/** Mean per-frame log-likelihood of frames [from, to) of `x` (flat, dim per row). */
function meanLogLikelihood(g: Gmm, x: Float64Array, rows: readonly number[]): number {
  const tmp = new Float64Array(g.weights.length);
  let s = 0;
  for (const r of rows) {
    componentLogs(g, x, r * g.dim, tmp);
    s += logSumExp(tmp, g.weights.length);
  }
  return rows.length > 0 ? s / rows.length : Number.NaN;
}

/** A small deterministic generator, so that training is reproducible. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function trainGmm(x: Float64Array, dim: number, rows: readonly number[], params: AttributionParams): Gmm {
  const n = rows.length;
  const k = Math.max(1, Math.min(params.components, Math.floor(n / params.framesPerComponent)));
  // Overall mean and variance, for the floor.
  const mean = new Float64Array(dim);
  const variance = new Float64Array(dim);
  for (const r of rows)
    for (let j = 0; j < dim; j++) mean[j] = (mean[j] as number) + (x[r * dim + j] as number) / n;
  for (const r of rows) {
    for (let j = 0; j < dim; j++) {
      const d = (x[r * dim + j] as number) - (mean[j] as number);
      variance[j] = (variance[j] as number) + (d * d) / n;
    }
  }
  const floor = new Float64Array(dim);
  for (let j = 0; j < dim; j++) floor[j] = Math.max(1e-6, (variance[j] as number) * params.varianceFloor);

  // k-means++ initialisation (seeded), then a few k-means passes, then EM.
  const rand = lcg(12345 + n);
  const means = new Float64Array(k * dim);
  const first = rows[Math.floor(rand() * n)] as number;
  means.set(x.subarray(first * dim, first * dim + dim), 0);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i] as number;
      let d2 = 0;
      for (let j = 0; j < dim; j++)
        d2 += ((x[r * dim + j] as number) - (means[(c - 1) * dim + j] as number)) ** 2;
      if (d2 < (nearest[i] as number)) nearest[i] = d2;
      total += nearest[i] as number;
    }
    let pick = rand() * total;
    let chosen = rows[n - 1] as number;
    for (let i = 0; i < n; i++) {
      pick -= nearest[i] as number;
      if (pick <= 0) {
        chosen = rows[i] as number;
        break;
      }
    }
    means.set(x.subarray(chosen * dim, chosen * dim + dim), c * dim);
  }
  const g: Gmm = {
    dim,
    weights: new Float64Array(k).fill(1 / k),
    means,
    variances: new Float64Array(k * dim),
  };
  for (let c = 0; c < k; c++) g.variances.set(variance, c * dim);

  const resp = new Float64Array(k);
  const nk = new Float64Array(k);
  const sx = new Float64Array(k * dim);
  const sxx = new Float64Array(k * dim);
  for (let it = 0; it < params.emIterations; it++) {
    nk.fill(0);
    sx.fill(0);
    sxx.fill(0);
    for (const r of rows) {
      componentLogs(g, x, r * dim, resp);
      const total = logSumExp(resp, k);
      for (let c = 0; c < k; c++) {
        const p = Math.exp((resp[c] as number) - total);
        if (p < 1e-8) continue;
        nk[c] = (nk[c] as number) + p;
        for (let j = 0; j < dim; j++) {
          const v = x[r * dim + j] as number;
          sx[c * dim + j] = (sx[c * dim + j] as number) + p * v;
          sxx[c * dim + j] = (sxx[c * dim + j] as number) + p * v * v;
        }
      }
    }
    for (let c = 0; c < k; c++) {
      const w = nk[c] as number;
      if (w < 1e-3) {
        // An empty component: reseed it on a random frame, keep the overall variance.
        const r = rows[Math.floor(rand() * n)] as number;
        g.means.set(x.subarray(r * dim, r * dim + dim), c * dim);
        g.variances.set(variance, c * dim);
        g.weights[c] = 1 / n;
        continue;
      }
      g.weights[c] = w / n;
      for (let j = 0; j < dim; j++) {
        const m = (sx[c * dim + j] as number) / w;
        g.means[c * dim + j] = m;
        g.variances[c * dim + j] = Math.max(floor[j] as number, (sxx[c * dim + j] as number) / w - m * m);
      }
    }
    let wsum = 0;
    for (let c = 0; c < k; c++) wsum += g.weights[c] as number;
    for (let c = 0; c < k; c++) g.weights[c] = (g.weights[c] as number) / wsum;
  }
  return g;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function fitPitch(v: Voiceprint, rows: readonly number[], params: AttributionParams): PartyModel['pitch'] {
  const values: number[] = [];
  for (const r of rows) {
    const lp = v.logPitch[r] as number;
    if (!Number.isNaN(lp)) values.push(lp);
  }
  if (values.length < 10) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.max(params.minPitchSdOctaves, Math.sqrt(variance)) };
}

/** Mean per-frame score of some frames of a voiceprint under a party's model: cepstra plus weighted pitch. */
function score(
  gmm: Gmm,
  pitch: PartyModel['pitch'],
  v: Voiceprint,
  rows: readonly number[],
  params: AttributionParams,
): number {
  const cep = meanLogLikelihood(gmm, v.cepstra, rows);
  if (pitch === null || params.pitchWeight === 0) return cep;
  let s = 0;
  for (const r of rows) {
    const lp = v.logPitch[r] as number;
    // Frames without a pitch score as a typical frame of the model would, so they neither help nor hurt.
    const z = Number.isNaN(lp) ? 1 : (lp - pitch.mean) / pitch.sd;
    const ll = -0.5 * (LOG_2PI + z * z) - Math.log(pitch.sd);
    s += Math.max(params.pitchFloorNats, ll);
  }
  return cep + (params.pitchWeight * s) / Math.max(1, rows.length);
}

function buildPartyModel(v: Voiceprint, params: AttributionParams): PartyModel {
  const all = range(0, v.frames);
  // Two-fold cross-fitting on alternating blocks of whole chunks: each half scored by a model of the other.
  const chunk = params.fitChunkFrames;
  const halves: [number[], number[]] = [[], []];
  const chunks: [number[][], number[][]] = [[], []];
  for (let start = 0, i = 0; start + chunk <= v.frames; start += chunk, i++) {
    const rows = range(start, start + chunk);
    halves[i % 2]?.push(...rows);
    chunks[i % 2]?.push(rows);
  }
  const chunkScores: number[] = [];
  for (const h of [0, 1] as const) {
    const train = halves[h];
    const test = chunks[1 - h];
    if (train === undefined || test === undefined || train.length < params.framesPerComponent) continue;
    const gmm = trainGmm(v.cepstra, v.dim, train, params);
    const pitch = fitPitch(v, train, params);
    for (const rows of test) chunkScores.push(score(gmm, pitch, v, rows, params));
  }
  const gmm = trainGmm(v.cepstra, v.dim, all, params);
  const pitch = fitPitch(v, all, params);
  if (chunkScores.length < 2) {
    // Too short to cross-fit: fall back on in-sample chunk scores, which are optimistic.
    chunkScores.length = 0;
    for (let start = 0; start + chunk <= v.frames; start += chunk) {
      chunkScores.push(score(gmm, pitch, v, range(start, start + chunk), params));
    }
  }
  const mean = chunkScores.reduce((a, b) => a + b, 0) / Math.max(1, chunkScores.length);
  const sd = Math.sqrt(
    chunkScores.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, chunkScores.length - 1),
  );
  return { gmm, pitch, fit: { mean, sd: Math.max(0.1, sd) }, enrolledFrames: v.frames, adaptedFrames: 0 };
}

/** True when the segment's median pitch is under the party's range by more than `maxOctavesBelow`. */
function tooLow(pitch: PartyModel['pitch'], v: Voiceprint, params: AttributionParams): boolean {
  if (pitch === null) return false;
  const values: number[] = [];
  for (let i = 0; i < v.frames; i++) {
    const lp = v.logPitch[i] as number;
    if (!Number.isNaN(lp)) values.push(lp);
  }
  // Too few pitched frames to say anything about the voice's register.
  if (values.length < 5) return false;
  values.sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)] as number;
  return median < pitch.mean - params.pitchLowSd * pitch.sd - params.maxOctavesBelow;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function toJsonModel(m: PartyModel): PartyModelJson {
  return {
    dim: m.gmm.dim,
    weights: Array.from(m.gmm.weights),
    means: Array.from(m.gmm.means),
    variances: Array.from(m.gmm.variances),
    pitch: m.pitch === null ? null : { ...m.pitch },
    fit: { ...m.fit },
    enrolledFrames: m.enrolledFrames,
    adaptedFrames: m.adaptedFrames,
  };
}

function fromJsonModel(j: PartyModelJson): PartyModel {
  const k = j.weights.length;
  if (j.means.length !== k * j.dim || j.variances.length !== k * j.dim)
    throw new Error('voice model: bad shape');
  return {
    gmm: {
      dim: j.dim,
      weights: Float64Array.from(j.weights),
      means: Float64Array.from(j.means),
      variances: Float64Array.from(j.variances),
    },
    pitch: j.pitch === null ? null : { ...j.pitch },
    fit: { ...j.fit },
    enrolledFrames: j.enrolledFrames,
    adaptedFrames: j.adaptedFrames,
  };
}

/** MAP adaptation of a mixture's means (and the pitch mean) towards new frames of the same party. */
function adaptModel(m: PartyModel, v: Voiceprint, params: AttributionParams): void {
  const g = m.gmm;
  const k = g.weights.length;
  const d = g.dim;
  const nk = new Float64Array(k);
  const sx = new Float64Array(k * d);
  const tmp = new Float64Array(k);
  for (let r = 0; r < v.frames; r++) {
    componentLogs(g, v.cepstra, r * d, tmp);
    const total = logSumExp(tmp, k);
    for (let c = 0; c < k; c++) {
      const p = Math.exp((tmp[c] as number) - total);
      nk[c] = (nk[c] as number) + p;
      for (let j = 0; j < d; j++)
        sx[c * d + j] = (sx[c * d + j] as number) + p * (v.cepstra[r * d + j] as number);
    }
  }
  for (let c = 0; c < k; c++) {
    const n = nk[c] as number;
    if (n < 1e-6) continue;
    const alpha = n / (n + params.adaptRelevance);
    for (let j = 0; j < d; j++) {
      const old = g.means[c * d + j] as number;
      g.means[c * d + j] = alpha * ((sx[c * d + j] as number) / n) + (1 - alpha) * old;
    }
  }
  if (m.pitch !== null) {
    let s = 0;
    let n = 0;
    for (let r = 0; r < v.frames; r++) {
      const lp = v.logPitch[r] as number;
      if (Number.isNaN(lp)) continue;
      s += lp;
      n++;
    }
    if (n > 0) {
      const alpha = n / (n + params.adaptRelevance);
      m.pitch.mean = alpha * (s / n) + (1 - alpha) * m.pitch.mean;
    }
  }
  m.adaptedFrames += v.frames;
}

/**
 * Attributes vocal segments to the learner or the practitioner. One instance per session (per sample rate);
 * load a stored model with `fromJSON`, or enrol from samples.
 */
export class VoiceAttributor {
  readonly params: Readonly<AttributionParams>;
  readonly extractor: VoiceprintExtractor;
  private readonly models: Partial<Record<VoiceParty, PartyModel>> = {};
  private readonly history: { attribution: Attribution; print: Voiceprint }[] = [];
  private nextId = 1;

  constructor(
    sampleRate: Hz,
    params: Partial<AttributionParams> = {},
    features: Partial<VoiceprintParams> = {},
  ) {
    this.params = { ...DEFAULT_ATTRIBUTION_PARAMS, ...params };
    this.extractor = new VoiceprintExtractor(sampleRate, features);
  }

  static fromJSON(
    json: VoiceModelJson,
    sampleRate: Hz,
    params: Partial<AttributionParams> = {},
  ): VoiceAttributor {
    if (!isCurrentVoiceModel(json)) {
      const version = (json as { version?: unknown }).version;
      throw new Error(
        `not a current Attune voice model (version ${String(version)}, need ${VOICE_MODEL_VERSION}): enrol the voices again`,
      );
    }
    const a = new VoiceAttributor(sampleRate, params, { ...DEFAULT_VOICEPRINT_PARAMS, ...json.features });
    for (const party of VOICE_PARTIES) {
      const j = json.parties[party];
      if (j !== undefined) a.models[party] = fromJsonModel(j);
    }
    return a;
  }

  toJSON(): VoiceModelJson {
    const parties: Partial<Record<VoiceParty, PartyModelJson>> = {};
    for (const party of VOICE_PARTIES) {
      const m = this.models[party];
      if (m !== undefined) parties[party] = toJsonModel(m);
    }
    return {
      kind: 'attune-voice-model',
      version: VOICE_MODEL_VERSION,
      features: { ...this.extractor.params },
      parties,
    };
  }

  isEnrolled(party: VoiceParty): boolean {
    return this.models[party] !== undefined;
  }

  /** Enrols (or re-enrols) a party from a few seconds of their voice, as one or several recordings. */
  enrol(party: VoiceParty, recordings: Float32Array | readonly Float32Array[]): EnrolmentReport {
    const list = recordings instanceof Float32Array ? [recordings] : recordings;
    const print = concatVoiceprints(list.map((r) => this.extractor.extract(r)));
    return this.enrolFeatures(party, print);
  }

  /** Enrols a party from voiceprints already extracted (same feature parameters). */
  enrolFeatures(party: VoiceParty, print: Voiceprint): EnrolmentReport {
    if (print.frames < this.params.minEnrolFrames) {
      throw new Error(
        `enrolment too short: ${print.frames} frames of voice, at least ${this.params.minEnrolFrames} needed`,
      );
    }
    const model = buildPartyModel(print, this.params);
    this.models[party] = model;
    return {
      party,
      frames: print.frames,
      components: model.gmm.weights.length,
      medianPitchHz: model.pitch === null ? null : 2 ** model.pitch.mean,
      voiceMs: print.frames * this.extractor.params.hopMs,
    };
  }

  /** Attributes one segment given its samples (as cut by the segmenter, at this attributor's sample rate). */
  attribute(segment: Float32Array, cues: LiveCues = {}): Attribution {
    return this.attributeFeatures(this.extractor.extract(segment), cues);
  }

  /** Attributes one segment given its voiceprint. */
  attributeFeatures(print: Voiceprint, cues: LiveCues = {}): Attribution {
    const p = this.params;
    const rows = range(0, print.frames);
    const scores: Record<VoiceParty, number | null> = { learner: null, practitioner: null };
    const fits: Record<VoiceParty, boolean> = { learner: false, practitioner: false };
    const fitness: Record<VoiceParty, number> = { learner: 0, practitioner: 0 };
    if (print.frames >= p.minFrames) {
      for (const party of VOICE_PARTIES) {
        const m = this.models[party];
        if (m === undefined) continue;
        const s = score(m.gmm, m.pitch, print, rows, p);
        scores[party] = s;
        // Short segments score more noisily than the chunks the statistics were measured on.
        const sd = m.fit.sd * Math.sqrt(Math.max(1, p.fitChunkFrames / print.frames));
        const threshold = m.fit.mean - Math.max(p.fitSd * sd, p.fitMarginNats);
        fits[party] = s >= threshold && !tooLow(m.pitch, print, p);
        fitness[party] = sigmoid((s - threshold) / sd);
      }
    }
    let cue = 0;
    if (cues.mouthMovingLearner === true && cues.mouthMovingPractitioner !== true) cue += p.cueLogOdds;
    if (cues.mouthMovingPractitioner === true && cues.mouthMovingLearner !== true) cue -= p.cueLogOdds;

    const sl = scores.learner;
    const sp = scores.practitioner;
    let acoustic = 0;
    if (sl !== null && sp !== null) {
      acoustic = (sl - sp) * p.llrScale * Math.sqrt(Math.min(1, print.frames / p.referenceFrames));
    }
    if (fits.learner && !fits.practitioner) acoustic += p.fitLogOdds;
    if (fits.practitioner && !fits.learner) acoustic -= p.fitLogOdds;

    let party: Attribution['party'];
    let confidence: number;
    if (print.frames < p.minFrames) {
      party = 'unknown';
      confidence = 0;
    } else if (!fits.learner && !fits.practitioner) {
      if (cue !== 0) {
        // The voice fits neither model (a learner's new sound, say), but vision says whose mouth moved.
        party = cue > 0 ? 'learner' : 'practitioner';
        confidence = sigmoid(Math.abs(cue)) * Math.max(fitness.learner, fitness.practitioner, 0.5);
      } else {
        party = 'unknown';
        confidence = 1 - Math.max(fitness.learner, fitness.practitioner);
      }
    } else {
      const total = acoustic + cue;
      confidence = sigmoid(Math.abs(total));
      party = confidence < p.minConfidence ? 'unknown' : total > 0 ? 'learner' : 'practitioner';
    }
    const attribution: Attribution = {
      id: this.nextId++,
      party,
      confidence,
      scores,
      fits,
      acousticLogOdds: acoustic,
      cueLogOdds: cue,
      frames: print.frames,
      corrected: false,
    };
    this.history.push({ attribution, print });
    if (this.history.length > p.historySize) this.history.shift();
    return attribution;
  }

  /**
   * A manual correction: relabels the segment `id` (by default the last one attributed) as `party`, with full
   * confidence. With `adapt`, the chosen party's model moves towards this segment (enrols it when that party had
   * no model and the segment is long enough). Returns the corrected attribution, or null when `id` is no longer
   * held.
   */
  correct(party: Attribution['party'], options: { id?: number; adapt?: boolean } = {}): Attribution | null {
    const entry =
      options.id === undefined
        ? this.history[this.history.length - 1]
        : this.history.find((h) => h.attribution.id === options.id);
    if (entry === undefined) return null;
    const corrected: Attribution = { ...entry.attribution, party, confidence: 1, corrected: true };
    entry.attribution = corrected;
    if (options.adapt === true && party !== 'unknown' && entry.print.frames > 0) {
      const m = this.models[party];
      if (m !== undefined) adaptModel(m, entry.print, this.params);
      else if (entry.print.frames >= this.params.minEnrolFrames) this.enrolFeatures(party, entry.print);
    }
    return corrected;
  }
}
