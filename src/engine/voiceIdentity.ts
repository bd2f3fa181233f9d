import type { VoiceParty } from '../core/audio/attribution.ts';
import { analyseSamples } from '../core/audio/voiceAnalyser.ts';
import { concatVoiceprints, type Voiceprint } from '../core/audio/voiceprint.ts';
import {
  attributeVoice,
  DEFAULT_WHOSE_VOICE_PARAMS,
  featureExtractor,
  type KnownVoices,
  learnLearnerVoice,
  profileFromFeatures,
  profileFromVoiceprint,
  type VoiceCues,
  type VoiceFeature,
  type VoiceProfile,
  voiceFeature,
} from '../core/audio/whoseVoice.ts';
import type { Party } from '../core/events.ts';
import type { Hz, Unit } from '../core/units.ts';
import {
  emptyLearnerVoice,
  LEARNT_CAP,
  type LearnerVoiceJson,
  type LearnerVoiceStorage,
  readLearnerVoiceJson,
} from '../store/learnerVoices.ts';

/**
 * Whose voice, for the chosen learner: the practitioner's voice from the member of staff running the session (a
 * staff voice, recorded once on this computer), and the learner's own voice, recorded by staff or learnt from their
 * confident vocalisations across sessions (core/audio/whoseVoice.ts). With the practitioner's voice alone, a
 * vocalisation confidently unlike it is the learner's (one learner and one practitioner per session); once the
 * learner's voice is known, a voice unlike both is `unknown` (another adult across the room). No DOM and no
 * IndexedDB here: the storage is passed in, so that this runs in Node tests as it does in the page.
 */

/** How long each enrolment recording lasts (the panel's buttons say so). */
export const ENROL_MS = 5000;

export type EnrolOutcome =
  | { ok: true; party: VoiceParty; voiceMs: number; medianPitchHz: Hz | null; message: string }
  | { ok: false; party: VoiceParty; message: string };

export interface VoiceLabel {
  party: Extract<Party, 'learner' | 'practitioner' | 'unknown'>;
  confidence: Unit;
  /** The segment's compact voice feature, kept in its event; absent when the segment came without audio. */
  voice?: VoiceFeature;
}

/** What a segment brings: its samples when the worklet sent them, at the rate they are at. */
export interface SegmentAudio {
  samples?: Float32Array;
  sampleRate: number;
}

/** The practitioner running the session: a staff voice recorded once on this computer (see store/staffVoices.ts). */
export interface StaffVoiceModel {
  name: string;
  profile: VoiceProfile;
}

/** Fewer frames of voice than this in an enrolment recording is refused: 1 s, as before. */
export const MIN_ENROL_FRAMES = 100;
const HOP_MS = 10;

