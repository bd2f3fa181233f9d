/**
 * The event writer: a whose-voice correction reaches the vocal event wherever it is (still queued, or already on
 * disk after the writes before it); the page being hidden or closed writes at once; and a session ended while
 * writes fail keeps its events, retrying, until they are on disk.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent, Party } from '../../../src/core/events.ts';
import type { EventWriter as EventWriterClass } from '../../../src/store/eventWriter.ts';
import { emptyCounts, type LogStore, type StoredSession } from '../../../src/store/logStore.ts';

let EventWriter: typeof EventWriterClass;
/** Stand-ins for the page: the writer listens to the window (pagehide) and the document (visibilitychange). */
const page = new EventTarget();
const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
beforeAll(async () => {
  // The writer flushes on a window timer; Node's timers stand in.
  Object.assign(page, { setInterval, clearInterval });
  (globalThis as { window?: unknown }).window = page;
  (globalThis as { document?: unknown }).document = doc;
  ({ EventWriter } = await import('../../../src/store/eventWriter.ts'));
});
// The unit files share their workers (vitest.config.ts: isolate false): the stand-ins go with this file.
afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
  delete (globalThis as { document?: unknown }).document;
});

const SESSION: StoredSession = {
  id: 's1',
  learnerId: 'l1',
  startedAt: 0,
  endedAt: null,
  status: 'live',
  schemaVersion: 2,
  turnParams: {
    exchangeGapMs: 5000,
    sequenceGapMs: 5000,
    initiationWindowMs: 5000,
    turnPauseMs: 5000,
    minSequenceTurns: 2,
    manualTurnTagMs: 0,
  },
  counts: emptyCounts(),
  lastEventMs: 0,
};

/** The log's events in memory, with the methods the writer uses; `full` makes every write fail as a full disk does. */
function fakeStore() {
  const disk: LogEvent[] = [];
  const store = {
    disk,
    full: false,
    writesStarted: 0,
    record: null as StoredSession | null,
    closing: new Set<() => void>(),
    writeBatch(session: StoredSession, events: readonly LogEvent[]): Promise<void> {
      store.writesStarted++;
      if (store.full) return Promise.reject(new DOMException('full', 'QuotaExceededError'));
      disk.push(...events);
      store.record = session;
      return Promise.resolve();
    },
    whenClosing(fn: () => void) {
      store.closing.add(fn);
      return () => store.closing.delete(fn);
    },
    async relabelVocal(_sessionId: string, startMs: number, party: Party, confidence: number) {
      const i = disk.findIndex((e) => e.kind === 'vocal' && e.startMs === startMs);
      const e = disk[i];
      if (e?.kind !== 'vocal') return false;
      disk[i] = { ...e, party, confidence };
      return true;
    },
  };
  return store;
}

const vocal = (startMs: number): LogEvent => ({
  kind: 'vocal',
  party: 'unknown',
  startMs,
  endMs: startMs + 500,
  peakDbfs: -20,
  pitchHz: 300,
  confidence: 0.5,
});

describe('event writer: relabelling a vocal event', () => {
  let writer: EventWriterClass | undefined;
  afterEach(async () => {
    await writer?.close();
  });

  it('changes a queued event before it is written', async () => {
    const store = fakeStore();
    writer = new EventWriter(store as unknown as LogStore, SESSION, () => undefined);
    writer.add(vocal(1000));
    writer.add(vocal(2000));
    expect(await writer.relabelVocal(2000, 'learner', 1)).toBe(true);
    await writer.flush();
    expect(store.disk.map((e) => (e.kind === 'vocal' ? [e.startMs, e.party, e.confidence] : null))).toEqual([
      [1000, 'unknown', 0.5],
      [2000, 'learner', 1],
    ]);
  });

  it('changes an event on disk, after the writes queued before it', async () => {
    const store = fakeStore();
    writer = new EventWriter(store as unknown as LogStore, SESSION, () => undefined);
    writer.add(vocal(1000));
    await writer.flush();
    writer.add(vocal(3000));
    const flushing = writer.flush();
    expect(await writer.relabelVocal(1000, 'practitioner', 1)).toBe(true);
    await flushing;
    expect(store.disk[0]).toMatchObject({ party: 'practitioner', confidence: 1 });
    expect(store.disk[1]).toMatchObject({ startMs: 3000, party: 'unknown' });
    expect(await writer.relabelVocal(9999, 'learner', 1)).toBe(false);
  });
});

