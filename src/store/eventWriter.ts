import type { LogEvent, Party } from '../core/events.ts';
import type { FeatureChunk } from '../core/featureSummary.ts';
import type { LogStore } from './logStore.ts';

/** At most this far behind: the log may lose no more than this in a crash (the 1 s, with margin). */
export const FLUSH_INTERVAL_MS = 500;

/**
 * Batches events into one IndexedDB transaction every half second. A failed write keeps its events queued
 * and retries, and says why in plain words: a full disk must never silently drop a learner's session.
 */
export class EventWriter {
  private queue: LogEvent[] = [];
  private features: FeatureChunk[] = [];
  private timer: number | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: LogStore,
    private readonly sessionId: string,
    private readonly onProblem: (message: string | null) => void,
  ) {
    this.timer = window.setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
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
    const done = this.writing.then(() =>
      this.store.relabelVocal(this.sessionId, startMs, party, confidence).catch((error: unknown) => {
        this.onProblem(describeWriteError(error));
        return false;
      }),
    );
    this.writing = done.then(() => undefined);
    return done;
  }

  /** Writes everything queued; resolves when it is on disk (or has failed and stays queued). */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.queue.length === 0 && this.features.length === 0) return;
      const batch = this.queue;
      const features = this.features;
      this.queue = [];
      this.features = [];
      try {
        await this.store.append(this.sessionId, batch, features);
        this.onProblem(null);
      } catch (error) {
        this.queue = batch.concat(this.queue);
        this.features = features.concat(this.features);
        this.onProblem(describeWriteError(error));
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

export function describeWriteError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    return "This computer's storage for Attune is full. The session goes on and its events are kept until there is room: export and erase old sessions, or free disk space.";
  }
  return `The session log could not be saved just now (${error instanceof Error ? error.message : String(error)}). Attune keeps trying; nothing is lost while this window stays open.`;
}
