import { describe, expect, it } from 'vitest';
import { type LogEvent, type Party, TURN_TAG } from '../../../../src/core/events.ts';
import { DEFAULT_TURN_PARAMS, type TurnParams, turnParams } from '../../../../src/core/turns/params.ts';
import { compareSegments, type Person, segmentOf } from '../../../../src/core/turns/segments.ts';
import { analyseTurns, TurnTracker } from '../../../../src/core/turns/tracker.ts';
import { prng } from '../../support/timeline.ts';

/**
 * A random session: bursts of activity by either person on any channel, Attune's responses, unknown-party
 * noise, tags and manual turn tags, with pauses short and long so that every rule gets exercised.
 */
function randomTimeline(rand: () => number, n: number): LogEvent[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const parties: Party[] = ['learner', 'learner', 'practitioner', 'practitioner', 'unknown', 'system'];
  const events: LogEvent[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    // Mostly small steps, sometimes a pause beyond the 5 s windows, sometimes a jump back (overlap).
    const r = rand();
    t = Math.max(0, t + (r < 0.15 ? 5000 + rand() * 10000 : r < 0.3 ? -rand() * 2000 : rand() * 3000));
    // Coarse times make exact ties (same start, boundary gaps of exactly 5 s) common.
    const startMs = Math.round(t / 250) * 250;
    const endMs = startMs + Math.round((rand() < 0.1 ? rand() * 12000 : rand() * 1500) / 250) * 250;
    const party = pick(parties);
    const kind = pick(['vocal', 'movement', 'touch', 'response', 'tag', 'turnTag'] as const);
    switch (kind) {
      case 'vocal':
        events.push({ kind, party, startMs, endMs, peakDbfs: -20, pitchHz: null, confidence: 0.8 });
        break;
      case 'movement':
        events.push({ kind, party, startMs, endMs, peakEnergy: 1.5 });
        break;
      case 'touch':
        events.push({ kind, party, startMs, endMs, x: 0.2, y: 0.7 });
        break;
      case 'response':
        events.push({ kind, party: 'system', startMs, endMs, output: 'sound', cause: 'movement' });
        break;
      case 'tag':
        events.push({ kind, atMs: startMs, tag: 'eye-contact' });
        break;
      case 'turnTag':
        events.push({
          kind: 'tag',
          atMs: startMs,
          tag: rand() < 0.5 ? TURN_TAG.learner : TURN_TAG.practitioner,
        });
        break;
    }
  }
  return events;
}

