import type { LogEvent } from '../../../src/core/events.ts';
import type { FeatureChunk } from '../../../src/core/featureSummary.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { summariseSession } from '../../../src/core/turns/summary.ts';
import { LogStore } from '../../../src/store/logStore.ts';

/**
 * Simulates a six-hour session through the real log (LogStore, IndexedDB in Chromium), written the way the
 * app writes it: one transaction every half second with that half second's events and feature summaries.
 * The event rate is a busy session's: a vocalisation every 4 s on average, each answered, a movement burst
 * every 8 s, a touch every 30 s, a tag every 3 minutes, and ten feature samples a second.
 */
export interface LogBenchResult {
  hours: number;
  events: number;
  featureChunks: number;
  writeMs: number;
  transactions: number;
  bytesBefore: number;
  bytesAfter: number;
  loadEventsMs: number;
  loadFeaturesMs: number;
  summariseMs: number;
  jsonRoundTripMs: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function simulate(hours: number): { batches: { events: LogEvent[]; features: FeatureChunk[] }[] } {
  const random = rng(42);
  const batches: { events: LogEvent[]; features: FeatureChunk[] }[] = [];
  const totalMs = hours * 3600_000;
  for (let t = 0; t < totalMs; t += 500) {
    const events: LogEvent[] = [];
    if (random() < 0.5 / 4) {
      const start = t + random() * 500;
      const end = start + 200 + random() * 1500;
      events.push({
        kind: 'vocal',
        party: random() < 0.6 ? 'learner' : 'practitioner',
        startMs: start,
        endMs: end,
        peakDbfs: -45 + random() * 30,
        pitchHz: 150 + random() * 350,
        confidence: random(),
      });
      events.push({
        kind: 'response',
        party: 'system',
        startMs: end + 700,
        endMs: end + 2800,
        output: 'sound',
        cause: 'voice',
      });
    }
    if (random() < 0.5 / 8) {
      const start = t + random() * 500;
      events.push({
        kind: 'movement',
        party: random() < 0.7 ? 'learner' : 'practitioner',
        startMs: start,
        endMs: start + 200 + random() * 3000,
        peakEnergy: 1 + random() * 20,
      });
    }
    if (random() < 0.5 / 30) {
      const start = t + random() * 500;
      events.push({
        kind: 'touch',
        party: 'learner',
        startMs: start,
        endMs: start + 100 + random() * 400,
        x: random(),
        y: random(),
      });
    }
    if (random() < 0.5 / 180) events.push({ kind: 'tag', atMs: t, tag: 'fundamental:turn-taking' });
    const features: FeatureChunk[] = [];
    if (t % 1000 === 500) {
      features.push({
        startMs: t - 500,
        levelDbfs: Array.from({ length: 10 }, () => Math.round((-60 + random() * 40) * 10) / 10),
        motion: Array.from({ length: 10 }, () => Math.round(random() * 300) / 100),
      });
    }
    batches.push({ events, features });
  }
  return { batches };
}

async function usage(): Promise<number> {
  const e = await navigator.storage.estimate();
  return e.usage ?? 0;
}

async function run(hours: number): Promise<LogBenchResult> {
  const name = `attune-bench-${Date.now()}`;
  const store = await LogStore.open(name);
  const learner = await store.addLearner('Bench');
  const session = await store.startSession({
    id: crypto.randomUUID(),
    learnerId: learner.id,
    startedAt: Date.now(),
    turnParams: { ...DEFAULT_TURN_PARAMS },
  });
  const { batches } = simulate(hours);
  const bytesBefore = await usage();
  const t0 = performance.now();
  let events = 0;
  let featureChunks = 0;
  for (const b of batches) {
    if (b.events.length === 0 && b.features.length === 0) continue;
    await store.append(session.id, b.events, b.features);
    events += b.events.length;
    featureChunks += b.features.length;
  }
  const writeMs = performance.now() - t0;
  await store.endSession(session.id, Date.now());
  store.close();
  const bytesAfter = await usage();

  // Load for review as review does: a fresh connection, the session's events and summaries, then figures.
  const reopened = await LogStore.open(name);
  const t1 = performance.now();
  const loaded = await reopened.events(session.id);
  const loadEventsMs = performance.now() - t1;
  const t2 = performance.now();
  const features = await reopened.features(session.id);
  const loadFeaturesMs = performance.now() - t2;
  const t3 = performance.now();
  summariseSession(loaded, DEFAULT_TURN_PARAMS);
  const summariseMs = performance.now() - t3;
  // Reference in the same run: serialising and parsing the same events in memory.
  const t4 = performance.now();
  JSON.parse(JSON.stringify(loaded));
  const jsonRoundTripMs = performance.now() - t4;
  reopened.close();
  if (loaded.length !== events || features.length !== featureChunks) throw new Error('the log lost records');
  indexedDB.deleteDatabase(name);
  return {
    hours,
    events,
    featureChunks,
    writeMs,
    transactions: batches.filter((b) => b.events.length + b.features.length > 0).length,
    bytesBefore,
    bytesAfter,
    loadEventsMs,
    loadFeaturesMs,
    summariseMs,
    jsonRoundTripMs,
  };
}

declare global {
  interface Window {
    runLogBench?: (hours: number) => Promise<LogBenchResult>;
  }
}
window.runLogBench = run;
