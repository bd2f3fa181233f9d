import {
  type Attribution,
  isCurrentVoiceModel,
  type LiveCues,
  VOICE_PARTIES,
  VoiceAttributor,
  type VoiceModelJson,
  type VoiceParty,
} from '../core/audio/attribution.ts';
import { analyseSamples } from '../core/audio/voiceAnalyser.ts';
import { concatVoiceprints } from '../core/audio/voiceprint.ts';
import type { Hz, Unit } from '../core/units.ts';

/**
 * Whose voice, for the chosen learner: one VoiceAttributor, its model loaded from and saved to the log (per
 * learner), enrolment from the panel's recordings with a plain-English result, attribution of each live
 * segment, and the practitioner's correction of the last one. No DOM and no IndexedDB here: the storage is
 * passed in, so that this runs in Node tests as it does in the page.
 */

/** How long each enrolment recording lasts (the panel's buttons say so). */
export const ENROL_MS = 5000;

/** Where voice models live: LogStore implements this. */
export interface VoiceModelStorage {
  voiceModel(learnerId: string): Promise<VoiceModelJson | null>;
  setVoiceModel(learnerId: string, model: VoiceModelJson): Promise<void>;
}

export type EnrolOutcome =
  | { ok: true; party: VoiceParty; voiceMs: number; medianPitchHz: Hz | null; message: string }
  | { ok: false; party: VoiceParty; message: string };

export interface VoiceLabel {
  party: Attribution['party'];
  confidence: Unit;
}

/** What a segment brings: its samples when the worklet sent them, at the rate they are at. */
export interface SegmentAudio {
  samples?: Float32Array;
  sampleRate: number;
}

const PARTY_NAME: Readonly<Record<VoiceParty, string>> = { learner: 'learner', practitioner: 'practitioner' };

