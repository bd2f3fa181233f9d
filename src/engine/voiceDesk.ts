import type { VoiceParty } from '../core/audio/attribution.ts';
import type { VoiceCues } from '../core/audio/whoseVoice.ts';
import {
  type CountableInput,
  personOnSide,
  type TurnsProblem,
  turnsProblems,
} from '../core/turns/countable.ts';
import type { LiveView } from '../state/live.ts';
import type { SessionState, StaffChoice } from '../state/stores.ts';
import type { LearnerVoiceStorage } from '../store/learnerVoices.ts';
import type { LogStore } from '../store/logStore.ts';
import { reattributeLearner, reattributionText } from '../store/reattribution.ts';
import {
  chooseStaff,
  chosenStaffId,
  type StaffVoice,
  type StaffVoiceStore,
  StaffVoices,
} from '../store/staffVoices.ts';
import {
  ENROL_MS,
  type EnrolOutcome,
  profileFromRecording,
  type SegmentAudio,
  type StaffVoiceModel,
  VoiceIdentity,
  type VoiceLabel,
} from './voiceIdentity.ts';

/** Where the learner stood in the picture last session, per learner (camera x of their centre, unmirrored). */
const SIDES_KEY = 'attune.learnerSide';

function readSides(): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(SIDES_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    // Unreadable or refused storage: nothing is proposed, and the practitioner taps the learner as before.
    return {};
  }
}

function writeSides(sides: Record<string, number>): void {
  try {
    localStorage.setItem(SIDES_KEY, JSON.stringify(sides));
  } catch {
    // As above: the side is remembered for this page only.
  }
}

function centreX(box: { x: number; width: number }): number {
  return box.x + box.width / 2;
}

/** What the desk needs of a recording microphone. */
export interface Recorder {
  readonly sampleRate: number;
  record(ms: number): Promise<Float32Array | null>;
}

/**
 * Whose voice, for the engine: the staff voices on this computer and who is running the session (remembered),
 * the chosen learner's voice identity (their voice, the practitioner's from staff), and whether turns can be
 * counted now (`turnsProblems` on the session store), with what the learner's side in the picture was last time.
 * It publishes through `set`, the engine's writer of the session store.
 */
export class VoiceDesk {
  private identity: VoiceIdentity | null = null;
  private staffVoices: StaffVoice[] = [];
  /** Staff whose voice an earlier version recorded: choosable, never compared, asked to record again. */
  private olderStaff: { id: string; name: string }[] = [];
  private staffId: string | null = chosenStaffId();
  private counted = { total: 0, unknown: 0 };
  /** Whether the session's last vocalisation was attributed unknown (a whose-voice key may correct it). */
  private lastUnknown = false;
  private view = { people: 0, learnerInView: false };
  private shownProblems = '';

  private constructor(
    private readonly storage: LearnerVoiceStorage,
    private readonly staff: StaffVoiceStore | null,
    private readonly set: (patch: Partial<SessionState>) => void,
    private readonly learnerId: () => string | null,
  ) {}

  static async open(
    storage: LearnerVoiceStorage,
    set: (patch: Partial<SessionState>) => void,
    learnerId: () => string | null,
    staffStore?: StaffVoiceStore | null,
  ): Promise<VoiceDesk> {
    // Without the staff voices database (a refused profile) sessions still run; turns say why they are not counted.
    const staff = staffStore !== undefined ? staffStore : await StaffVoices.open().catch(() => null);
    const desk = new VoiceDesk(storage, staff, set, learnerId);
    await desk.staffChanged();
    return desk;
  }

  get voices(): VoiceIdentity | null {
    return this.identity;
  }

  /** The chosen member of staff's voice, for the identity. */
  private chosenStaff(): StaffVoiceModel | null {
    const s = this.staffVoices.find((v) => v.id === this.staffId);
    return s === undefined ? null : { name: s.name, profile: s.profile };
  }

  /** The chosen member of staff's name when their voice is of an earlier version, else null. */
  private olderChosen(): string | null {
    return this.olderStaff.find((v) => v.id === this.staffId)?.name ?? null;
  }

