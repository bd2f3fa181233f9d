/**
 * A whose-voice correction reaches the vocal event wherever it is: still queued in the writer, or already on
 * disk (after the writes before it).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent, Party } from '../../../src/core/events.ts';
import type { EventWriter as EventWriterClass } from '../../../src/store/eventWriter.ts';
import type { LogStore } from '../../../src/store/logStore.ts';

let EventWriter: typeof EventWriterClass;
beforeAll(async () => {
  // The writer flushes on a window timer; Node's timers stand in.
  (globalThis as { window?: unknown }).window ??= globalThis;
  ({ EventWriter } = await import('../../../src/store/eventWriter.ts'));
});

/** The log's events in memory, with the two methods the writer uses. */
function fakeStore() {
  const disk: LogEvent[] = [];
  const store = {
    disk,
    async append(_sessionId: string, events: readonly LogEvent[]) {
      disk.push(...events);
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
    writer = new EventWriter(store as unknown as LogStore, 's1', () => undefined);
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
    writer = new EventWriter(store as unknown as LogStore, 's1', () => undefined);
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
