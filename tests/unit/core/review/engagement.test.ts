import { describe, expect, it } from 'vitest';
import {
  AREA_IDS,
  areaEvidence,
  ENGAGEMENT_AREAS,
  type EngagementNote,
  notesByArea,
  parseAreaNames,
  parseEngagementNote,
} from '../../../../src/core/review/engagement.ts';
import { GOAL_TAG_IDS, MEASURE_IDS } from '../../../../src/core/review/goals.ts';
import { reviewSession } from '../../../../src/core/review/sessionReview.ts';
import { sessionMeta, tag, voice } from '../../support/timeline.ts';

const note = (over: Partial<EngagementNote>): EngagementNote => ({
  id: 'n',
  learnerId: 'l',
  area: 'initiation',
  at: 1,
  text: 'Reached for the drum twice without a prompt.',
  ...over,
});

describe('the Engagement Model areas', () => {
  it('has the five areas, each naming only figures and tags Attune has', () => {
    expect(ENGAGEMENT_AREAS.map((a) => a.id)).toEqual([...AREA_IDS]);
    for (const a of ENGAGEMENT_AREAS) {
      expect(a.evidence.length).toBeGreaterThan(0);
      for (const ref of a.evidence) {
        expect(ref.kind === 'measure' ? MEASURE_IDS : GOAL_TAG_IDS).toContain(ref.id);
      }
    }
  });

  it('keeps every judgement, newest first in its own area, whatever order they arrive in', () => {
    const notes = [
      note({ id: 'a', at: 1 }),
      note({ id: 'b', at: 3 }),
      note({ id: 'c', at: 2, area: 'persistence' }),
      note({ id: 'd', at: 3 }),
    ];
    const by = notesByArea(notes);
    expect(by.initiation.map((n) => n.id)).toEqual(['d', 'b', 'a']);
    expect(notesByArea([...notes].reverse()).initiation.map((n) => n.id)).toEqual(['d', 'b', 'a']);
    expect(by.persistence.map((n) => n.id)).toEqual(['c']);
    expect(by.exploration).toEqual([]);
  });

  it('reads a judgement strictly and a school’s names leniently', () => {
    expect(parseEngagementNote(note({}), 'l')).toEqual(note({}));
    expect(parseEngagementNote({ ...note({}), area: 'happiness' })).toBeNull();
    expect(parseEngagementNote(note({}), 'someone else')).toBeNull();
    const names = parseAreaNames({
      exploration: { name: ' Routes: early reactions ', milestones: 'Milestone 1: notices a sound' },
      realisation: { name: '' },
      anticipation: 'damaged',
    });
    expect(names.exploration).toEqual({
      name: 'Routes: early reactions',
      milestones: 'Milestone 1: notices a sound',
    });
    expect(names.realisation.name).toBe('Realisation');
    expect(names.anticipation.name).toBe('Anticipation');
    expect(parseAreaNames(null).initiation).toEqual({ name: 'Initiation', milestones: '' });
  });

  it('shows for each area what the period’s sessions measured, never a level', () => {
    const meta = (id: string, startedAt: number) => sessionMeta(id, startedAt);
    const one = reviewSession(meta('a', 1), [voice('learner', 1, 2)], []);
    const two = reviewSession(
      meta('b', 2),
      [voice('learner', 1, 2), voice('learner', 10, 11), tag(3, 'turn:learner')],
      [],
    );
    const by = areaEvidence([
      { sessionId: 'a', startedAt: 1, source: one },
      { sessionId: 'b', startedAt: 2, source: two },
    ]);
    const initiations = by.initiation[0];
    expect(initiations?.label).toBe('Learner initiations');
    // The turn tag joins the learner's turn at 1-2 s, so session b has two initiations (1 s and 10 s).
    expect(initiations?.sessions.map((s) => s.value)).toEqual([1, 2]);
    expect(by.initiation[1]?.total).toBe(1);
    expect(Object.keys(by)).toEqual([...AREA_IDS]);
  });
});