function secondsText(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The status line for an enrolled party (also shown when a stored model is loaded). */
export function enrolledText(voiceMs: number, medianPitchHz: Hz | null): string {
  const pitch = medianPitchHz === null ? 'no clear pitch' : `median pitch ${Math.round(medianPitchHz)} Hz`;
  return `Enrolled: ${secondsText(voiceMs)} of voice, ${pitch}.`;
}

/** The status line of a party whose stored voice an earlier version made (its features are not today's). */
export const OUTDATED_TEXT = 'Enrolled with an earlier version of Attune: record this voice again.';

export class VoiceIdentity {
  private attributor: VoiceAttributor | null = null;
  private model: VoiceModelJson | null;
  /** Parties the stored model had, in a format this version cannot use: shown as "record again". */
  private readonly outdated = new Set<VoiceParty>();

  private constructor(
    readonly learnerId: string,
    model: VoiceModelJson | null,
    private readonly storage: VoiceModelStorage,
  ) {
    this.model = model;
  }

  /**
   * The learner's voices as stored (none enrolled when the stored model is missing or unreadable). A model from
   * an earlier version (features at the device's rate, see VOICE_MODEL_VERSION) counts as not enrolled, so that
   * it never labels a segment; its parties' status asks for a new recording, which replaces it.
   */
  static async load(storage: VoiceModelStorage, learnerId: string): Promise<VoiceIdentity> {
    const stored: unknown = await storage.voiceModel(learnerId).catch(() => null);
    if (stored === null || isCurrentVoiceModel(stored)) return new VoiceIdentity(learnerId, stored, storage);
    const v = new VoiceIdentity(learnerId, null, storage);
    const parties = (stored as { parties?: unknown }).parties;
    for (const party of VOICE_PARTIES) {
      if (typeof parties === 'object' && parties !== null && party in parties) v.outdated.add(party);
    }
    return v;
  }

  isEnrolled(party: VoiceParty): boolean {
    return this.model?.parties[party] !== undefined;
  }

  /** One status line per party, for the panel. */
  status(): Record<VoiceParty, string> {
    const out = { learner: '', practitioner: '' };
    for (const party of VOICE_PARTIES) {
      const m = this.model?.parties[party];
      if (m === undefined) {
        out[party] = this.outdated.has(party) ? OUTDATED_TEXT : 'Not enrolled yet.';
        continue;
      }
      const hop = this.model?.features.hopMs ?? 10;
      const pitch = m.pitch === null ? null : 2 ** m.pitch.mean;
      out[party] = enrolledText(m.enrolledFrames * hop, pitch);
    }
    return out;
  }

  /**
   * The attributor for this sample rate: the model is rate-independent (its feature parameters are in ms and
   * Hz), so a context at another rate rebuilds from the JSON rather than refusing.
   */
  private attributorAt(sampleRate: number): VoiceAttributor {
    const a = this.attributor;
    if (a !== null && a.extractor.sampleRate === sampleRate) return a;
    const fresh =
      this.model === null
        ? new VoiceAttributor(sampleRate)
        : VoiceAttributor.fromJSON(this.model, sampleRate);
    this.attributor = fresh;
    return fresh;
  }

  /**
   * Enrols (or re-enrols) one party from a recording and saves the model. A failed enrolment leaves the party's
   * previous model as it was.
   */
  async enrol(party: VoiceParty, samples: Float32Array | null, sampleRate: number): Promise<EnrolOutcome> {
    if (samples === null || samples.length === 0) {
      return {
        ok: false,
        party,
        message: 'No answer from the microphone: check it is connected, or try again in a moment.',
      };
    }
    const a = this.attributorAt(sampleRate);
    // Only what the segmenter calls a vocalisation is enrolled, the same cut live segments get: the voiceprint
    // alone keeps any frame near the recording's loudest, so a quiet room on its own would "enrol".
    const pieces = analyseSamples(samples, sampleRate).segments.map((seg) =>
      samples.subarray(
        Math.round((seg.startMs * sampleRate) / 1000),
        Math.round((seg.endMs * sampleRate) / 1000),
      ),
    );
    const print = concatVoiceprints(pieces.map((piece) => a.extractor.extract(piece)));
    const needed = a.params.minEnrolFrames;
    if (pieces.length === 0 || print.frames === 0) {
      return {
        ok: false,
        party,
        message: `No voice was heard: ask the ${PARTY_NAME[party]} to make their sounds near the microphone, and record again.`,
      };
    }
    if (print.frames < needed) {
      const hop = a.extractor.params.hopMs;
      return {
        ok: false,
        party,
        message: `Too short: only ${secondsText(print.frames * hop)} of voice was heard, and at least ${secondsText(needed * hop)} is needed. Record again with more sound.`,
      };
    }
    const report = a.enrolFeatures(party, print);
    const model = a.toJSON();
    try {
      await this.storage.setVoiceModel(this.learnerId, model);
    } catch (error) {
      // Keep the saved model and this attributor in step: rebuild from what is stored.
      this.attributor = null;
      return {
        ok: false,
        party,
        message: `The voice could not be saved (${error instanceof Error ? error.message : String(error)}).`,
      };
    }
    this.model = model;
    this.outdated.delete(party);
    return {
      ok: true,
      party,
      voiceMs: report.voiceMs,
      medianPitchHz: report.medianPitchHz,
      message: enrolledText(report.voiceMs, report.medianPitchHz),
    };
  }

  /**
   * Whose voice a segment is: unknown with no confidence when no voice is enrolled or no audio came. `cues`
   * (whose mouth moved while it sounded) shift an uncertain decision; they never stand in for a voice model.
   */
  attribute(segment: SegmentAudio, cues: LiveCues = {}): VoiceLabel {
    if (this.model === null || Object.keys(this.model.parties).length === 0) {
      return { party: 'unknown', confidence: 0 };
    }
    if (segment.samples === undefined || segment.samples.length === 0)
      return { party: 'unknown', confidence: 0 };
    const a = this.attributorAt(segment.sampleRate).attribute(segment.samples, cues);
    return { party: a.party, confidence: a.confidence };
  }

  /**
   * The practitioner says whose the last segment was. The models are not adapted: a key pressed by mistake
   * must not bend an enrolled voice (re-enrol from the panel to change one).
   */
  correct(party: VoiceParty): VoiceLabel {
    this.attributor?.correct(party);
    return { party, confidence: 1 };
  }
}
