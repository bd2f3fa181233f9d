/**
 * Whose voice, open-set, from a compact per-segment feature.
 *
 * Every vocal segment is reduced once to a `VoiceFeature` (a few dozen numbers: its pitch quantiles and its mean
 * spectral envelope), which is stored in the vocal event; a party's voice is a `VoiceProfile` made from an
 * enrolment recording or learnt from segments. Attribution compares the feature with each profile and with
 * "anyone else" (a voice far from every profile), so that:
 *   - the practitioner's enrolment alone is enough: a segment confidently unlike the practitioner is the learner's
 *     (a session is one learner and one practitioner unless staff say otherwise);
 *   - with a learner profile (enrolled, or learnt from the learner's own confident segments) a voice unlike both
 *     is `unknown`, not handed to whichever profile is broader;
 *   - a past session's segments can be attributed again once voices are known, from the stored features alone.
 *
 * Why segment-level and not frame-level (the mixture model of attribution.ts): an enrolment of 1.5 s holding one
 * kind of sound (a hum, an "aah") gives a frame model of that sound, not of the voice, and it scored every other
 * sound of the same person as unlike it; pitch and the average envelope carry over between sounds of one voice
 * far better, and they are small enough to keep in the log.
 *
 * Confidence is a posterior from a logistic model over squared distances, whose coefficients were fitted on the
 * tuned half of the evaluation only (scripts/bench-audio.ts prints the held-out half beside it); among segments
 * labelled at >= 0.9 at least 90 % should be right. The practitioner's log-odds are weighed against a background
 * of learner-like voices that are neither enrolled voice (voiceBackground.ts: real infants, espeak-ng voices raised
 * to children's pitch, synthetic children, none in either split of the evaluation), as speaker verification does
 * with a universal background model: a segment as like children in general as like the practitioner loses its
 * confidence, and none gains (practitionerLogOdds). With 1.5 s enrolments it moves calibration on the held-out
 * split from 0.970 to 0.987, at a small cost in accuracy (0.928 to 0.922). A plain ratio to the background once
 * scored higher there, but only by raising segments unlike every background child towards the practitioner,
 * which gave a boy's voice at a woman's pitch to the practitioner in the staff-voice browser test. Its adults keep a voice far more like another adult
 * than like a child from the learner (a visitor's, unknown): held out, other adults labelled learner with the
 * practitioner alone go from 0.62 to 0.39.
 */
import type { Party } from '../events.ts';
import type { Hz, Unit } from '../units.ts';
import { BACKGROUND_VOICES, type BackgroundVoice } from './voiceBackground.ts';
import {
  concatVoiceprints,
  type Voiceprint,
  VoiceprintExtractor,
  type VoiceprintParams,
} from './voiceprint.ts';

/** Cepstral coefficients kept in a feature (c1..cN): the envelope's broad shape, where the formants and the vocal
 * tract's length show; the higher ones mostly follow the sound being made. */
export const FEATURE_CEPSTRA = 12;

/**
 * The feature extractor's settings: the voiceprint's, with the pitch search down to 50 Hz, where a deep man's voice
 * ends its phrases (and a 600 Hz cry up to 1.5 kHz squeals), and the octave check on: without it a real adult's
 * 1.5 s enrolment read 170-190 Hz speech as 520-580 Hz in two of its five chunks (the third harmonic's lag) and
 * an infant's 420 Hz cry as 1.25 kHz, so each profile's pitch spread grew until anything fitted it (tuned split,
 * 1.5 s enrolments: 0.884 right before, 0.906 after; a ratio of 0.5 or 0.65 scored the same, 0.35 is the more
 * cautious).
 */
export const FEATURE_EXTRACTION: Partial<VoiceprintParams> = Object.freeze({
  minPitchHz: 50,
  octaveDipRatio: 0.35,
});

/**
 * The version of what `voiceFeature` computes, kept in every stored feature and in every profile made from
 * features. Raise it whenever a stored number would come out different for the same sound (the extraction's
 * settings, the pitch search, a field's meaning): a feature or profile of another version is never compared
 * with one of this version, since its numbers measure something else. Version 2: the octave check of the pitch
 * (FEATURE_EXTRACTION). On the real fixtures it moved the pitch quantiles of 21 of 24 segments of adult speech
 * (a 90th percentile of 529 Hz became 258 Hz) and one infant cry's median from 1242 Hz to 420 Hz, and nothing
 * else (tests/unit/core/audio/featureVersion.media.test.ts). A version 1 feature cannot be made again: only the
 * quantiles were kept, not the frames' pitches, and never the audio.
 */
