import { SessionClock } from '../core/clock.ts';
import type { LogEvent, Party, SeenEvent, VocalEvent } from '../core/events.ts';
import { FeatureSummariser, SUMMARY_PERIOD_MS } from '../core/featureSummary.ts';
import { type ResponseMode, ResponsePolicy } from '../core/respond/modes.ts';
import { DEFAULT_TURN_PARAMS, type TurnParams } from '../core/turns/params.ts';
import { TurnTracker } from '../core/turns/tracker.ts';
import type { MicSegment } from '../sensing/mic.ts';
import type { Voice } from '../sound/voice.ts';
import type { LiveSignals } from '../state/live.ts';
import { sessionStore } from '../state/stores.ts';
import { EventWriter } from '../store/eventWriter.ts';
import type { LogStore } from '../store/logStore.ts';

/** How long an answer tone sounds, attack to the end of its release: logged as the system's response. */
const ANSWER_MS = 2100;
/** The live turn view is refreshed at least this often, so "who holds the turn" lapses on time. */
const TURN_VIEW_REFRESH_MS = 500;

/**
 * One running session: puts every sensed event on the session clock, answers according to the response mode,
 * tracks turn-taking live, and logs. Sensing goes on between sessions (for the meters); only a running
 * session writes to the log.
 */
export class SessionRunner {
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

  private constructor(
    readonly sessionId: string,
    readonly clock: SessionClock,
    private readonly writer: EventWriter,
    private readonly store: LogStore,
    private readonly voice: Voice | null,
    private readonly turnParams: TurnParams,
    mode: ResponseMode,
    live: LiveSignals,
  ) {
    this.tracker = new TurnTracker(turnParams);
    this.policy = new ResponsePolicy(mode);
    this.refresh = window.setInterval(() => this.publishTurns(), TURN_VIEW_REFRESH_MS);
    this.sampler = window.setInterval(() => {
      const chunk = this.summary.add(this.now(), live.levelDbfs, live.motion);
      if (chunk) this.writer.addFeatures(chunk);
    }, SUMMARY_PERIOD_MS);
  }

  static async start(
    store: LogStore,
    learnerId: string,
    voice: Voice | null,
    mode: ResponseMode,
    live: LiveSignals,
  ): Promise<SessionRunner> {
    const originPerf = performance.now();
    const turnParams: TurnParams = { ...DEFAULT_TURN_PARAMS };
    const session = await store.startSession({
      id: crypto.randomUUID(),
      learnerId,
      startedAt: Date.now(),
      turnParams,
    });
    const writer = new EventWriter(store, session.id, (message) =>
      sessionStore.setState({ logProblem: message }),
    );
    return new SessionRunner(
      session.id,
      new SessionClock(originPerf),
      writer,
      store,
      voice,
      turnParams,
      mode,
      live,
    );
  }

  setMode(mode: ResponseMode): void {
    this.policy.mode = mode;
  }

  private now(): number {
    return this.clock.fromPerf(performance.now());
  }

  /**
   * An activity on the session clock, cut at the session's start: one that began before it (a learner
   * already waving when the practitioner pressed Start) counts from 0; one that ended before it is dropped.
   */
  private span(startPerfMs: number, endPerfMs: number): { startMs: number; endMs: number } | null {
    const endMs = this.clock.fromPerf(endPerfMs);
    if (endMs <= 0) return null;
    return { startMs: Math.max(0, this.clock.fromPerf(startPerfMs)), endMs };
  }

  private log(event: LogEvent): void {
    this.writer.add(event);
    if (
      event.kind === 'vocal' ||
      event.kind === 'movement' ||
      event.kind === 'touch' ||
      event.kind === 'tag'
    ) {
      if (event.kind !== 'tag') {
        const counts = sessionStore.getState().counts;
        sessionStore.setState({ counts: { ...counts, [event.kind]: counts[event.kind] + 1 } });
      }
      this.turnEvents.push(event);
      this.tracker.add(event);
      this.publishTurns();
    }
  }

  private publishTurns(): void {
    const s = this.tracker.snapshot(this.now());
    sessionStore.setState({
      turns: {
        holder: s.holder,
        sequenceTurns: s.runningSequenceLive ? s.runningSequenceTurns : 0,
        lastLatencyMs: s.lastLatencyMs,
        lastLatencyParty: s.lastLatencyParty,
        exchanges: s.exchanges,
        initiations: s.initiations,
      },
    });
  }

  /** Plays an answer at a session time (now or later) and logs it as the system's response. */
  private answerAt(atMs: number, pitchHz: number | null, peakDbfs: number): void {
    const voice = this.voice;
    if (!voice) return;
    this.policy.answered(atMs + ANSWER_MS);
    const play = () => {
      voice.answer(pitchHz, peakDbfs);
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

  /** A vocalisation has just started (not yet final): mirror mode answers here. */
  vocalOnset(perfMs: number): void {
    const atMs = this.clock.fromPerf(perfMs);
    if (atMs < 0) return;
    const at = this.policy.decide({ type: 'onset', atMs });
    if (at !== null) this.answerAt(at, null, -30);
  }

  vocalisation(seg: MicSegment, party: Party = 'unknown', confidence = 0): void {
    const span = this.span(seg.startPerfMs, seg.endPerfMs);
    if (!span) return;
    this.log({ kind: 'vocal', party, ...span, peakDbfs: seg.peakDbfs, pitchHz: seg.pitchHz, confidence });
    const at = this.policy.decide({ type: 'end', atMs: span.endMs });
    if (at !== null) this.answerAt(at, seg.pitchHz, seg.peakDbfs);
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

  movement(startPerfMs: number, endPerfMs: number, peakEnergy: number, party: Party): void {
    const span = this.span(startPerfMs, endPerfMs);
    if (span) this.log({ kind: 'movement', party, ...span, peakEnergy });
  }

  /** What the camera saw beyond movement (attention, smiles, closeness, distance), times on the performance clock. */
  seen(event: SeenEvent): void {
    const span = this.span(event.startMs, event.endMs);
    if (span) this.log({ ...event, ...span });
  }

  touch(startPerfMs: number, endPerfMs: number, x: number, y: number): void {
    const span = this.span(startPerfMs, endPerfMs);
    // The board faces the learner; staff use the panel, so a touch on the stage is the learner's.
    if (span) this.log({ kind: 'touch', party: 'learner', ...span, x, y });
  }

  /** A practitioner's tag or note, stamped now. */
  tag(tag: string, note?: string): void {
    this.log(
      note === undefined
        ? { kind: 'tag', atMs: this.now(), tag }
        : { kind: 'tag', atMs: this.now(), tag, note },
    );
  }

  async end(): Promise<void> {
    window.clearInterval(this.refresh);
    window.clearInterval(this.sampler);
    const last = this.summary.flush();
    if (last) this.writer.addFeatures(last);
    for (const t of this.timers) window.clearTimeout(t);
    await this.writer.close();
    await this.store.endSession(this.sessionId, Date.now());
  }
}