const touch = (startMs: number): LogEvent => ({
  kind: 'touch',
  party: 'learner',
  startMs,
  endMs: startMs + 100,
  x: 0.5,
  y: 0.5,
});

describe('event writer: writing without waiting for its timer', () => {
  let writer: EventWriterClass | undefined;
  afterEach(async () => {
    doc.visibilityState = 'visible';
    await writer?.close();
  });

  it('starts a write in the same task when the page is hidden, and when it is left', async () => {
    const store = fakeStore();
    writer = new EventWriter(store as unknown as LogStore, SESSION, () => undefined);
    writer.add(touch(100));
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    // No await: a page being closed gives no second chance.
    expect(store.writesStarted).toBe(1);
    expect(store.disk).toHaveLength(1);
    // (A write still under way when the page goes is finished by the browser; the next waits for it.)
    await writer.flush();
    writer.add(touch(200));
    page.dispatchEvent(new Event('pagehide'));
    expect(store.writesStarted).toBe(2);
    expect(store.disk).toHaveLength(2);
    expect(store.record?.counts.touch).toBe(2);
  });

  it('writes what it holds when the log is about to close for a newer Attune', () => {
    const store = fakeStore();
    writer = new EventWriter(store as unknown as LogStore, SESSION, () => undefined);
    writer.add(touch(100));
    for (const fn of store.closing) fn();
    expect(store.disk).toHaveLength(1);
  });
});

describe('event writer: ending a session while writes fail', () => {
  it('keeps the events, says how many wait, retries, and saves them with the session’s end', async () => {
    const store = fakeStore();
    const said: (string | null)[] = [];
    const writer = new EventWriter(store as unknown as LogStore, SESSION, (m) => said.push(m));
    writer.add(touch(100));
    await writer.flush();
    store.full = true;
    writer.add(touch(200));
    writer.add(touch(300));
    let saved = false;
    void writer.saved.then(() => {
      saved = true;
    });
    expect(await writer.close(5000)).toBe(false);
    expect(writer.unsaved).toBe(2);
    expect(said.at(-1)).toMatch(/^2 events of the session that has just ended are waiting to be saved: /);
    expect(said.at(-1)).toContain('Keep this window open');
    expect(store.record?.status).toBe('live');

    // A retry while still full changes nothing; the page being hidden tries too.
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    await Promise.resolve();
    expect(store.disk).toHaveLength(1);
    store.full = false;
    page.dispatchEvent(new Event('pagehide'));
    await writer.saved;
    expect(saved).toBe(true);
    expect(store.disk.map((e) => (e.kind === 'touch' ? e.startMs : null))).toEqual([100, 200, 300]);
    expect(store.record).toMatchObject({ status: 'ended', endedAt: 5000, counts: { touch: 3 } });
    expect(said.at(-1)).toBeNull();
    expect(writer.unsaved).toBe(0);
    doc.visibilityState = 'visible';
  });

  it('retries on its own timer after a failed end', async () => {
    const store = fakeStore();
    const writer = new EventWriter(store as unknown as LogStore, SESSION, () => undefined);
    store.full = true;
    writer.add(touch(100));
    expect(await writer.close()).toBe(false);
    store.full = false;
    await writer.saved;
    expect(store.disk).toHaveLength(1);
    expect(store.record?.status).toBe('ended');
  });
});