export const FEATURE_VERSION = 2;

/** What is kept of one segment's voice: stored in its vocal event, enough to attribute it again. */
export interface VoiceFeature {
  v: typeof FEATURE_VERSION;
  /** Frames (10 ms) of voice the feature rests on. */
  frames: number;
  /** Frames among them with a confident pitch. */
  pitched: number;
  /** log2 of F0 in Hz at the 10th, 50th and 90th percentile of the pitched frames; null when fewer than 3. */
  f0: [number, number, number] | null;
  /** Mean of c1..c12 over the frames, two decimals. */
  cep: number[];
  /** Standard deviation of c1..c12 over the frames, two decimals. */
  cepSd: number[];
}

/**
 * A feature as a log holds it: of this version, or of an earlier one in events logged before it (kept as they
 * were: the log's schema does not change with the feature's version). Read it through `isVoiceFeature`.
 */
export type StoredVoiceFeature = Omit<VoiceFeature, 'v'> & { v: number };

/** One party's voice. Plain JSON: stored per practitioner (staff voice) or per learner. */
export interface VoiceProfile {
  kind: 'attune-voice-profile';
  /** The version of the features it was made from (FEATURE_VERSION). */
  v: typeof FEATURE_VERSION;
  /** Frames of voice it was made from, and how many segments (an enrolment counts its chunks). */
  frames: number;
  segments: number;
  /** Gaussian over the log2 F0 of the voice's frames; null when none had a pitch. */
  f0: { mean: number; sd: number } | null;
  /** Mean envelope c1..c12, and the variance of a segment's mean envelope about it. */
  cep: number[];
  cepVar: number[];
}

export interface WhoseVoiceParams {
  /** Spread added to a profile's pitch for a new utterance (octaves): intonation moves more than one enrolment shows. */
  pitchSlackOctaves: number;
  /** Variance added to each envelope coefficient: another sound of the same voice (a hum after an "aah"). */
  cepSlack: number[];
  /** Weight of the mean squared pitch z against the envelope distance, and the evidence scale. */
  pitchWeight: number;
  cepWeight: number;
  /** Log-odds of a profile against "anyone else" at distance zero (the bias of the logistic model). */
  bias: number;
  /** Fewer frames than this (or no pitch and fewer than `minUnpitchedFrames`): unknown. */
  minFrames: number;
  /**
   * Pitched frames from which a segment's pitch counts in full against a profile; with fewer, its pitch distance
   * weighs pitched / fullPitchFrames. 12 (120 ms) chosen on the tuned split: 8 to 16 score alike there, 24 and
   * more lose.
   */
  fullPitchFrames: number;
  /**
   * Share of a segment's frames pitched from which its pitch counts in full; a segment mostly unpitched (a breathy
   * phrase, a fuss) weighs its share / fullPitchShare. 0.3 chosen on the tuned split (0.3-0.4 alike there; 0.2
   * and under lose a real adult's breathy segment, read at three times her pitch, to the learner).
   */
  fullPitchShare: number;
  /** Log-odds a live cue adds (one party's mouth moving and not the other's). */
  cueLogOdds: number;
  /** Below this posterior the answer is `unknown`. */
  minConfidence: Unit;
  /** A learner profile learns only from segments labelled learner at this confidence or more. */
  learnMinConfidence: Unit;
  /** How many segments of evidence a learnt profile needs before it is used as a profile. */
  learnMinSegments: number;
  /**
   * Log-odds, before any distance, that a voice that is not the practitioner's is the learner's rather than
   * someone else's: a session is one learner and one practitioner, and other voices are the exception.
   */
  learnerPrior: number;
  /** How much of the envelope distance counts against the learner (their enrolment holds one kind of sound). */
  learnerCepShare: number;
  /**
   * Weight of the background (learner-like voices that are neither enrolled voice, voiceBackground.ts) against the
   * practitioner: 1 is a plain likelihood ratio against the mixture below; 0 turns the background off.
   */
  backgroundWeight: number;
  /**
   * How much the learner-like voices (the background) weigh beside anyone (the flat alternative profileLogOdds'
   * bias was fitted against), as a log: the alternative to the practitioner is anyone plus e^this times the
   * background, so a segment unlike every child keeps its own log-odds and the background can only lower them.
   * -2 chosen on the tuned split (-3 to -1 score alike).
   */
  backgroundLogit: number;
  /**
   * Weight of the likeness to children against the likeness to other adults (both from the background) in whether
   * a voice that is not the practitioner's is the learner's or a visitor's; 0 turns it off (then it is the
   * learner's unless a learner profile says otherwise).
   */
  visitorWeight: number;
  /** Log-odds, at equal likeness, that a voice not the practitioner's is the learner's rather than a visitor's. */
  visitorPrior: number;
}

