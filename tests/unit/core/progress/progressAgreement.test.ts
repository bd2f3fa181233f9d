import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../src/core/events.ts';
import { progressCsv, progressRowOf } from '../../../../src/core/progress/progressCsv.ts';
import type { SessionMeta } from '../../../../src/core/records.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../../../src/core/turns/params.ts';
import { lastEventMs, sessionDurationMs, summariseSession } from '../../../../src/core/turns/summary.ts';
import { analyseTurns } from '../../../../src/core/turns/tracker.ts';
import { csvRecords } from '../../support/csv.ts';
import { interactionEvents } from '../../support/interaction.ts';
import { prng } from '../../support/timeline.ts';

/**
 * The progress sheet says what the turn analysis says: each generated session's row, read back from the CSV
 * text, against `analyseTurns` counted here by hand and against `summariseSession`, with the session's own
 * parameters (some sessions have other parameters than the defaults).
 */

const PARAMS = [
  DEFAULT_TURN_PARAMS,
  turnParams({ exchangeGapMs: 3000, sequenceGapMs: 3000 }),
  turnParams({ initiationWindowMs: 8000, turnPauseMs: 2000 }),
  turnParams({ minSequenceTurns: 3 }),
];

interface Generated {
  meta: SessionMeta;
  events: LogEvent[];
}

function generate(n: number): Generated[] {
  const rand = prng(20260304);
  const day = 86_400_000;
  return Array.from({ length: n }, (_, i) => {
    const events = interactionEvents(rand, 5 + Math.floor(rand() * 25));
    const startedAt =
      Date.UTC(2026, 0, 5, 9) + Math.floor(rand() * 60) * day + Math.floor(rand() * 6 * 3600_000);
    const interrupted = i % 5 === 4;
    return {
      meta: {
        id: `session-${i}`,
        learnerId: 'L1',
        startedAt,
        endedAt: interrupted ? null : startedAt + lastEventMs(events) + Math.floor(rand() * 30_000),
        status: interrupted ? 'interrupted' : 'ended',
        schemaVersion: 2,
        turnParams: { ...(PARAMS[i % PARAMS.length] ?? DEFAULT_TURN_PARAMS) },
      },
      events,
    };
  });
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
};
const seconds = (ms: number | null): string => (ms === null ? '' : (ms / 1000).toFixed(3));

describe('the progress CSV agrees with the turn analysis', () => {
  const sessions = generate(12);
  const { records } = csvRecords(progressCsv(sessions.map((g) => progressRowOf(g.meta, g.events))));
  const byId = new Map(records.map((r) => [r.session_id, r]));

  it('has a row for every generated session, and the sessions are real interactions', () => {
    expect(records).toHaveLength(sessions.length);
    for (const g of sessions)
      expect(analyseTurns(g.events, g.meta.turnParams).exchanges.length).toBeGreaterThan(5);
  });

  it.each(generate(12).map((g) => [g.meta.id, g] as const))('%s: counts from analyseTurns', (id, g) => {
    const row = byId.get(id);
    const a = analyseTurns(g.events, g.meta.turnParams);
    const learnerTurns = a.turns.filter((t) => t.party === 'learner').length;
    const answers = (to: 'learner' | 'practitioner') => a.exchanges.filter((x) => x.to === to);
    expect(row).toMatchObject({
      exchanges: String(a.exchanges.length),
      sequences: String(a.sequences.length),
      longest_sequence_turns: String(Math.max(0, ...a.sequences.map((q) => q.turns))),
      learner_initiations: String(a.initiations.length),
      learner_turns: String(learnerTurns),
      practitioner_turns: String(a.turns.length - learnerTurns),
      learner_answers: String(answers('learner').length),
      practitioner_answers: String(answers('practitioner').length),
      longest_sequence_s: seconds(Math.max(0, ...a.sequences.map((q) => q.durationMs))),
      learner_median_answer_s: seconds(median(answers('learner').map((x) => x.latencyMs))),
      practitioner_median_answer_s: seconds(median(answers('practitioner').map((x) => x.latencyMs))),
      overlaps: String(a.overlaps.length),
      corrected: 'false',
    });
  });

  it.each(generate(12).map((g) => [g.meta.id, g] as const))('%s: figures from summariseSession', (id, g) => {
    const row = byId.get(id);
    const durationMs = sessionDurationMs(g.meta, g.events);
    const sum = summariseSession(g.events, g.meta.turnParams, durationMs);
    expect(row).toMatchObject({
      started_at: new Date(g.meta.startedAt).toISOString(),
      duration_min: (durationMs / 60_000).toFixed(1),
      exchanges: String(sum.exchanges.total),
      exchanges_per_min: sum.exchanges.perMinute.toFixed(2),
      sequences: String(sum.sequences.count),
      longest_sequence_turns: String(sum.sequences.longestTurns),
      learner_initiations: String(sum.initiations),
      learner_vocal_s: seconds(sum.vocalTimeMs.learner),
      practitioner_vocal_s: seconds(sum.vocalTimeMs.practitioner),
      tags: String(sum.tags),
      status: g.meta.status,
    });
  });

  it('lists the sessions oldest first', () => {
    const starts = records.map((r) => Date.parse(r.started_at ?? ''));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});
