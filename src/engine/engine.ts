import type { VoiceParty } from '../core/audio/attribution.ts';
import type { PerfMs } from '../core/clock.ts';
import type { LogEvent } from '../core/events.ts';
import type { TagDefinition } from '../core/fundamentals.ts';
import type { MotionRegion } from '../core/motion/scene.ts';
import { outputLevels } from '../core/safety/calm.ts';
import type { TurnSnapshot } from '../core/turns/tracker.ts';
import type { Mic, MicLevel, MicSegment, RoomCheck } from '../sensing/mic.ts';
import type { MotionResult } from '../sensing/motionProtocol.ts';
import type { VisionResult } from '../sensing/visionProtocol.ts';
import type { Voice } from '../sound/voice.ts';
import { createLiveSignals, type LiveView, POSE_LANDMARKS, POSE_STRIDE } from '../state/live.ts';
import {
  type DeviceStatus,
  EMPTY_TURNS,
  type SessionState,
  type SettingsState,
  sessionStore,
  settingsStore,
  type TurnView,
} from '../state/stores.ts';
import { learnerVoicesIn } from '../store/learnerVoices.ts';
import type { LogStore } from '../store/logStore.ts';
import { figureEnded } from '../store/progressData.ts';
import { refigureWhenIdle } from '../store/refiguring.ts';
import { LearnerProfiles, movementSensitivityOf, publishLook, publishMotionCells } from './profiles.ts';
import { SceneWatcher } from './sceneWatcher.ts';
import { SessionRecorder, SessionStartError } from './sessionRecorder.ts';
import { VoiceDesk } from './voiceDesk.ts';
import type { EnrolOutcome } from './voiceIdentity.ts';

/** What the engine needs from outside it: the log, the sound and the microphone, and the motion worker. */
export interface EngineDeps {
  store: LogStore;
  /** Attune's sound, made on the first Start (a browser starts audio only on a user's gesture). */
  openVoice(): Promise<Voice | null>;
  /** The microphone, once open (null without one). */
  mic(): Mic | null;
  /** Where the motion worker is to measure each tracked person: sent after every frame the pose model analysed. */
  onRegions(regions: MotionRegion[]): void;
}

export type Device = 'camera' | 'microphone' | 'vision';

/**
 * The engine: everything between the sensors and what people see and hear. Sensing adapters publish feature
 * frames into it and never ask it anything; the stage and the panel read what it publishes (the live signals
 * each frame, the session store on change) and send the practitioner's commands through its methods. It is the
 * only writer of both. A running session (SessionRecorder) lives inside it.
 */
export class Engine {
  private readonly signals = createLiveSignals();
  private readonly watcher = new SceneWatcher();
  private recorder: SessionRecorder | null = null;
  /** A Start under way: a second press waits for it rather than starting a second session. */
  private starting = false;
  /**
   * Ended sessions whose last events are still waiting to be written (a full disk): kept, retrying, until they
   * are on disk.
   */
  private readonly ending = new Set<SessionRecorder>();
  /** What each source (a session's writer, the last Start) has to say about the log; the panel shows them all. */
  private readonly problems = new Map<object, string>();
  private readonly startProblem = {};
  private voice: Voice | null = null;
  /** Whose voice: staff voices, the chosen learner's, and whether turns can be counted (made in `open`). */
  private desk!: VoiceDesk;
  private readonly profiles: LearnerProfiles;

  private constructor(private readonly deps: EngineDeps) {
    this.profiles = new LearnerProfiles(deps.store);
    settingsStore.subscribe((s, prev) => {
      this.applySettings(s);
      // A scene switched during a session is part of what happened: logged as a tag, the session goes on.
      if (s.scene !== prev.scene) this.recorder?.tag('scene', s.scene);
    });
    this.applySettings(settingsStore.getState());
  }

