import type { LogEvent, Party } from '../core/events.ts';
import type { FeatureChunk } from '../core/featureSummary.ts';
import { LogClosedError, type LogStore, type StoredSession, withBatch } from './logStore.ts';

/** At most this far behind: a power cut loses no more than the last second (this, with margin for the write). */
export const FLUSH_INTERVAL_MS = 500;

const noop = () => undefined;

/**
 * Batches a session's events into one IndexedDB transaction every half second, and at once when the page is
 * hidden or closed (a hidden tab's timers may run once a minute, and a closed one's never). A failed write keeps
 * its events queued and retries, and says why in plain words: a full disk must never silently drop a learner's
 * session. Closing it writes the session's end with its last events; if that fails the writer stays, retrying,
 * until everything is on disk (`saved`).
 */
export class EventWriter {
  private queue: LogEvent[] = [];
  private features: FeatureChunk[] = [];
  private timer: number | null = null;
  /** The last write or relabelling under way (settled, never rejected); the next one starts after it. */
  private writing: Promise<void> = Promise.resolve();
  private underWay = 0;
  /** Events in the write under way. */
  private inFlight = 0;
  /** The session's record as the last successful write left it on disk. */
  private record: StoredSession;
  /** When the session ended (epoch ms), once `close` is called: written with the last batch. */
  private endedAt: number | null = null;
  private finished = false;
  private markSaved: () => void = noop;
  private readonly unlisten: () => void;
  /** Resolves once the session's end and all its events are on disk. */
  readonly saved: Promise<void>;

  constructor(
    private readonly store: LogStore,
    session: StoredSession,
    private readonly onProblem: (message: string | null) => void,
  ) {
    this.record = session;
    this.saved = new Promise((resolve) => {
      this.markSaved = resolve;
    });
    this.timer = window.setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    const now = () => void this.flush();
    const whenHidden = () => {
      if (document.visibilityState === 'hidden') now();
    };
    window.addEventListener('pagehide', now);
    document.addEventListener('visibilitychange', whenHidden);
    const stopClosing = store.whenClosing(now);
    this.unlisten = () => {
      window.removeEventListener('pagehide', now);
      document.removeEventListener('visibilitychange', whenHidden);
      stopClosing();
    };
  }

  get sessionId(): string {
    return this.record.id;
  }

  /** Events not yet on disk (queued, or in a write that has not yet succeeded). */
  get unsaved(): number {
    return this.queue.length + this.inFlight;
  }

  add(event: LogEvent): void {
    this.queue.push(event);
  }

  addFeatures(chunk: FeatureChunk): void {
    this.features.push(chunk);
  }

  /**
   * Relabels the vocal event starting at `startMs` (a whose-voice correction), wherever it is: still queued,
   * it is changed before it is written; otherwise it is changed on disk once the writes before it are done.
   * Resolves true when the event was found.
   */
  relabelVocal(startMs: number, party: Party, confidence: number): Promise<boolean> {
    const isIt = (e: LogEvent | undefined): boolean => e?.kind === 'vocal' && e.startMs === startMs;
    let i = this.queue.length - 1;
    while (i >= 0 && !isIt(this.queue[i])) i--;
    const queued = this.queue[i];
    if (queued?.kind === 'vocal') {
      this.queue[i] = { ...queued, party, confidence };
      return Promise.resolve(true);
    }
    return this.inTurn(() =>
      this.store.relabelVocal(this.sessionId, startMs, party, confidence).catch((error: unknown) => {
        this.onProblem(describeWriteError(error));
        return false;
      }),
    );
  }

  /** Writes everything queued; resolves when it is on disk (or has failed and stays queued). */
  flush(): Promise<void> {
    return this.inTurn(() => this.writeQueued());
  }

  /**
   * Stops taking the session's events and writes what is left, with the session's end (`endedAt`, epoch ms).
   * Resolves true once it is all on disk. False when that write failed: the writer then stays, trying again
   * every half second and whenever the page is hidden or closed, and says how many events are waiting, until
   * they are written and `saved` resolves.
   */
  async close(endedAt = Date.now()): Promise<boolean> {
    this.endedAt ??= endedAt;
    await this.flush();
    return this.finished;
  }

  /**
   * Runs `op` after the writes before it, one at a time so that each write's counts follow the last. With
   * nothing under way it starts in this very task: a flush on pagehide makes its requests before the page goes.
   */
  private inTurn<T>(op: () => Promise<T>): Promise<T> {
    const result = this.underWay === 0 ? op() : this.writing.then(op);
    this.underWay++;
    const settled = () => {
      this.underWay--;
    };
    this.writing = result.then(settled, settled);
    return result;
  }

  private async writeQueued(): Promise<void> {
    const endedAt = this.endedAt;
    if (this.finished) return;
    if (this.queue.length === 0 && this.features.length === 0 && endedAt === null) return;
    const batch = this.queue;
    const features = this.features;
    this.queue = [];
    this.features = [];
    this.inFlight = batch.length;
    const next = withBatch(this.record, batch, endedAt);
    try {
      await this.store.writeBatch(next, batch, features);
      this.inFlight = 0;
      this.record = next;
      this.onProblem(null);
      if (endedAt !== null) this.finish();
    } catch (error) {
      this.inFlight = 0;
      this.queue = batch.concat(this.queue);
      this.features = features.concat(this.features);
      this.onProblem(
        this.endedAt === null ? describeWriteError(error) : describeUnsaved(this.queue.length, error),
      );
    }
  }

  private finish(): void {
    this.finished = true;
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    this.unlisten();
    this.markSaved();
  }
}

function isFull(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function describeWriteError(error: unknown): string {
  if (error instanceof LogClosedError) return error.message;
  if (isFull(error)) {
    return "This computer's storage for Attune is full. The session goes on and its events are kept until there is room: export and erase old sessions, or free disk space.";
  }
  return `The session log could not be saved just now (${messageOf(error)}). Attune keeps trying; nothing is lost while this window stays open.`;
}

/** What staff read while the events of a session that has ended are still waiting to be written. */
export function describeUnsaved(events: number, error: unknown): string {
  const what =
    events === 0
      ? 'The end of the session that has just ended is'
      : `${events} ${events === 1 ? 'event' : 'events'} of the session that has just ended ${events === 1 ? 'is' : 'are'}`;
  if (error instanceof LogClosedError) return `${what} not saved. ${error.message}`;
  const they = events <= 1 ? 'it' : 'they';
  const why = isFull(error)
    ? "this computer's storage for Attune is full (export and erase old sessions, or free disk space, to make room)"
    : `${they} could not be saved just now (${messageOf(error)})`;
  return `${what} waiting to be saved: ${why}. Keep this window open: Attune keeps trying, and this message goes once ${they} ${events <= 1 ? 'is' : 'are'} saved.`;
}

/** Why a session did not start, for staff: nothing was started, and Start can be pressed again. */
export function describeStartError(error: unknown): string {
  if (error instanceof LogClosedError) return `The session could not start. ${error.message}`;
  if (isFull(error)) {
    return "The session could not start: this computer's storage for Attune is full. Export and erase old sessions, or free disk space, then start again.";
  }
  return `The session could not start: it could not be saved (${messageOf(error)}). Start again; if it keeps failing, reload the page.`;
}
