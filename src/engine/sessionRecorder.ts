import { type PerfMs, SessionClock, type SessionMs } from '../core/clock.ts';
import type { LogEvent, Party, VocalEvent } from '../core/events.ts';
import { FeatureSummariser, SUMMARY_PERIOD_MS } from '../core/featureSummary.ts';
import { type ResponseMode, ResponsePolicy } from '../core/respond/modes.ts';
import { DEFAULT_TURN_PARAMS, type TurnParams } from '../core/turns/params.ts';
import { type TurnSnapshot, TurnTracker } from '../core/turns/tracker.ts';
import type { Voice } from '../sound/voice.ts';
import type { LiveView } from '../state/live.ts';
import { settingsStore } from '../state/stores.ts';
import { describeStartError, EventWriter } from '../store/eventWriter.ts';
import {
  holdLock,
  type LogStore,
  RUNS_A_SESSION_LOCK,
  type StoredSession,
  sessionLock,
} from '../store/logStore.ts';
import { SoundResponses } from './soundResponses.ts';

/** How long an answer tone sounds, attack to the end of its release: logged as the system's response. */
const ANSWER_MS = 2100;
/** The live turn view is refreshed at least this often, so "who holds the turn" lapses on time. */
const TURN_VIEW_REFRESH_MS = 500;

/** What a running session tells the engine, for the panel. */
export interface RecorderOutput {
  /** The turn tracker's view now, after every event it counted and every half second. */
  turns(snapshot: TurnSnapshot): void;
  /** One more event of a kind the panel counts. */
  counted(kind: 'vocal' | 'movement' | 'touch'): void;
  /** The log could not write (a full disk): the words to show; null once it writes again. */
  logProblem(message: string | null): void;
  /** Attune answered a voice, now, for this long (the echo scene draws the answer beside the learner's turn). */
  answered(pitchHz: number | null, durationMs: number): void;
}

/** A session that did not start; its message is for staff as it is. Nothing was started or left behind. */
export class SessionStartError extends Error {
  override name = 'SessionStartError';
}

export const ANOTHER_WINDOW_RUNS_A_SESSION =
  'A session is running in another Attune window. End it there first.';

/** The locks a running session holds (see logStore.ts): each function lets its lock go. */
interface SessionLocks {
  runs: () => void;
  session: () => void;
}

/**
 * One running session: moves every sensed event onto the session clock (once, here), logs it, tracks
 * turn-taking live, and answers vocalisations according to the response mode. It lives inside the engine,
 * which creates it on Start and ends it on End.
 */
export class SessionRecorder {
  private tracker: TurnTracker;
  /**
   * The events the turn tracker was fed, in order: a whose-voice correction changes one of them, and the
   * tracker is rebuilt from them so that the live turn view follows.
   */
  private readonly turnEvents: LogEvent[] = [];
  private readonly policy: ResponsePolicy;
  private readonly timers = new Set<number>();
  private readonly refresh: number;
  private readonly sampler: number;
  private readonly summary = new FeatureSummariser();
  /** Movement and touch that sound (none without sound). */
  private readonly sounds: SoundResponses | null;
  private readonly stopCalmLog: () => void;

  private constructor(
    readonly sessionId: string,
    readonly clock: SessionClock,
    private readonly writer: EventWriter,
    private readonly voice: Voice | null,
    private readonly turnParams: TurnParams,
    mode: ResponseMode,
    live: LiveView,
    private readonly out: RecorderOutput,
    private readonly locks: SessionLocks,
  ) {
    this.tracker = new TurnTracker(turnParams);
    this.policy = new ResponsePolicy(mode);
    this.sounds = voice
      ? new SoundResponses({
          voice,
          live,
          now: () => this.now(),
          answering: () => this.policy.mode !== 'listen-only',
          logResponse: (startMs, endMs, cause) =>
            this.log({ kind: 'response', party: 'system', startMs, endMs, output: 'sound', cause }),
        })
      : null;
    // Calm is part of what happened (regulating arousal): logged as a tag when it goes on or off, and at the
    // start when the session begins in calm.
    if (settingsStore.getState().calm) this.tag('calm', 'on');
    this.stopCalmLog = settingsStore.subscribe((st, prev) => {
      if (st.calm !== prev.calm) this.tag('calm', st.calm ? 'on' : 'off');
    });
    this.refresh = window.setInterval(() => this.publishTurns(), TURN_VIEW_REFRESH_MS);
    this.sampler = window.setInterval(() => {
      const chunk = this.summary.add(this.now(), live.levelDbfs, live.motion);
      if (chunk) this.writer.addFeatures(chunk);
    }, SUMMARY_PERIOD_MS);
  }