export const DEFAULT_WHOSE_VOICE_PARAMS: Readonly<WhoseVoiceParams> = Object.freeze({
  pitchSlackOctaves: 0.15,
  cepSlack: [4.5, 2, 1.5, 1, 1, 0.75, 0.75, 0.5, 0.5, 0.5, 0.5, 0.5],
  pitchWeight: 1.42,
  cepWeight: 0.199,
  bias: 2.93,
  minFrames: 5,
  fullPitchFrames: 12,
  fullPitchShare: 0.3,
  cueLogOdds: 2,
  minConfidence: 0.5,
  learnMinConfidence: 0.9,
  learnMinSegments: 3,
  learnerPrior: 3,
  learnerCepShare: 0.15,
  backgroundWeight: 1,
  backgroundLogit: -2,
  visitorWeight: 1,
  visitorPrior: 3,
});

/** Live cues from other senses; undefined means "not known" and shifts nothing. */
export interface VoiceCues {
  mouthMovingLearner?: boolean;
  mouthMovingPractitioner?: boolean;
}

/** The voices known for a session: the practitioner's alone, or both. */
export interface KnownVoices {
  practitioner?: VoiceProfile | null;
  learner?: VoiceProfile | null;
}

export interface VoiceVerdict {
  party: Extract<Party, 'learner' | 'practitioner' | 'unknown'>;
  /** Calibrated: the posterior of `party` (for unknown, the posterior that it is neither known voice). */
  confidence: Unit;
  /** Posteriors of practitioner, learner and someone else; they sum to 1. */
  posterior: { practitioner: number; learner: number; other: number };
  /** Why, in a few words, for the practitioner and the tests: 'too short', 'no voices', 'unlike both' ... */
  reason: 'too short' | 'no voices' | 'decided' | 'unsure' | 'unlike both' | 'older version';
}

const r2 = (x: number): number => Math.round(x * 100) / 100;
const r4 = (x: number): number => Math.round(x * 10000) / 10000;

/** A voiceprint extractor with the feature's settings, at the device's rate. */
export function featureExtractor(sampleRate: Hz): VoiceprintExtractor {
  return new VoiceprintExtractor(sampleRate, FEATURE_EXTRACTION);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** The compact feature of one segment's voiceprint. */
export function voiceFeature(print: Voiceprint): VoiceFeature {
  const d = Math.min(FEATURE_CEPSTRA, print.dim);
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let f = 0; f < print.frames; f++) {
    for (let j = 0; j < d; j++) {
      const v = print.cepstra[f * print.dim + j] as number;
      mean[j] = (mean[j] as number) + v;
      sq[j] = (sq[j] as number) + v * v;
    }
  }
  const n = Math.max(1, print.frames);
  const pitches: number[] = [];
  for (let f = 0; f < print.frames; f++) {
    const lp = print.logPitch[f] as number;
    if (!Number.isNaN(lp)) pitches.push(lp);
  }
  pitches.sort((a, b) => a - b);
  return {
    v: FEATURE_VERSION,
    frames: print.frames,
    pitched: pitches.length,
    f0:
      pitches.length >= 3
        ? [r4(quantile(pitches, 0.1)), r4(quantile(pitches, 0.5)), r4(quantile(pitches, 0.9))]
        : null,
    cep: mean.map((s) => r2(s / n)),
    cepSd: mean.map((s, j) => r2(Math.sqrt(Math.max(0, (sq[j] as number) / n - (s / n) ** 2)))),
  };
}

/** The feature of a segment's samples (at the extractor's device rate). */
export function featureOfSamples(extractor: VoiceprintExtractor, samples: Float32Array): VoiceFeature {
  return voiceFeature(extractor.extract(samples));
}

