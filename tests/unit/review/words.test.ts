import { describe, expect, it } from 'vitest';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { summariseSession } from '../../../src/core/turns/summary.ts';
import {
  describeErase,
  describeImport,
  figureCells,
  fileSafe,
  overviewDefinitions,
  QUIET_WORDS,
  TREND_WORDS,
  trendBasis,
  weekHeading,
} from '../../../src/review/words.ts';
import type { ImportResult } from '../../../src/store/learnerData.ts';
import { voice } from '../support/timeline.ts';

const result = (over: Partial<ImportResult> = {}): ImportResult => ({
  learner: { id: 'L1', pseudonym: 'Robin', createdAt: 0 },
  learnerAdded: true,
  fileCalledThem: null,
  sameNameAs: false,
  sessionsAdded: 2,
  eventsAdded: 1530,
  sessionsAlreadyHere: 0,
  sessionsClashing: 0,
  ...over,
});

describe('what review says', () => {
  it('after an import', () => {
    expect(describeImport(result())).toBe('Imported Robin (a new learner) with 2 sessions (1,530 events).');
    expect(
      describeImport(
        result({ learnerAdded: false, sessionsAdded: 1, eventsAdded: 1, sessionsAlreadyHere: 1 }),
      ),
    ).toBe(
      'Imported 1 session (1 event) for Robin. 1 session in the file was here already and left as before.',
    );
    expect(describeImport(result({ learnerAdded: false, sessionsAdded: 0, sessionsAlreadyHere: 2 }))).toBe(
      'Nothing new to import for Robin: no session was added. 2 sessions in the file were here already and left as before.',
    );
    expect(describeImport(result({ learnerAdded: false, fileCalledThem: 'Rob' }))).toContain(
      'The file calls this learner Rob; the pseudonym used here, Robin, is kept.',
    );
    expect(describeImport(result({ sameNameAs: true }))).toContain(
      'another learner here is also called Robin',
    );
  });

  it('after an erase', () => {
    expect(describeErase({ ok: true, pseudonym: 'Robin', sessions: 1, events: 0 })).toBe(
      'Erased Robin: 1 session and 0 events removed from this computer.',
    );
  });

  it('for the turn-taking figures of a session', () => {
    const events = [
      voice('learner', 0, 1),
      voice('practitioner', 2, 3),
      voice('learner', 4.5, 5),
      voice('learner', 30, 31),
    ];
    const cells = figureCells(summariseSession(events, DEFAULT_TURN_PARAMS));
    // Learner, practitioner (after 1 s), learner (after 1.5 s): two exchanges in one sequence of three turns;
    // the learner's turn at 30 s has nobody's turn in the 5 s before it, and neither has the first.
    expect(cells).toEqual(['2', '3 turns, 5.0 s', '2', '1.5 s', '1.0 s']);
    expect(figureCells(summariseSession([], DEFAULT_TURN_PARAMS))).toEqual([
      '0',
      'none',
      '0',
      'no answers',
      'no answers',
    ]);
  });

  it('in file names', () => {
    expect(fileSafe('Zoë, "Star"')).toBe('Zoë-Star');
    expect(fileSafe('../..')).toBe('learner');
  });

  it('in the school overview', () => {
    expect(weekHeading({ isoWeek: '2026-W11', startsAt: Date.UTC(2026, 2, 9), current: false })).toBe(
      'w/c 9 Mar',
    );
    expect(weekHeading({ isoWeek: '2026-W11', startsAt: Date.UTC(2026, 2, 9), current: true })).toBe(
      'w/c 9 Mar (so far)',
    );
    expect(TREND_WORDS.up).toEqual({ arrow: '↑', words: 'more sessions' });
    expect(TREND_WORDS.down).toEqual({ arrow: '↓', words: 'fewer sessions' });
    expect(trendBasis(7, 1)).toBe('7 sessions in the last 4 weeks, 1 in the 4 before');
    expect(trendBasis(1, 0)).toBe('1 session in the last 4 weeks, 0 in the 4 before');
    expect(QUIET_WORDS).toBe('No session in the last 14 days');
    const defined = overviewDefinitions(8);
    expect(defined.map(([term]) => term)).toEqual(['Weeks', 'Trend', 'Last session']);
    // The stated rule is the rule applied.
    expect(defined[1]?.[1]).toContain('last 28 days');
    expect(defined[1]?.[1]).toContain('at least 2 sessions and by at least 25% of the earlier number');
    expect(defined[2]?.[1]).toContain('started 14 or more days ago');
  });
});