  private async staffChanged(): Promise<void> {
    this.staffVoices = (await this.staff?.list().catch(() => [])) ?? [];
    this.olderStaff = (await this.staff?.older?.().catch(() => [])) ?? [];
    const known = (id: string) => [...this.staffVoices, ...this.olderStaff].some((s) => s.id === id);
    if (this.staffId !== null && !known(this.staffId)) {
      this.staffId = null;
      chooseStaff(null);
    }
    this.identity?.setStaff(this.chosenStaff(), this.olderChosen());
    const staff: StaffChoice[] = [
      ...this.staffVoices.map((s) => ({ id: s.id, name: s.name })),
      ...this.olderStaff.map((s) => ({ id: s.id, name: s.name, older: true })),
    ].sort((a, b) => a.name.localeCompare(b.name));
    this.set({ staff, staffId: this.staffId, voices: this.identity?.status() ?? null });
    this.publish();
  }

  /** The chosen learner changed: their voices, with the chosen member of staff's. */
  async loadLearner(learnerId: string | null): Promise<void> {
    const loaded = learnerId ? await VoiceIdentity.load(this.storage, learnerId, this.chosenStaff()) : null;
    // A quicker later choice wins.
    if (this.learnerId() !== learnerId) return;
    loaded?.setStaff(this.chosenStaff(), this.olderChosen());
    this.identity = loaded;
    this.set({ voices: loaded?.status() ?? null });
    this.publish();
  }

  /** Staff say who is running sessions here (remembered on this computer). */
  async chooseStaff(id: string | null): Promise<void> {
    this.staffId = id;
    chooseStaff(id);
    await this.staffChanged();
  }

  /** A member of staff records their voice under their name (a name already here is recorded again). */
  async recordStaff(name: string, mic: Recorder | null): Promise<EnrolOutcome> {
    const trimmed = name.trim();
    if (trimmed === '')
      return { ok: false, party: 'practitioner', message: 'Type your name (or initials) first.' };
    if (!this.staff)
      return {
        ok: false,
        party: 'practitioner',
        message: 'Staff voices cannot be kept in this browser (its storage is refused).',
      };
    if (!mic)
      return {
        ok: false,
        party: 'practitioner',
        message: 'There is no microphone: connect one and reload the page.',
      };
    const { outcome, profile } = profileFromRecording(
      'practitioner',
      await mic.record(ENROL_MS),
      mic.sampleRate,
    );
    if (!outcome.ok || profile === null) return outcome;
    try {
      const saved = await this.staff.save(trimmed, profile);
      this.staffId = saved.id;
      chooseStaff(saved.id);
    } catch (error) {
      return {
        ok: false,
        party: 'practitioner',
        message: `The voice could not be saved (${error instanceof Error ? error.message : String(error)}).`,
      };
    }
    await this.staffChanged();
    return { ...outcome, message: `${trimmed}: ${outcome.message}` };
  }

  async eraseStaff(id: string): Promise<void> {
    await this.staff?.erase(id);
    if (this.staffId === id) this.staffId = null;
    await this.staffChanged();
  }

  /** Records the learner's own voice (optional: without it the learner is known by elimination). */
  async recordLearner(party: VoiceParty, mic: Recorder | null): Promise<EnrolOutcome> {
    const v = this.identity;
    if (!v) return { ok: false, party, message: 'Choose a learner first.' };
    if (!mic)
      return { ok: false, party, message: 'There is no microphone: connect one and reload the page.' };
    const outcome = await v.enrol(party, await mic.record(ENROL_MS), mic.sampleRate);
    this.set({ voices: v.status() });
    this.publish();
    return outcome;
  }

  /** Staff reset the learner's voice: learnt again from their sessions, by elimination meanwhile. */
  async resetLearner(): Promise<string> {
    const v = this.identity;
    if (!v) return 'Choose a learner first.';
    const failed = await v.resetLearner();
    this.set({ voices: v.status() });
    return (
      failed ??
      'The learner’s voice is forgotten: Attune tells them from the practitioner’s voice, and learns it again.'
    );
  }

  /**
   * Attributes again the chosen learner's past vocalisations left unknown, with the voices known now: each
   * session's practitioner is whoever ran it (or, not noted, whoever is chosen now).
   */
  async reattribute(store: LogStore): Promise<string> {
    const learnerId = this.learnerId();
    const v = this.identity;
    if (learnerId === null || v === null) return 'Choose a learner first.';
    const learner = v.known().learner;
    try {
      const r = await reattributeLearner(store, learnerId, async (session) => {
        const ran = (await this.staff?.whoRan(session.id).catch(() => null)) ?? this.staffId;
        const staff = this.staffVoices.find((s) => s.id === ran);
        return { practitioner: staff?.profile ?? null, learner };
      });
      return reattributionText(r);
    } catch (error) {
      return `The sessions could not be labelled again (${error instanceof Error ? error.message : String(error)}); nothing of a session was changed part way.`;
    }
  }