/**
 * What a stored voice feature (or profile) is to this version: `current` (comparable), `older` (made by an earlier
 * version of the feature: its numbers are not today's, so it is never compared), or `none` (absent or unreadable).
 */
export type StoredVersion = 'current' | 'older' | 'none';

function versionOf(v: unknown): StoredVersion {
  if (v === FEATURE_VERSION) return 'current';
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v < FEATURE_VERSION ? 'older' : 'none';
}

/** Whether a stored feature is one this version compares, one an earlier version made, or none at all. */
export function storedFeatureVersion(x: unknown): StoredVersion {
  if (typeof x !== 'object' || x === null) return 'none';
  const v = (x as { v?: unknown }).v;
  return hasFeatureShape(x) ? versionOf(v) : 'none';
}

/** Whether a stored profile is one this version compares, one an earlier version made, or none at all. */
export function storedProfileVersion(x: unknown): StoredVersion {
  if (typeof x !== 'object' || x === null) return 'none';
  const v = (x as { v?: unknown }).v;
  return hasProfileShape(x) ? versionOf(v) : 'none';
}

/** True when `x` is a stored feature this version reads (of this version: see FEATURE_VERSION). */
export function isVoiceFeature(x: unknown): x is VoiceFeature {
  return storedFeatureVersion(x) === 'current';
}

function hasFeatureShape(x: object): boolean {
  const f = x as Partial<VoiceFeature>;
  return (
    typeof f.frames === 'number' &&
    Array.isArray(f.cep) &&
    f.cep.length === FEATURE_CEPSTRA &&
    Array.isArray(f.cepSd) &&
    (f.f0 === null || (Array.isArray(f.f0) && f.f0.length === 3))
  );
}

/** True when `x` is a stored profile this version compares (made from features of this version). */
export function isVoiceProfile(x: unknown): x is VoiceProfile {
  return storedProfileVersion(x) === 'current';
}

function hasProfileShape(x: object): boolean {
  const p = x as Partial<VoiceProfile>;
  return (
    p.kind === 'attune-voice-profile' &&
    Array.isArray(p.cep) &&
    p.cep.length === FEATURE_CEPSTRA &&
    Array.isArray(p.cepVar) &&
    p.cepVar.length === FEATURE_CEPSTRA
  );
}

/**
 * A profile from features (the segments of one voice): their frames pooled, each weighing by its frames. Used
 * for an enrolment cut into chunks and for a learner's voice learnt from their confident segments.
 */
export function profileFromFeatures(features: readonly VoiceFeature[]): VoiceProfile | null {
  // Only this version's features: a profile mixing two ways of reading pitch would fit neither.
  const usable = features.filter((f) => f.frames > 0 && f.v === FEATURE_VERSION);
  if (usable.length === 0) return null;
  const frames = usable.reduce((a, f) => a + f.frames, 0);
  const cep = new Array<number>(FEATURE_CEPSTRA).fill(0);
  for (const f of usable)
    for (let j = 0; j < FEATURE_CEPSTRA; j++)
      cep[j] = (cep[j] as number) + ((f.cep[j] ?? 0) * f.frames) / frames;
  const cepVar = new Array<number>(FEATURE_CEPSTRA).fill(0);
  for (const f of usable) {
    for (let j = 0; j < FEATURE_CEPSTRA; j++) {
      cepVar[j] = (cepVar[j] as number) + (((f.cep[j] ?? 0) - (cep[j] as number)) ** 2 * f.frames) / frames;
    }
  }
  const pooled: { v: number; w: number }[] = [];
  for (const f of usable) if (f.f0 !== null) for (const v of f.f0) pooled.push({ v, w: f.pitched });
  const f0 = pitchOfPooled(pooled);
  return {
    kind: 'attune-voice-profile',
    v: FEATURE_VERSION,
    frames,
    segments: usable.length,
    f0,
    cep: cep.map(r2),
    cepVar: cepVar.map(r4),
  };
}

/**
 * How far (octaves) a segment's pitch quantile may lie from the pooled median and still count towards a profile's
 * pitch: further is the pitch tracker's octave or twelfth error (a 1.5 s enrolment's chunk reads 60 Hz speech's
 * 90th percentile at 570 Hz), or a squeal far outside the voice's range, not the voice's spread.
 */
export const PROFILE_PITCH_TRIM_OCTAVES = 1;