  /**
   * Starts a session: its record in the log, its writer, its clock. Throws a SessionStartError, having started
   * nothing, when another window runs a session or the record cannot be written (a full disk).
   */
  static async start(
    store: LogStore,
    learnerId: string,
    voice: Voice | null,
    mode: ResponseMode,
    live: LiveView,
    out: RecorderOutput,
  ): Promise<SessionRecorder> {
    const runs = await holdLock(RUNS_A_SESSION_LOCK);
    if (!runs) throw new SessionStartError(ANOTHER_WINDOW_RUNS_A_SESSION);
    const id = crypto.randomUUID();
    // Taken before the record exists, so that no other tab ever finds this session live with its lock free.
    const own = await holdLock(sessionLock(id));
    const turnParams: TurnParams = { ...DEFAULT_TURN_PARAMS };
    const originPerf: PerfMs = performance.now();
    // A fresh id's lock is always free; without it another tab could close the session under this one.
    if (!own) {
      runs();
      throw new SessionStartError('The session could not start just now. Press Start again.');
    }
    let session: StoredSession;
    try {
      session = await store.startSession({ id, learnerId, startedAt: Date.now(), turnParams });
    } catch (error) {
      own();
      runs();
      throw new SessionStartError(describeStartError(error));
    }
    const writer = new EventWriter(store, session, out.logProblem);
    const clock = new SessionClock(originPerf);
    return new SessionRecorder(session.id, clock, writer, voice, turnParams, mode, live, out, {
      runs,
      session: own,
    });
  }

  setMode(mode: ResponseMode): void {
    this.policy.mode = mode;
  }

  /** Session time now. */
  now(): SessionMs {
    return this.clock.fromPerf(performance.now());
  }

  /**
   * A sensed event, on the performance clock: onto the session clock (cut at its start), into the log and the
   * live turn view. Returns the event as logged, or null when it ended before the session began.
   */
  record(event: LogEvent<PerfMs>): LogEvent | null {
    const logged = this.clock.toSession(event);
    if (logged) this.log(logged);
    return logged;
  }

  /** A vocalisation: logged, then answered as the response mode says. */
  vocalisation(event: VocalEvent<PerfMs>, pitchHz: number | null, peakDbfs: number): void {
    const logged = this.record(event);
    if (logged?.kind !== 'vocal') return;
    const at = this.policy.decide(logged.endMs);
    if (at !== null) this.answerAt(at, pitchHz, peakDbfs);
  }

  /** A practitioner's tag or note, stamped now. */
  tag(tag: string, note?: string): SessionMs {
    const atMs = this.now();
    this.log(note === undefined ? { kind: 'tag', atMs, tag } : { kind: 'tag', atMs, tag, note });
    return atMs;
  }

  /**
   * The practitioner says whose the last vocalisation was (the whose-voice key): the logged event gets that party
   * with full confidence, on disk or still queued, and the turn view is recomputed. Resolves with the corrected
   * event, or null when the session has no vocalisation yet.
   */
  async correctLastVocal(party: Party): Promise<VocalEvent | null> {
    let i = this.turnEvents.length - 1;
    while (i >= 0 && this.turnEvents[i]?.kind !== 'vocal') i--;
    const last = this.turnEvents[i];
    if (last?.kind !== 'vocal') return null;
    const corrected: VocalEvent = { ...last, party, confidence: 1 };
    this.turnEvents[i] = corrected;
    this.tracker = new TurnTracker(this.turnParams);
    this.tracker.addAll(this.turnEvents);
    this.publishTurns();
    await this.writer.relabelVocal(corrected.startMs, party, 1);
    return corrected;
  }

  /**
   * Ends the session: what is under way is written with the session's end. Resolves true when the session and
   * all its events are on disk; false when some are still waiting (a full disk): the writer keeps trying, the
   * panel says how many wait, and `saved` resolves once they are written. Either way another session may start.
   */
  async end(): Promise<boolean> {
    window.clearInterval(this.refresh);
    window.clearInterval(this.sampler);
    const last = this.summary.flush();
    if (last) this.writer.addFeatures(last);
    for (const t of this.timers) window.clearTimeout(t);
    this.sounds?.end();
    this.stopCalmLog();
    const saved = await this.writer.close(Date.now());
    this.locks.runs();
    // Held until the last write: until then another tab must not take this session for a crashed one.
    void this.writer.saved.then(() => this.locks.session());
    return saved;
  }

  /** Resolves once the session's end and every one of its events are on disk. */
  get saved(): Promise<void> {
    return this.writer.saved;
  }

  private log(event: LogEvent): void {
    this.writer.add(event);
    if (event.kind === 'touch') this.sounds?.touch(event);
    if (event.kind !== 'vocal' && event.kind !== 'movement' && event.kind !== 'touch' && event.kind !== 'tag')
      return;
    if (event.kind !== 'tag') this.out.counted(event.kind);
    this.turnEvents.push(event);
    this.tracker.add(event);
    this.publishTurns();
  }

  private publishTurns(): void {
    this.out.turns(this.tracker.snapshot(this.now()));
  }

  /** Plays an answer at a session time (now or later) and logs it as the system's response. */
  private answerAt(atMs: SessionMs, pitchHz: number | null, peakDbfs: number): void {
    const voice = this.voice;
    if (!voice) return;
    this.policy.answered(atMs + ANSWER_MS);
    const play = () => {
      voice.answer(pitchHz, peakDbfs);
      this.out.answered(pitchHz, ANSWER_MS);
      const now = this.now();
      this.log({
        kind: 'response',
        party: 'system',
        startMs: now,
        endMs: now + ANSWER_MS,
        output: 'sound',
        cause: 'voice',
      });
    };
    const delay = atMs - this.now();
    if (delay <= 5) {
      play();
      return;
    }
    const timer = window.setTimeout(() => {
      this.timers.delete(timer);
      play();
    }, delay);
    this.timers.add(timer);
  }
}