  attribute(segment: SegmentAudio, cues: VoiceCues): VoiceLabel {
    return this.identity?.attribute(segment, cues) ?? { party: 'unknown', confidence: 0 };
  }

  // The session's running tally of what was attributed, for "most are unknown".

  /** A session started: who runs it is noted (its vocalisations are attributed again with their voice). */
  sessionStarted(sessionId: string): void {
    if (this.staffId !== null) void this.staff?.ranSession(sessionId, this.staffId).catch(() => undefined);
    this.counted = { total: 0, unknown: 0 };
    this.lastUnknown = false;
    this.publish();
  }

  counts(party: string): void {
    this.counted.total++;
    this.lastUnknown = party === 'unknown';
    if (this.lastUnknown) this.counted.unknown++;
    this.publish();
  }

  /** A whose-voice key said whose the last vocalisation was: an unknown one no longer counts as unknown. */
  corrected(): void {
    if (this.lastUnknown && this.counted.unknown > 0) this.counted.unknown--;
    this.lastUnknown = false;
    this.publish();
  }

  /** The session ended: the learner's side in the picture is remembered, and what was learnt of their voice saved. */
  async sessionEnded(live: LiveView): Promise<void> {
    const learnerId = this.learnerId();
    const learner = live.people.find((p) => p.identity === 'learner');
    if (learnerId !== null && learner !== undefined)
      writeSides({ ...readSides(), [learnerId]: centreX(learner.box) });
    this.counted = { total: 0, unknown: 0 };
    this.publish();
    const failed = await this.identity?.save();
    if (failed) this.set({ voiceCorrection: failed });
  }

  /** Every camera frame: who is in view. The store is written only when the answer changes. */
  seen(live: LiveView): void {
    const people = live.people.length;
    const learnerInView = live.people.some((p) => p.identity === 'learner');
    if (people === this.view.people && learnerInView === this.view.learnerInView) return;
    this.view = { people, learnerInView };
    this.publish();
  }

  /**
   * The point to mark as the learner when staff accept the proposal (the person on the side the learner was on
   * last session), or null when nobody is there.
   */
  proposedPoint(live: LiveView): { x: number; y: number } | null {
    const learnerId = this.learnerId();
    const last = learnerId === null ? undefined : readSides()[learnerId];
    if (last === undefined) return null;
    const i = personOnSide(
      live.people.map((p) => centreX(p.box)),
      last,
    );
    const box = i === null ? undefined : live.people[i]?.box;
    return box === undefined ? null : { x: centreX(box), y: box.y + box.height / 2 };
  }

  /** Sessions gone (an erased learner's): who ran them is forgotten too. */
  async forgetSessionsExcept(sessionIds: readonly string[]): Promise<void> {
    await this.staff?.forgetSessionsExcept(new Set(sessionIds)).catch(() => undefined);
  }

  /** Learners gone (erased): their remembered sides go with them. */
  forgetSidesExcept(learnerIds: readonly string[]): void {
    const sides = readSides();
    const kept = Object.fromEntries(Object.entries(sides).filter(([id]) => learnerIds.includes(id)));
    if (Object.keys(kept).length !== Object.keys(sides).length) writeSides(kept);
  }

  private publish(): void {
    const learnerId = this.learnerId();
    const input: CountableInput = {
      practitionerVoice: this.identity?.isEnrolled('practitioner') ?? this.chosenStaff() !== null,
      staffVoices: this.staffVoices.length,
      peopleInView: this.view.people,
      learnerInView: this.view.learnerInView,
      lastLearnerX: learnerId === null ? null : (readSides()[learnerId] ?? null),
      vocalisations: this.counted.total,
      unknownVocalisations: this.counted.unknown,
    };
    const problems: TurnsProblem[] = learnerId === null ? [] : turnsProblems(input);
    const key = JSON.stringify(problems);
    if (key === this.shownProblems) return;
    this.shownProblems = key;
    this.set({ turnsProblems: problems });
  }
}