/** The order a live session delivers events in: as each is final (its end), give or take up to 1 s. */
function liveArrivalOrder(events: LogEvent[], rand: () => number): LogEvent[] {
  return events
    .map((e) => ({ e, at: (e.kind === 'tag' ? e.atMs : e.endMs) + rand() * 1000 }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.e);
}

function shuffled<T>(xs: T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The definitions written out directly and slowly, independent of the tracker's incremental bookkeeping:
 * it shares only the choice of which events count and the order of ties.
 */
function reference(events: LogEvent[], p: TurnParams) {
  const segs = events.flatMap((e) => segmentOf(e, p) ?? []).sort(compareSegments);
  const turns: { party: Person; first: number; startMs: number; endMs: number }[] = [];
  segs.forEach((seg, i) => {
    const cur = turns[turns.length - 1];
    if (cur && cur.party === seg.party && seg.startMs - cur.endMs <= p.turnPauseMs) {
      cur.endMs = Math.max(cur.endMs, seg.endMs);
    } else {
      turns.push({ party: seg.party, first: i, startMs: seg.startMs, endMs: seg.endMs });
    }
  });
  const before = (i: number, party: Person) =>
    segs.slice(0, turns[i]?.first).filter((x) => x.party === party);
  const out = turns.map((t, i) => {
    const otherSegs = before(i, t.party === 'learner' ? 'practitioner' : 'learner');
    const latencyMs = otherSegs.length === 0 ? null : t.startMs - Math.max(...otherSegs.map((x) => x.endMs));
    const prev = turns[i - 1];
    const alternates = prev !== undefined && prev.party !== t.party && latencyMs !== null;
    const initiation =
      t.party === 'learner' &&
      !before(i, 'practitioner').some((x) => x.endMs >= t.startMs - p.initiationWindowMs);
    return {
      party: t.party,
      startMs: t.startMs,
      endMs: t.endMs,
      latencyMs,
      exchange: alternates && (latencyMs as number) <= p.exchangeGapMs,
      linked: alternates && (latencyMs as number) <= p.sequenceGapMs,
      initiation,
    };
  });
  const sequenceLengths: number[] = [];
  let run = 0;
  for (const t of out) {
    if (!t.linked && run > 0) {
      if (run >= p.minSequenceTurns) sequenceLengths.push(run);
      run = 0;
    }
    run += 1;
  }
  if (run >= p.minSequenceTurns) sequenceLengths.push(run);
  return { turns: out.map(({ linked, ...rest }) => rest), sequenceLengths };
}

const PARAM_SETS: TurnParams[] = [
  DEFAULT_TURN_PARAMS,
  turnParams({ exchangeGapMs: 2000, sequenceGapMs: 3000, initiationWindowMs: 4000, turnPauseMs: 1500 }),
  turnParams({ turnPauseMs: Number.MAX_SAFE_INTEGER, minSequenceTurns: 3, manualTurnTagMs: 400 }),
];

describe('live and batch agree', () => {
  it('gives identical results live (events arriving up to 1 s out of order) and in batch, on 300 random sessions', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      const events = randomTimeline(rand, 20 + Math.floor(rand() * 120));
      const params = PARAM_SETS[seed % PARAM_SETS.length] as TurnParams;
      const tracker = new TurnTracker(params);
      for (const e of liveArrivalOrder(events, rand)) {
        tracker.add(e);
        tracker.snapshot(); // the live view reads as it goes; reading must not disturb anything
      }
      expect(tracker.result(), `seed ${seed}`).toEqual(analyseTurns(events, params));
    }
  });

  it('gives identical results whatever the arrival order, however late, even beyond the rewind horizon', () => {
    for (let seed = 1000; seed < 1100; seed++) {
      const rand = prng(seed);
      const events = randomTimeline(rand, 60);
      const params = PARAM_SETS[seed % PARAM_SETS.length] as TurnParams;
      // A horizon of 0 or 2 s forces the replay-from-the-start path for most late events.
      const tracker = new TurnTracker(params, { rewindHorizonMs: [0, 2000, 60_000][seed % 3] as number });
      tracker.addAll(shuffled(events, rand));
      expect(tracker.result(), `seed ${seed}`).toEqual(analyseTurns(events, params));
    }
  });

  it('at every moment of a live session, equals a batch analysis of what has arrived so far', () => {
    for (let seed = 2000; seed < 2060; seed++) {
      const rand = prng(seed);
      const arrival = liveArrivalOrder(randomTimeline(rand, 50), rand);
      const params = PARAM_SETS[seed % PARAM_SETS.length] as TurnParams;
      const tracker = new TurnTracker(params);
      arrival.forEach((e, i) => {
        tracker.add(e);
        const batch = analyseTurns(arrival.slice(0, i + 1), params);
        expect(tracker.result(), `seed ${seed} after ${i + 1} events`).toEqual(batch);
        const snap = tracker.snapshot();
        expect(snap.exchanges).toBe(batch.exchanges.length);
        expect(snap.initiations).toBe(batch.initiations.length);
        expect(snap.overlaps).toBe(batch.overlaps.length);
        expect(snap.currentTurn).toEqual(
          batch.turns.at(-1) ? { ...batch.turns.at(-1), sequence: null } : null,
        );
      });
    }
  });

  it('matches the definitions written out directly, on 300 random sessions', () => {
    for (let seed = 3000; seed < 3300; seed++) {
      const rand = prng(seed);
      const events = randomTimeline(rand, 10 + Math.floor(rand() * 80));
      const params = PARAM_SETS[seed % PARAM_SETS.length] as TurnParams;
      const a = analyseTurns(events, params);
      const ref = reference(events, params);
      const got = a.turns.map((t) => ({
        party: t.party,
        startMs: t.startMs,
        endMs: t.endMs,
        latencyMs: t.latencyMs,
        exchange: t.exchange,
        initiation: t.initiation,
      }));
      expect(got, `seed ${seed}`).toEqual(ref.turns);
      expect(
        a.sequences.map((q) => q.turns),
        `seed ${seed}`,
      ).toEqual(ref.sequenceLengths);
      expect(a.exchanges.length).toBe(ref.turns.filter((t) => t.exchange).length);
      expect(a.overlaps.length).toBe(ref.turns.filter((t) => t.latencyMs !== null && t.latencyMs < 0).length);
    }
  });
});
