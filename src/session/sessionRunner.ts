import { SessionClock } from '../core/clock.ts';
import type { LogEvent, Party } from '../core/events.ts';
import { DEFAULT_TURN_PARAMS } from '../core/turns/params.ts';
import type { MicSegment } from '../sensing/mic.ts';
import type { Voice } from '../sound/voice.ts';
import { sessionStore } from '../state/stores.ts';
import { EventWriter } from '../store/eventWriter.ts';
import type { LogStore } from '../store/logStore.ts';

/** How long an answer tone sounds, attack to the end of its release: logged as the system's response. */
const ANSWER_MS = 2100;

/**
 * One running session: puts every sensed event on the session clock, answers, and logs. Sensing goes on
 * between sessions (for the meters); only a running session writes to the log.
 */
export class SessionRunner {
  private constructor(
    readonly sessionId: string,
    readonly clock: SessionClock,
    private readonly writer: EventWriter,
    private readonly store: LogStore,
    private readonly voice: Voice | null,
  ) {}

  static async start(store: LogStore, learnerId: string, voice: Voice | null): Promise<SessionRunner> {
    const originPerf = performance.now();
    const startedAt = Date.now();
    const session = await store.startSession({
      id: crypto.randomUUID(),
      learnerId,
      startedAt,
      turnParams: { ...DEFAULT_TURN_PARAMS },
    });
    const writer = new EventWriter(store, session.id, (message) =>
      sessionStore.setState({ logProblem: message }),
    );
    return new SessionRunner(session.id, new SessionClock(originPerf), writer, store, voice);
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
    if (event.kind === 'vocal' || event.kind === 'movement' || event.kind === 'touch') {
      const counts = sessionStore.getState().counts;
      sessionStore.setState({ counts: { ...counts, [event.kind]: counts[event.kind] + 1 } });
    }
  }

  vocalisation(seg: MicSegment, party: Party = 'unknown', confidence = 0): void {
    const { startMs, endMs } = this.span(seg.startPerfMs, seg.endPerfMs) ?? {};
    if (startMs === undefined || endMs === undefined) return;
    this.log({
      kind: 'vocal',
      party,
      startMs,
      endMs,
      peakDbfs: seg.peakDbfs,
      pitchHz: seg.pitchHz,
      confidence,
    });
    if (this.voice) {
      this.voice.answer(seg.pitchHz, seg.peakDbfs);
      const now = this.clock.fromPerf(performance.now());
      this.log({
        kind: 'response',
        party: 'system',
        startMs: now,
        endMs: now + ANSWER_MS,
        output: 'sound',
        cause: 'voice',
      });
    }
  }

  movement(startPerfMs: number, endPerfMs: number, peakEnergy: number, party: Party): void {
    const span = this.span(startPerfMs, endPerfMs);
    if (span) this.log({ kind: 'movement', party, ...span, peakEnergy });
  }

  touch(startPerfMs: number, endPerfMs: number, x: number, y: number): void {
    this.log({
      kind: 'touch',
      // The board faces the learner; staff use the panel, so a touch on the stage is the learner's.
      party: 'learner',
      startMs: this.clock.fromPerf(startPerfMs),
      endMs: this.clock.fromPerf(endPerfMs),
      x,
      y,
    });
  }

  async end(): Promise<void> {
    await this.writer.close();
    await this.store.endSession(this.sessionId, Date.now());
  }
}
