import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../src/core/events.ts';
import { familySummary } from '../../../../src/core/progress/familySummary.ts';
import {
  againstBaseline,
  learnerReport,
  type ReportSession,
} from '../../../../src/core/progress/learnerReport.ts';
import { currentDiary } from '../../../../src/core/review/diary.ts';
import { reviewSession } from '../../../../src/core/review/sessionReview.ts';
import { sessionMeta, tag, voice } from '../../support/timeline.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2);

/** A session on day `day` after T0 in which the two take `pairs` turns each, learner first. */
function session(id: string, day: number, pairs: number, extra: LogEvent[] = [], best = ''): ReportSession {
  const meta = sessionMeta(id, T0 + day * DAY, 120_000);
  const events: LogEvent[] = [...extra];
  for (let i = 0; i < pairs; i++)
    events.push(voice('learner', 4 * i + 1, 4 * i + 2), voice('practitioner', 4 * i + 3, 4 * i + 4));
  const r = reviewSession(meta, events, []);
  const diary = currentDiary(
    best ? [{ id: `${id}-b`, sessionId: id, at: meta.startedAt, field: 'best', text: best }] : [],
  );
  return {
    meta,
    summary: r.summary,
    fundamentals: r.fundamentals,
    corrected: false,
    diary,
    bestMomentsMs: r.corrected.flatMap((e) => (e.kind === 'tag' && e.tag === 'best-moment' ? [e.atMs] : [])),
  };
}

describe('the printable report of a period', () => {
  it('compares the learner’s first sessions with the period’s latest, never letting the two overlap', () => {
    expect(againstBaseline([1, 2, 3, 4, 5, 6, 7], [5, 6, 7])).toMatchObject({
      baseline: 2,
      recent: 6,
      sessions: 3,
    });
    expect(againstBaseline([1, 2, 3], [2, 3])).toMatchObject({ baseline: 1, recent: 3, sessions: 1 });
    expect(againstBaseline([4, 9], [9])).toMatchObject({ sessions: 1, direction: 'higher' });
    expect(againstBaseline([4], [4])).toBeNull();
    expect(againstBaseline([1, 2, 3, 4], [])).toBeNull();
  });

  it('takes the period’s sessions, their minutes, the firsts in it and the highlights', () => {
    const all = [
      session('a', 0, 1),
      session('b', 3, 1),
      session('c', 10, 3, [], 'Looked up and smiled at me.'),
      session('d', 12, 4, [tag(2, 'best-moment'), tag(3, 'fundamental:eye-contact')]),
      session('e', 40, 5),
    ];
    const r = learnerReport(all, { from: T0 + 7 * DAY, to: T0 + 14 * DAY });
    expect(r.sessions.map((s) => s.meta.id)).toEqual(['c', 'd']);
    expect(r.earlier).toBe(2);
    expect(r.minutes).toBeCloseTo(4);
    const exchanges = r.trends.find((t) => t.id === 'exchangesPerMin');
    expect(exchanges?.values).toEqual([2.5, 3.5]);
    // Baseline: the first two of the four sessions up to the period's end; recent: the period's two.
    expect(exchanges?.comparison).toMatchObject({
      baseline: 0.5,
      recent: 3,
      sessions: 2,
      direction: 'higher',
    });
    // Every Fundamental but eye contact showed in the sessions before the period.
    expect(r.firsts.map((f) => [f.id, f.sessionId])).toEqual([['fundamental:eye-contact', 'd']]);
    expect(r.highlights.map((x) => [x.sessionId, x.best, x.bestMomentsMs])).toEqual([
      ['c', 'Looked up and smiled at me.', []],
      ['d', '', [2000]],
    ]);
    expect(r.weeks.map((w) => w.sessions)).toEqual([2]);
  });

  it('writes the family’s page in plain words, a fall as plainly as a rise, with no grade', () => {
    const all = [session('a', 0, 5), session('b', 1, 5), session('c', 9, 1, [], 'Hummed back to me.')];
    const f = familySummary('Sam', learnerReport(all, { from: T0 + 7 * DAY, to: T0 + 14 * DAY }));
    const text = [f.heading, ...f.paragraphs].join(' ');
    expect(f.heading).toBe('Sam: Intensive Interaction between 9 November and 15 November 2026');
    expect(text).toContain('Sam had one session between 9 November and 15 November 2026, 2 minutes in all.');
    expect(text).toContain('took turns back and forth less often');
    expect(text).not.toMatch(/exchange|initiation|Fundamental|sequence/i);
    expect(f.moments).toEqual([{ date: '11 November', text: 'Hummed back to me.' }]);
    const none = familySummary('Sam', learnerReport(all, { from: T0 + 20 * DAY, to: T0 + 27 * DAY }));
    expect(none.paragraphs[0]).toBe(
      'Sam had no sessions with Attune between 22 November and 28 November 2026.',
    );
  });
});