  /** Opens the engine on the log: sessions left running by a crash become "interrupted"; learners are listed. */
  static async open(deps: EngineDeps): Promise<Engine> {
    await deps.store.recoverInterrupted();
    const engine = new Engine(deps);
    engine.desk = await VoiceDesk.open(
      learnerVoicesIn(deps.store),
      (patch) => engine.set(patch),
      () => sessionStore.getState().learnerId,
    );
    await engine.learnersChanged();
    // Sessions whose kept figures an upgrade of the analysis made stale, figured while no session runs.
    refigureWhenIdle(deps.store, () => engine.running || engine.starting);
    return engine;
  }

  /** The live signals, read-only: the stage and the meters read them every frame. */
  get live(): LiveView {
    return this.signals;
  }

  get running(): boolean {
    return this.recorder !== null;
  }

  // What the sensors publish.

  deviceStatus(device: Device, status: DeviceStatus): void {
    this.set({ [device]: status });
  }

  visionFrame(r: VisionResult): void {
    const { events, follow } = this.watcher.frame(r);
    this.record(events);
    const live = this.signals;
    live.mouthMovement.learner = this.watcher.scene.mouth.learner;
    live.mouthMovement.practitioner = this.watcher.scene.mouth.practitioner;
    this.publishTap();
    if (!r.people) return;
    live.people = this.watcher.scene.people.map((t) => ({ box: t.box, identity: t.identity }));
    this.desk.seen(live);
    live.poseCount = r.people.length;
    const person = r.people[follow] ?? r.people[0];
    if (person) {
      live.pose.set(person.landmarks.subarray(0, POSE_LANDMARKS * POSE_STRIDE));
      live.poseFramePerfMs = r.framePerfMs;
      live.cameraAspect = r.frameWidth / Math.max(1, r.frameHeight);
    }
    this.deps.onRegions(this.watcher.regions());
  }

  motionFrame(m: MotionResult): void {
    this.record(this.watcher.motion(m));
    this.signals.motion = this.watcher.scene.ratio;
    publishMotionCells(this.signals, m, this.watcher.scene.motionThreshold);
  }

  micLevel(level: MicLevel): void {
    this.signals.levelDbfs = level.levelDbfs;
    this.signals.thresholdDbfs = level.thresholdDbfs;
    this.signals.voiced = level.voiced;
    this.signals.pitchHz = level.voiced ? level.pitchHz : null;
  }

  /** A vocalisation, final: whose voice it was, logged, answered. Outside a session nothing is logged or asked. */
  vocalisation(seg: MicSegment): void {
    const r = this.recorder;
    if (!r) return;
    const cues = this.watcher.mouthCues.cuesFor(seg.startPerfMs, seg.endPerfMs);
    const label = this.desk.attribute(seg, cues);
    this.desk.counts(label.party);
    r.vocalisation(
      {
        kind: 'vocal',
        party: label.party,
        startMs: seg.startPerfMs,
        endMs: seg.endPerfMs,
        peakDbfs: seg.peakDbfs,
        pitchHz: seg.pitchHz,
        confidence: label.confidence,
        ...(label.voice === undefined ? {} : { voice: label.voice }),
        ...(seg.missingMs === undefined ? {} : { missingAudioMs: seg.missingMs }),
      },
      seg.pitchHz,
      seg.peakDbfs,
    );
  }

  /** A touch on the stage, in 0..1 of its width and height. The board faces the learner, so it is theirs. */
  touch(startMs: PerfMs, endMs: PerfMs, x: number, y: number): void {
    this.record([{ kind: 'touch', party: 'learner', startMs, endMs, x, y }]);
  }

  /** The camera was unplugged: what was under way is logged, and nothing more is drawn from it. */
  cameraLost(): void {
    this.record(this.watcher.flush());
    this.signals.poseCount = 0;
    this.signals.people = [];
    this.desk.seen(this.signals);
  }

  // What the practitioner does.

  async addLearner(pseudonym: string): Promise<void> {
    const learner = await this.deps.store.addLearner(pseudonym);
    this.set({ learnerId: learner.id });
    await this.learnersChanged();
  }

  async chooseLearner(id: string | null): Promise<void> {
    this.set({ learnerId: id });
    await Promise.all([this.desk.loadLearner(id), this.profiles.choose(id)]);
  }