/**
 * Pitch of a profile: a robust Gaussian over the segments' quantiles (each segment's 10th/50th/90th weighted by
 * its pitched frames): the median, and half the 16th-84th percentile range of the values within
 * PROFILE_PITCH_TRIM_OCTAVES of it. Without the trim, the octave errors of a short enrolment (several in two of
 * five chunks) widened the voice's range until everything fitted it: a deep man's 1.5 s enrolment read
 * 61 Hz +- 1.7 octaves and took children's voices at 200-300 Hz for his.
 */
function pitchOfPooled(all: readonly { v: number; w: number }[]): VoiceProfile['f0'] {
  if (all.length === 0) return null;
  const median = weightedQuantile(all, 0.5);
  const pooled = all.filter((x) => Math.abs(x.v - median) <= PROFILE_PITCH_TRIM_OCTAVES);
  return {
    mean: r4(weightedQuantile(pooled, 0.5)),
    sd: r4((weightedQuantile(pooled, 0.84) - weightedQuantile(pooled, 0.16)) / 2),
  };
}

function weightedQuantile(values: readonly { v: number; w: number }[], q: number): number {
  const sorted = [...values].sort((x, y) => x.v - y.v);
  const total = sorted.reduce((t, x) => t + x.w, 0);
  let acc = 0;
  for (const x of sorted) {
    acc += x.w;
    if (acc >= q * total) return x.v;
  }
  return (sorted[sorted.length - 1] as { v: number }).v;
}

/** Frames per chunk when an enrolment is cut into pseudo-segments: about a short vocalisation. */
const ENROL_CHUNK_FRAMES = 30;

/** An enrolment's voiceprint cut into chunks of about a short vocalisation, each reduced to a feature. */
export function enrolmentFeatures(print: Voiceprint): VoiceFeature[] {
  const chunks: VoiceFeature[] = [];
  for (let start = 0; start < print.frames; start += ENROL_CHUNK_FRAMES) {
    const end = Math.min(print.frames, start + ENROL_CHUNK_FRAMES);
    if (end - start < ENROL_CHUNK_FRAMES / 2 && chunks.length > 0) break;
    chunks.push(
      voiceFeature({
        frames: end - start,
        dim: print.dim,
        cepstra: print.cepstra.subarray(start * print.dim, end * print.dim),
        logPitch: print.logPitch.subarray(start, end),
        durationMs: (end - start) * 10,
      }),
    );
  }
  return chunks;
}

/** A profile from an enrolment's voiceprint (one or several recordings of one voice). */
export function profileFromVoiceprint(print: Voiceprint): VoiceProfile | null {
  return profileFromFeatures(enrolmentFeatures(print));
}

/** A profile from enrolment recordings (samples at the extractor's rate). */
export function profileFromSamples(
  extractor: VoiceprintExtractor,
  recordings: Float32Array | readonly Float32Array[],
): VoiceProfile | null {
  const list = recordings instanceof Float32Array ? [recordings] : recordings;
  return profileFromVoiceprint(concatVoiceprints(list.map((r) => extractor.extract(r))));
}

/**
 * How far a segment's pitch median can be trusted, 0..1: its pitched frames up to `fullPitchFrames`, times the
 * share of its frames that are pitched up to `fullPitchShare`.
 */
export function pitchReliability(feature: VoiceFeature, params: Readonly<WhoseVoiceParams>): number {
  const share = feature.pitched / Math.max(1, feature.frames);
  return Math.min(1, feature.pitched / params.fullPitchFrames) * Math.min(1, share / params.fullPitchShare);
}

/**
 * Log-odds that `feature` is the voice of `profile` rather than someone else's: the logistic model's bias minus
 * weighted squared distances in pitch (per the profile's spread plus the slack) and in envelope. With
 * `onlyBelow`, pitch above the profile's costs nothing (a learner squeals far above anything they enrolled, but
 * no voice speaks much below its own range), and the envelope weighs `learnerCepShare` as much.
 */
