import { describe, expect, it } from 'vitest';
import { makeExport, parseExport, toJson } from '../../../../src/core/exportFormat.ts';
import type { EngagementNote } from '../../../../src/core/review/engagement.ts';
import type { GoalEdit } from '../../../../src/core/review/goals.ts';

const learner = { id: 'L1', pseudonym: 'Robin', createdAt: 1 };
const goal: GoalEdit = {
  id: 'e1',
  goalId: 'g1',
  learnerId: 'L1',
  at: 5,
  text: 'Takes three turns in a vocal exchange',
  bearsOn: [
    { kind: 'measure', id: 'longestTurns' },
    { kind: 'tag', id: 'fundamental:turn-taking' },
  ],
  retired: false,
};
const judgement: EngagementNote = {
  id: 'n1',
  learnerId: 'L1',
  area: 'persistence',
  at: 6,
  text: 'Kept going.',
};

describe('a learner export’s goals and Engagement Model judgements', () => {
  it('travel in the file and come back as they were', () => {
    const data = makeExport(learner, [], 9, { goals: [goal], engagement: [judgement] });
    const back = parseExport(toJson(data));
    expect(back).toEqual({ ok: true, data });
    if (back.ok) {
      expect(back.data.goals).toEqual([goal]);
      expect(back.data.engagement).toEqual([judgement]);
    }
  });

  it('are left out when there are none, so older files and older Attunes are unchanged', () => {
    const text = toJson(makeExport(learner, [], 9, { goals: [], engagement: [] }));
    expect(text).not.toContain('goals');
    expect(text).not.toContain('engagement');
  });

  it('refuse a file whose goal is damaged or another learner’s, in words, importing nothing', () => {
    const damaged = JSON.parse(toJson(makeExport(learner, [], 9, { goals: [goal] })));
    damaged.goals[0].learnerId = 'someone else';
    expect(parseExport(JSON.stringify(damaged))).toEqual({
      ok: false,
      message:
        'This file looks like an Attune export but is damaged: the file has a damaged goal (number 1).',
    });
  });
});