  /** After an import or an erase: the learners now here, and an erased choice forgotten. */
  async learnersChanged(): Promise<void> {
    const learners = await this.deps.store.learners();
    const chosen = sessionStore.getState().learnerId;
    const keep = learners.some((l) => l.id === chosen) ? chosen : null;
    this.set({ learners, learnerId: keep });
    this.desk.forgetSidesExcept(learners.map((l) => l.id));
    await this.desk.forgetSessionsExcept(await this.deps.store.db.getAllKeys('sessions'));
    await Promise.all([this.desk.loadLearner(keep), this.profiles.choose(keep)]);
  }

  /**
   * Starts a session for the chosen learner. When it cannot start (another window runs one, or the disk is full)
   * the panel says why in words, nothing is started, and Start can be pressed again.
   */
  async startSession(): Promise<void> {
    const learnerId = sessionStore.getState().learnerId;
    if (!learnerId || this.recorder || this.starting) return;
    this.starting = true;
    try {
      this.recorder = await this.openRecorder(learnerId);
      this.problem(this.startProblem, null);
    } catch (error) {
      this.problem(
        this.startProblem,
        error instanceof SessionStartError
          ? error.message
          : `The session could not start (${error instanceof Error ? error.message : String(error)}).`,
      );
      return;
    } finally {
      this.starting = false;
    }
    this.applySettings(settingsStore.getState());
    this.desk.sessionStarted(this.recorder.sessionId);
    this.set({
      turns: EMPTY_TURNS,
      lastTag: null,
      voiceCorrection: '',
      sessionId: this.recorder.sessionId,
      panelOpen: false,
      counts: { vocal: 0, movement: 0, touch: 0 },
    });
  }

  /**
   * Ends the running session. Its last events are written with its end; if they cannot be written yet, the
   * session still ends here (another can start) and its writer stays in the engine, retrying, while the panel
   * says how many events are waiting, until they are on disk.
   */
  async endSession(): Promise<void> {
    const r = this.recorder;
    if (!r) return;
    // What is still under way is logged first: movement at once, the last vocalisation once the mic reports it.
    this.record(this.watcher.flush());
    await this.deps.mic()?.flush();
    await this.desk.sessionEnded(this.signals);
    this.recorder = null;
    if (!(await r.end())) {
      this.ending.add(r);
      void r.saved.then(() => this.ending.delete(r));
    }
    // Its figures kept in the log once it is all on disk, so that review has them ready.
    void r.saved.then(() => figureEnded(this.deps.store, r.sessionId));
    this.set({ sessionId: null, panelOpen: true });
  }

  tag(t: TagDefinition): void {
    const atMs = this.recorder?.tag(t.id);
    if (atMs !== undefined) this.set({ lastTag: { label: t.label, atMs } });
  }

  note(text: string): void {
    const atMs = this.recorder?.tag('note', text);
    if (atMs !== undefined) this.set({ lastTag: { label: 'Note', atMs } });
  }

  /** The whose-voice key: the last vocalisation was this party's. */
  async correctVoice(party: VoiceParty): Promise<void> {
    const r = this.recorder;
    if (!r) return;
    this.desk.voices?.correct(party);
    const e = await r.correctLastVocal(party);
    if (e) this.desk.corrected();
    this.set({
      voiceCorrection: e
        ? `The vocalisation at ${(e.startMs / 1000).toFixed(1)} s is now marked as the ${party}’s.`
        : 'There is no vocalisation to correct yet.',
    });
  }

  /** Records the learner's own voice for the chosen learner (the practitioner's is a staff voice). */
  recordVoice(party: VoiceParty): Promise<EnrolOutcome> {
    return this.desk.recordLearner(party, this.deps.mic());
  }

  /** A member of staff records their voice once, under their name; they are then the one running sessions. */
  recordStaffVoice(name: string): Promise<EnrolOutcome> {
    return this.desk.recordStaff(name, this.deps.mic());
  }

