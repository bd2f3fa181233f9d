import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../src/core/events.ts';
import { FUNDAMENTALS } from '../../../../src/core/fundamentals.ts';
import { firsts, seenIn } from '../../../../src/core/review/fundamentalsSensed.ts';
import { reviewSession } from '../../../../src/core/review/sessionReview.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../../../src/core/turns/params.ts';
import { summariseSession } from '../../../../src/core/turns/summary.ts';
import { sessionMeta, tag, voice } from '../../support/timeline.ts';

const meta = (id: string) => sessionMeta(id);

describe('the Fundamentals of a session', () => {
  const events: LogEvent[] = [
    voice('learner', 1, 2),
    voice('practitioner', 3, 4),
    tag(5, 'fundamental:personal-space'),
    tag(6, 'fundamental:personal-space'),
    { kind: 'attention', party: 'learner', target: 'person', startMs: 0, endMs: 3000 },
  ];

  it('gives all ten, in order, with what was sensed beside the tags pressed', () => {
    const rows = reviewSession(meta('a'), events, []).fundamentals;
    expect(rows.map((r) => r.id)).toEqual(FUNDAMENTALS.map((f) => f.id));
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by['fundamental:turn-taking']).toMatchObject({
      measure: 1,
      sensed: '1 exchange, 1 learner initiation',
    });
    expect(by['fundamental:vocalising']).toMatchObject({ measure: 1, tags: 0 });
    expect(by['fundamental:personal-space']).toMatchObject({ measure: 0, tags: 2 });
    expect(by['fundamental:eye-contact']?.measure).toBe(3000);
    expect(seenIn(by['fundamental:enjoying'] ?? { id: '', label: '', sensed: '', measure: 0, tags: 0 })).toBe(
      false,
    );
  });

  it('finds the first session each Fundamental showed in, oldest first', () => {
    const quiet = reviewSession(meta('quiet'), [voice('learner', 1, 2)], []).fundamentals;
    const busy = reviewSession(meta('busy'), events, []).fundamentals;
    const first = firsts([
      { sessionId: 'quiet', rows: quiet },
      { sessionId: 'busy', rows: busy },
    ]);
    expect(first.get('fundamental:vocalising')).toBe('quiet');
    expect(first.get('fundamental:turn-taking')).toBe('busy');
    expect(first.get('fundamental:personal-space')).toBe('busy');
    expect(first.has('fundamental:enjoying')).toBe(false);
  });

  it('re-scores with other turn parameters when asked, and with the session’s own otherwise', () => {
    const spaced = [voice('learner', 1, 2), voice('practitioner', 5, 6)];
    expect(reviewSession(meta('a'), spaced, []).summary).toEqual(
      summariseSession(spaced, DEFAULT_TURN_PARAMS, 60_000),
    );
    const strict = turnParams({ exchangeGapMs: 2000, sequenceGapMs: 2000 });
    expect(reviewSession(meta('a'), spaced, [], strict).summary.exchanges.total).toBe(0);
    expect(reviewSession(meta('a'), spaced, []).summary.exchanges.total).toBe(1);
  });
});
