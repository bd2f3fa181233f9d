import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../src/core/events.ts';
import {
  currentGoals,
  evidenceOverTime,
  type Goal,
  type GoalEdit,
  goalEvidence,
  overTimeWords,
  parseGoalEdit,
} from '../../../../src/core/review/goals.ts';
import { reviewSession } from '../../../../src/core/review/sessionReview.ts';
import { sessionMeta, tag, voice } from '../../support/timeline.ts';

const meta = (id: string, startedAt = 0) => sessionMeta(id, startedAt);

const edit = (over: Partial<GoalEdit>): GoalEdit => ({
  id: 'e1',
  goalId: 'g1',
  learnerId: 'l',
  at: 1000,
  text: 'Takes three turns in a vocal exchange',
  bearsOn: [{ kind: 'measure', id: 'longestTurns' }],
  retired: false,
  ...over,
});

describe('goals as they stand', () => {
  it('shows each goal’s latest save, whichever order the saves arrive in, and keeps when it was set', () => {
    const saves = [
      edit({ id: 'b', at: 3000, text: 'Takes four turns' }),
      edit({ id: 'a', at: 1000 }),
      edit({ id: 'c', goalId: 'g2', at: 2000, text: 'Initiates', retired: true }),
    ];
    const goals = currentGoals(saves);
    expect(goals.map((g) => [g.id, g.text, g.setAt, g.editedAt, g.retired])).toEqual([
      ['g1', 'Takes four turns', 1000, 3000, false],
      ['g2', 'Initiates', 2000, 2000, true],
    ]);
    expect(currentGoals([...saves].reverse())).toEqual(goals);
  });

  it('breaks a tie of the same millisecond by the save’s id, the same on every computer', () => {
    const one = edit({ id: 'x', at: 5, text: 'one' });
    const two = edit({ id: 'y', at: 5, text: 'two' });
    expect(currentGoals([one, two])[0]?.text).toBe('two');
    expect(currentGoals([two, one])[0]?.text).toBe('two');
  });
});

describe('a session’s evidence for a goal', () => {
  // Learner 1-2 s, practitioner 3-4 s, learner 5-6 s: one sequence of three turns, two exchanges.
  const events: LogEvent[] = [
    voice('learner', 1, 2),
    voice('practitioner', 3, 4),
    voice('learner', 5, 6),
    tag(65, 'fundamental:turn-taking'),
    tag(125, 'fundamental:turn-taking'),
  ];
  const goal: Goal = {
    id: 'g',
    learnerId: 'l',
    text: 'Takes three turns in a vocal exchange',
    bearsOn: [
      { kind: 'measure', id: 'longestTurns' },
      { kind: 'measure', id: 'exchanges' },
      { kind: 'measure', id: 'longestSeconds' },
      { kind: 'tag', id: 'fundamental:turn-taking' },
      { kind: 'tag', id: 'best-moment' },
    ],
    retired: false,
    setAt: 0,
    editedAt: 0,
  };

  it('gives each named figure and tag, as the session page works them out', () => {
    const r = reviewSession(meta('s'), events, []);
    const items = goalEvidence(goal, r);
    expect(items.map((i) => [i.label, i.value, i.words])).toEqual([
      ['Longest sequence (turns)', 3, '3'],
      ['Exchanges', 2, '2'],
      ['Longest sequence (time)', 5, '5.0 s'],
      ['Tag: Turn-taking', 2, '2 times, at 1:05, 2:05'],
      ['Tag: Best moment', 0, 'not tagged'],
    ]);
    expect(items[0]?.value).toBe(r.summary.sequences.longestTurns);
    expect(items.every((i) => i.definition.length > 0)).toBe(true);
  });

  it('follows staff’s corrections: a segment said to be nobody’s no longer counts', () => {
    const r = reviewSession(meta('s'), events, [
      {
        id: 'c',
        sessionId: 's',
        at: 1,
        target: { kind: 'vocal', startMs: 5000, endMs: 6000, party: 'learner' },
        change: { kind: 'party', to: 'nobody' },
      },
    ]);
    expect(goalEvidence(goal, r)[0]?.value).toBe(2);
  });

  it('gathers a period’s sessions oldest first, with the range in words', () => {
    const later = reviewSession(meta('b', 2e6), events, []);
    const earlier = reviewSession(meta('a', 1e6), [voice('learner', 1, 2), voice('practitioner', 3, 4)], []);
    const over = evidenceOverTime({ kind: 'measure', id: 'longestTurns' }, [
      { sessionId: 'b', startedAt: 2e6, source: later },
      { sessionId: 'a', startedAt: 1e6, source: earlier },
    ]);
    expect(over.sessions.map((s) => [s.sessionId, s.value])).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
    expect(overTimeWords(over)).toBe('in 2 sessions: from 2 to 3; first 2, latest 3');
    const tagged = evidenceOverTime({ kind: 'tag', id: 'fundamental:turn-taking' }, [
      { sessionId: 'b', startedAt: 2e6, source: later },
      { sessionId: 'a', startedAt: 1e6, source: earlier },
    ]);
    expect(overTimeWords(tagged)).toBe('tagged 2 times, in 1 of 2 sessions');
    expect(overTimeWords(evidenceOverTime({ kind: 'measure', id: 'smiles' }, []))).toBe(
      'no session in this period',
    );
  });
});

describe('reading a goal save from a file', () => {
  it('takes a well-formed one and refuses a damaged one or another learner’s', () => {
    const good = edit({ bearsOn: [{ kind: 'tag', id: 'turn:learner' }] });
    expect(parseGoalEdit(JSON.parse(JSON.stringify(good)), 'l')).toEqual(good);
    expect(parseGoalEdit(good, 'other')).toBeNull();
    expect(parseGoalEdit({ ...good, at: 'yesterday' })).toBeNull();
    expect(parseGoalEdit({ ...good, bearsOn: [{ kind: 'measure', id: 'happiness' }] })).toBeNull();
    expect(parseGoalEdit({ ...good, text: 'x'.repeat(1001) })).toBeNull();
    expect(parseGoalEdit({ ...good, retired: 'no' })).toBeNull();
  });
});