export function profileLogOdds(
  feature: VoiceFeature,
  profile: VoiceProfile,
  params: Readonly<WhoseVoiceParams> = DEFAULT_WHOSE_VOICE_PARAMS,
  onlyBelow = false,
): number {
  let pitchTerm = 0;
  if (feature.f0 !== null && profile.f0 !== null) {
    // The segment's median, not its extremes: a man's phrase that slides down to 50 Hz at its end is still his.
    const sd2 = profile.f0.sd ** 2 + params.pitchSlackOctaves ** 2;
    const d = feature.f0[1] - profile.f0.mean;
    pitchTerm = onlyBelow && d > 0 ? 0 : (0.5 * d * d) / sd2;
    // The median of a few pitched frames, or of a segment mostly unpitched, is a poor reading of the voice (the
    // tuned man's 1.4 s segment with 4 frames pitched read 105 Hz against his 82 Hz; a real adult's breathy 1.7 s,
    // 7 frames pitched, 570 Hz against her 207 Hz): it weighs less. Not in the learner's check (onlyBelow), where
    // it let more of the visiting adults pass as the learner.
    if (!onlyBelow) pitchTerm *= pitchReliability(feature, params);
  }
  let cepTerm = 0;
  for (let j = 0; j < FEATURE_CEPSTRA; j++) {
    const v = (profile.cepVar[j] ?? 0) + (params.cepSlack[j] ?? 1);
    cepTerm += ((feature.cep[j] ?? 0) - (profile.cep[j] ?? 0)) ** 2 / v;
  }
  cepTerm *= 0.5 * (onlyBelow ? params.learnerCepShare : 1);
  return params.bias - params.pitchWeight * pitchTerm - params.cepWeight * cepTerm;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => (x > 30 ? x : Math.log1p(Math.exp(x)));

/**
 * How like a learner-like voice in general (or, with `kind` 'adult', another adult) `feature` is: the log of the
 * mean, over the background's voices of that kind, of their log-odds against someone else (profileLogOdds, so the
 * bias cancels against the practitioner's). Null with no background voice of that kind and this version.
 */
export function backgroundLogOdds(
  feature: VoiceFeature,
  params: Readonly<WhoseVoiceParams> = DEFAULT_WHOSE_VOICE_PARAMS,
  background: readonly BackgroundVoice[] = BACKGROUND_VOICES,
  kind: BackgroundVoice['kind'] = 'child',
): number | null {
  const scores: number[] = [];
  for (const b of background)
    if (b.kind === kind && b.profile.v === FEATURE_VERSION)
      scores.push(profileLogOdds(feature, b.profile, params));
  if (scores.length === 0) return null;
  const top = Math.max(...scores);
  let sum = 0;
  for (const x of scores) sum += Math.exp(x - top);
  return top + Math.log(sum / scores.length);
}

/**
 * Log-odds that `feature` is the practitioner's: against someone else (profileLogOdds), and with a background,
 * against a mixture of anyone and the learner-like voices. Without the background a child's segment close enough
 * to a 1.5 s enrolment was the practitioner's whatever else it was like; with it, a segment as like children in
 * general as like the practitioner loses its confidence. A plain ratio to the background (own - bg) would also
 * raise a segment unlike every child towards the practitioner (a boy's voice at a woman's pitch, unlike the
 * background's children, became the practitioner's in the staff-voice browser test): the mixture never does.
 */
export function practitionerLogOdds(
  feature: VoiceFeature,
  practitioner: VoiceProfile,
  params: Readonly<WhoseVoiceParams> = DEFAULT_WHOSE_VOICE_PARAMS,
  background: readonly BackgroundVoice[] = BACKGROUND_VOICES,
): number {
  const own = profileLogOdds(feature, practitioner, params);
  if (params.backgroundWeight === 0) return own;
  const bg = backgroundLogOdds(feature, params, background);
  if (bg === null) return own;
  // Against anyone (the flat alternative of own's bias) plus e^backgroundLogit times the learner-like voices:
  // own - log(1 + e^(bg + logit)), never above own.
  return own - params.backgroundWeight * softplus(bg + params.backgroundLogit);
}

/**
 * The share of a voice that is not the practitioner's which is the learner's rather than a visitor's, from how
 * much more it is like children than like other adults (the background's two kinds), before any learner profile:
 * a session is one learner and one practitioner, so a visitor needs clear evidence. 1 without a background of
 * both kinds.
 */
function visitorShare(
  feature: VoiceFeature,
  params: Readonly<WhoseVoiceParams>,
  background: readonly BackgroundVoice[],
  cue: number,
): number {
  if (params.visitorWeight === 0) return 1;
  const child = backgroundLogOdds(feature, params, background, 'child');
  const adult = backgroundLogOdds(feature, params, background, 'adult');
  if (child === null || adult === null) return 1;
  return sigmoid(params.visitorPrior + cue + params.visitorWeight * (child - adult));
}

/**
 * Attributes one segment's feature to the practitioner, the learner or unknown, with a calibrated confidence.
 *
 * The practitioner's posterior is the fitted logistic model's (calibrated on its own). What is not the
 * practitioner is the learner's (one learner per session) unless a learner profile says it is unlike the
 * learner too: then that share goes to "someone else" (`unknown`). The learner profile refines; it never makes a
 * segment more the practitioner's.
 */
export function attributeVoice(
  feature: VoiceFeature,
  voices: KnownVoices,
  cues: VoiceCues = {},
  params: Readonly<WhoseVoiceParams> = DEFAULT_WHOSE_VOICE_PARAMS,
  background: readonly BackgroundVoice[] = BACKGROUND_VOICES,
): VoiceVerdict {
  const practitioner = voices.practitioner ?? null;
  const learner =
    voices.learner !== undefined &&
    voices.learner !== null &&
    voices.learner.segments >= params.learnMinSegments
      ? voices.learner
      : null;
  // A feature or profile of another version measures pitch otherwise: never compared (the callers' readers keep
  // them out; this holds for any that slips past, e.g. one read straight from an older log).
  if (
    feature.v !== FEATURE_VERSION ||
    (practitioner !== null && practitioner.v !== FEATURE_VERSION) ||
    (learner !== null && learner.v !== FEATURE_VERSION)
  ) {
    return {
      party: 'unknown',
      confidence: 0,
      posterior: { practitioner: 0, learner: 0, other: 1 },
      reason: 'older version',
    };
  }
  if (feature.frames < params.minFrames) {
    return {
      party: 'unknown',
      confidence: 0,
      posterior: { practitioner: 0, learner: 0, other: 1 },
      reason: 'too short',
    };
  }
  if (practitioner === null && learner === null) {
    return {
      party: 'unknown',
      confidence: 0,
      posterior: { practitioner: 0, learner: 0, other: 1 },
      reason: 'no voices',
    };
  }
  let cue = 0;
  if (cues.mouthMovingLearner === true && cues.mouthMovingPractitioner !== true) cue = params.cueLogOdds;
  if (cues.mouthMovingPractitioner === true && cues.mouthMovingLearner !== true) cue = -params.cueLogOdds;
  const pp =
    practitioner === null ? 0 : sigmoid(practitionerLogOdds(feature, practitioner, params, background) - cue);
  const share =
    learner === null
      ? visitorShare(feature, params, background, cue)
      : sigmoid(profileLogOdds(feature, learner, params, true) + params.learnerPrior + cue) *
        visitorShare(feature, params, background, 0);
  const posterior = { practitioner: pp, learner: (1 - pp) * share, other: (1 - pp) * (1 - share) };
  const best = posterior.learner > posterior.practitioner ? 'learner' : 'practitioner';
  if (posterior[best] >= params.minConfidence) {
    return { party: best, confidence: posterior[best], posterior, reason: 'decided' };
  }
  if (posterior.other >= params.minConfidence) {
    return { party: 'unknown', confidence: posterior.other, posterior, reason: 'unlike both' };
  }
  return { party: 'unknown', confidence: 1 - posterior[best], posterior, reason: 'unsure' };
}

/**
 * The learner's voice learnt from their confident segments (no learner enrolment needed): returns the profile
 * with `feature` added when the verdict is learner at `learnMinConfidence` or more and no live cue decided it
 * alone, else the profile unchanged. `learnt` is the list of features behind it (kept by the caller, capped).
 */
export function learnLearnerVoice(
  learnt: readonly VoiceFeature[],
  feature: VoiceFeature,
  verdict: VoiceVerdict,
  params: Readonly<WhoseVoiceParams> = DEFAULT_WHOSE_VOICE_PARAMS,
  cap = 200,
): { learnt: VoiceFeature[]; profile: VoiceProfile | null } {
  const next =
    verdict.party === 'learner' &&
    verdict.confidence >= params.learnMinConfidence &&
    feature.frames >= params.minFrames
      ? [...learnt, feature].slice(-cap)
      : [...learnt];
  return { learnt: next, profile: profileFromFeatures(next) };
}