  /** Who is running sessions on this computer (remembered); null: nobody chosen. */
  chooseStaff(id: string | null): Promise<void> {
    return this.desk.chooseStaff(id);
  }

  eraseStaffVoice(id: string): Promise<void> {
    return this.desk.eraseStaff(id);
  }

  /** Forgets the chosen learner's own voice; the words say what happened. */
  resetLearnerVoice(): Promise<string> {
    return this.desk.resetLearner();
  }

  /** Attributes again the chosen learner's past vocalisations left unknown; the words say what changed. */
  reattributeVoices(): Promise<string> {
    return this.desk.reattribute(this.deps.store);
  }

  /** Marks as the learner the person on the side of the picture the learner was on last session. */
  useProposedLearner(): boolean {
    const point = this.desk.proposedPoint(this.signals);
    if (point === null) return false;
    this.markLearner(point);
    return true;
  }

  async roomCheck(): Promise<RoomCheck | null> {
    return (await this.deps.mic()?.roomCheck()) ?? null;
  }

  /** "Hold still": the movement thresholds learn the learner's stillness over 3 s. */
  holdStill(): void {
    this.record(this.watcher.startCalibration());
  }

  /**
   * The practitioner tapped the learner in the preview, at a point of the camera's own (unmirrored) image; a
   * tap on nobody waits a moment for someone to be seen there.
   */
  markLearner(point: { x: number; y: number }): void {
    // Vision frames are timed on this page's performance clock, so the tap's wait starts at the tap.
    this.watcher.scene.markLearner(point, performance.now());
    this.publishTap();
  }

  showPanel(open: boolean): void {
    this.set({ panelOpen: open });
  }

  private async openRecorder(learnerId: string): Promise<SessionRecorder> {
    if (!this.voice) this.voice = await this.deps.openVoice().catch(() => null);
    const source = {};
    return SessionRecorder.start(
      this.deps.store,
      learnerId,
      this.voice,
      settingsStore.getState().mode,
      this.signals,
      {
        turns: (s) => this.set({ turns: turnView(s) }),
        counted: (kind) => {
          const counts = sessionStore.getState().counts;
          this.set({ counts: { ...counts, [kind]: counts[kind] + 1 } });
        },
        logProblem: (message) => this.problem(source, message),
        answered: (pitchHz, durationMs) => {
          const now = performance.now();
          this.signals.answer = { pitchHz, startPerfMs: now, endPerfMs: now + durationMs };
        },
      },
    );
  }

  /** Records (or, with null, clears) what one source has to say about the log, and shows them all. */
  private problem(source: object, message: string | null): void {
    if (message === null) this.problems.delete(source);
    else this.problems.set(source, message);
    this.set({ logProblem: this.problems.size ? [...this.problems.values()].join(' ') : null });
  }

  private record(events: readonly LogEvent<PerfMs>[]): void {
    const r = this.recorder;
    if (r) for (const e of events) r.record(e);
  }

  private publishTap(): void {
    const { tapState, waitingTap } = this.watcher.scene.tracker;
    this.signals.learnerTap = tapState === null ? null : { state: tapState, waitingAt: waitingTap };
  }

  private applySettings(s: SettingsState): void {
    const out = outputLevels(s);
    this.voice?.setVolume(out.volume, out.muted);
    this.deps.mic()?.setSensitivity(s.sensitivity);
    this.recorder?.setMode(s.mode);
    this.signals.stageGain = out.stageGain;
    publishLook(this.signals, s);
    this.watcher.scene.setMovementSensitivity(movementSensitivityOf(s));
  }

  private set(patch: Partial<SessionState>): void {
    sessionStore.setState(patch);
  }
}

function turnView(s: TurnSnapshot): TurnView {
  return {
    holder: s.holder,
    sequenceTurns: s.runningSequenceLive ? s.runningSequenceTurns : 0,
    lastLatencyMs: s.lastLatencyMs,
    lastLatencyParty: s.lastLatencyParty,
    exchanges: s.exchanges,
    initiations: s.initiations,
  };
}