function secondsText(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function medianPitch(profile: VoiceProfile): Hz | null {
  return profile.f0 === null ? null : 2 ** profile.f0.mean;
}

/** The status line for a recorded voice. */
export function enrolledText(voiceMs: number, medianPitchHz: Hz | null): string {
  const pitch = medianPitchHz === null ? 'no clear pitch' : `median pitch ${Math.round(medianPitchHz)} Hz`;
  return `Enrolled: ${secondsText(voiceMs)} of voice, ${pitch}.`;
}

/** The status line of a voice an earlier version made (its features are not today's). */
export const OUTDATED_TEXT = 'Enrolled with an earlier version of Attune: record this voice again.';
/** What the learner's status adds while a recorded voice of an earlier version waits to be recorded again. */
const MEANWHILE_TEXT = 'Meanwhile Attune knows the learner as the voice that is not the practitioner’s.';
/** The learner's status when what was learnt of their voice was learnt by an earlier version (set aside). */
export const OLDER_LEARNT_TEXT =
  'The voice Attune had learnt from their sessions was learnt by an earlier version of Attune, which measured voices differently, and is set aside: Attune learns it again from their sessions, and meanwhile knows the learner as the voice that is not the practitioner’s.';

/** The practitioner's status when the chosen member of staff's voice was recorded by an earlier version. */
export function olderStaffText(name: string): string {
  return `${name}’s voice was recorded with an earlier version of Attune, which measured voices differently, so it is not used: record it again (type the same name and record).`;
}
export const NO_PRACTITIONER_TEXT =
  'No practitioner voice: choose who you are under Staff voices, or record your voice there.';
export const BY_ELIMINATION_TEXT =
  'Not recorded: Attune knows the learner as the voice that is not the practitioner’s, and learns it from their sessions.';

/**
 * A recording turned into the voiceprint enrolment needs, or the words saying why it cannot be. Only what the
 * segmenter calls a vocalisation is enrolled, the same cut live segments get: the voiceprint alone keeps any frame
 * near the recording's loudest, so a quiet room on its own would "enrol".
 */
function enrolPrint(
  who: string,
  samples: Float32Array | null,
  sampleRate: number,
): { ok: true; print: Voiceprint } | { ok: false; message: string } {
  if (samples === null || samples.length === 0) {
    return {
      ok: false,
      message: 'No answer from the microphone: check it is connected, or try again in a moment.',
    };
  }
  const extractor = featureExtractor(sampleRate);
  const pieces = analyseSamples(samples, sampleRate).segments.map((seg) =>
    samples.subarray(
      Math.round((seg.startMs * sampleRate) / 1000),
      Math.round((seg.endMs * sampleRate) / 1000),
    ),
  );
  const print = concatVoiceprints(pieces.map((piece) => extractor.extract(piece)));
  if (pieces.length === 0 || print.frames === 0) {
    return {
      ok: false,
      message: `No voice was heard: ask the ${who} to make their sounds near the microphone, and record again.`,
    };
  }
  if (print.frames < MIN_ENROL_FRAMES) {
    return {
      ok: false,
      message: `Too short: only ${secondsText(print.frames * HOP_MS)} of voice was heard, and at least ${secondsText(MIN_ENROL_FRAMES * HOP_MS)} is needed. Record again with more sound.`,
    };
  }
  return { ok: true, print };
}

/** A voice profile from a recording, with the outcome in words; nothing is saved here. */
export function profileFromRecording(
  party: VoiceParty,
  samples: Float32Array | null,
  sampleRate: number,
): { outcome: EnrolOutcome; profile: VoiceProfile | null } {
  const p = enrolPrint(party, samples, sampleRate);
  const profile = p.ok ? profileFromVoiceprint(p.print) : null;
  if (!p.ok || profile === null) {
    const message = p.ok ? 'No voice was heard: record again.' : p.message;
    return { outcome: { ok: false, party, message }, profile: null };
  }
  const voiceMs = profile.frames * HOP_MS;
  const medianPitchHz = medianPitch(profile);
  return {
    outcome: { ok: true, party, voiceMs, medianPitchHz, message: enrolledText(voiceMs, medianPitchHz) },
    profile,
  };
}

export class VoiceIdentity {
  private extractorRate = 0;
  private extractor = featureExtractor(48_000);
  /** The learner's voice profile now (recorded, else learnt once there are enough segments). */
  private learnerProfile: VoiceProfile | null = null;
  /** The last segment attributed: what a whose-voice key corrects. */
  private last: { feature: VoiceFeature; learnt: boolean } | null = null;
  private unsaved = false;

  private constructor(
    readonly learnerId: string,
    private learner: LearnerVoiceJson,
    private outdated: boolean,
    private readonly storage: LearnerVoiceStorage,
    private staff: StaffVoiceModel | null,
    /** The chosen member of staff, when their voice is of an earlier version (not used; they are asked to record). */
    private olderStaff: string | null = null,
  ) {
    this.refreshProfile();
  }

  /**
   * The learner's voice as stored (none when it is missing or unreadable), with the practitioner's voice from
   * `staff` when a member of staff is chosen.
   */
  static async load(
    storage: LearnerVoiceStorage,
    learnerId: string,
    staff: StaffVoiceModel | null = null,
  ): Promise<VoiceIdentity> {
    const stored = await storage.learnerVoice(learnerId).catch(() => ({ voice: null, outdated: false }));
    // Read again whatever the storage: a voice of an earlier feature version is set aside here too.
    const voice = readLearnerVoiceJson(stored.voice) ?? emptyLearnerVoice();
    return new VoiceIdentity(learnerId, voice, stored.outdated, storage, staff);
  }

  /**
   * The member of staff running the session changed: their voice is the practitioner's from now on. `olderName`:
   * the chosen member of staff's voice is of an earlier version, so none is used and the status says so.
   */
  setStaff(staff: StaffVoiceModel | null, olderName: string | null = null): void {
    this.staff = staff;
    this.olderStaff = staff === null ? olderName : null;
  }

  private refreshProfile(): void {
    this.learnerProfile = this.learner.enrolled ?? profileFromFeatures(this.learner.learnt);
  }

  /** The voices known now, as attribution takes them. */
  known(): KnownVoices {
    return { practitioner: this.staff?.profile ?? null, learner: this.learnerProfile };
  }

  isEnrolled(party: VoiceParty): boolean {
    if (party === 'practitioner') return this.staff !== null;
    const p = this.learnerProfile;
    return p !== null && p.segments >= DEFAULT_WHOSE_VOICE_PARAMS.learnMinSegments;
  }

  /** One status line per party, for the panel. */
  status(): Record<VoiceParty, string> {
    const staff = this.staff;
    const practitioner =
      staff !== null
        ? `${staff.name}’s voice. ${enrolledText(staff.profile.frames * HOP_MS, medianPitch(staff.profile))}`
        : this.olderStaff !== null
          ? olderStaffText(this.olderStaff)
          : NO_PRACTITIONER_TEXT;
    let learner: string;
    const enrolled = this.learner.enrolled;
    const older = this.learner.older;
    const learnt = `Learnt from ${this.learner.learnt.length} of their vocalisations in sessions.`;
    if (enrolled !== null) learner = enrolledText(enrolled.frames * HOP_MS, medianPitch(enrolled));
    else if (this.outdated || older?.recorded === true)
      learner = `${OUTDATED_TEXT} ${this.isEnrolled('learner') ? `Meanwhile: ${learnt}` : MEANWHILE_TEXT}`;
    else if (this.isEnrolled('learner')) learner = learnt;
    else learner = older !== undefined && older.learnt > 0 ? OLDER_LEARNT_TEXT : BY_ELIMINATION_TEXT;
    return { learner, practitioner };
  }

  private featureOf(segment: SegmentAudio): VoiceFeature | null {
    if (segment.samples === undefined || segment.samples.length === 0) return null;
    if (this.extractorRate !== segment.sampleRate) {
      this.extractor = featureExtractor(segment.sampleRate);
      this.extractorRate = segment.sampleRate;
    }
    return voiceFeature(this.extractor.extract(segment.samples));
  }

  /**
   * Whose voice a segment is, with its voice feature for the log: unknown with no confidence when no voice is
   * known or no audio came. `cues` (whose mouth moved while it sounded) shift the decision. A confident learner
   * segment teaches the learner's voice (kept in memory; `save` writes it).
   */
  attribute(segment: SegmentAudio, cues: VoiceCues = {}): VoiceLabel {
    const feature = this.featureOf(segment);
    if (feature === null) {
      this.last = null;
      return { party: 'unknown', confidence: 0 };
    }
    const verdict = attributeVoice(feature, this.known(), cues);
    // A recorded voice is what staff chose: it is not moved by what Attune decides.
    let learnt = false;
    if (this.learner.enrolled === null && this.staff !== null && cues.mouthMovingLearner !== true) {
      const next = learnLearnerVoice(
        this.learner.learnt,
        feature,
        verdict,
        DEFAULT_WHOSE_VOICE_PARAMS,
        LEARNT_CAP,
      );
      learnt = next.learnt.at(-1) === feature;
      if (learnt) this.learnFrom(next.learnt);
    }
    this.last = { feature, learnt };
    return { party: verdict.party, confidence: verdict.confidence, voice: feature };
  }

  private learnFrom(learnt: VoiceFeature[]): void {
    this.learner = { ...this.learner, learnt };
    this.unsaved = true;
    this.refreshProfile();
  }

  /**
   * The practitioner says whose the last segment was. Saying it was the learner's teaches the learner's voice
   * (unless staff recorded it); saying it was theirs takes it back out if it had been learnt.
   */
  correct(party: VoiceParty): VoiceLabel {
    const last = this.last;
    if (last !== null && this.learner.enrolled === null) {
      if (party === 'learner' && !last.learnt) {
        this.learnFrom([...this.learner.learnt, last.feature].slice(-LEARNT_CAP));
        this.last = { ...last, learnt: true };
      } else if (party === 'practitioner' && last.learnt) {
        this.learnFrom(this.learner.learnt.filter((f) => f !== last.feature));
        this.last = { ...last, learnt: false };
      }
    }
    return { party, confidence: 1 };
  }

  /** Writes what was learnt of the learner's voice (at the end of a session); the words of a failure, or null. */
  async save(): Promise<string | null> {
    if (!this.unsaved) return null;
    const failed = await this.write(this.learner);
    if (failed === null) this.unsaved = false;
    return failed;
  }

  /** Records the learner's voice from a recording and saves it. A failure leaves the stored voice as it was. */
  async enrol(party: VoiceParty, samples: Float32Array | null, sampleRate: number): Promise<EnrolOutcome> {
    if (party === 'practitioner') {
      return { ok: false, party, message: 'Record the practitioner’s voice under Staff voices.' };
    }
    const { outcome, profile } = profileFromRecording(party, samples, sampleRate);
    if (!outcome.ok || profile === null) return outcome;
    // A voice recorded now replaces one of an earlier version: nothing is left to record again.
    const { older: _replaced, ...rest } = this.learner;
    const next = { ...rest, enrolled: profile };
    const failed = await this.write(next);
    if (failed !== null) return { ok: false, party, message: failed };
    this.learner = next;
    this.outdated = false;
    this.refreshProfile();
    return outcome;
  }

  /** Forgets the learner's voice, recorded and learnt (staff reset it); the words of a failure, or null. */
  async resetLearner(): Promise<string | null> {
    const next = emptyLearnerVoice();
    const failed = await this.write(next);
    if (failed !== null) return failed;
    this.learner = next;
    this.outdated = false;
    this.unsaved = false;
    this.last = null;
    this.refreshProfile();
    return null;
  }

  private async write(voice: LearnerVoiceJson): Promise<string | null> {
    try {
      await this.storage.setLearnerVoice(this.learnerId, voice);
      return null;
    } catch (error) {
      return `The voice could not be saved (${error instanceof Error ? error.message : String(error)}).`;
    }
  }
}
