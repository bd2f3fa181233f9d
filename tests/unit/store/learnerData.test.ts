import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/core/events.ts';
import type { SessionMeta } from '../../../src/core/records.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { countEvents, sessionMetaOf, storedSessionOf } from '../../../src/store/learnerData.ts';
import { emptyCounts } from '../../../src/store/logStore.ts';
import { move, response, tag, voice } from '../support/timeline.ts';

const meta = (over: Partial<SessionMeta> = {}): SessionMeta => ({
  id: 's1',
  learnerId: 'L1',
  startedAt: 1_000_000,
  endedAt: 1_060_000,
  status: 'ended',
  schemaVersion: SCHEMA_VERSION,
  turnParams: { ...DEFAULT_TURN_PARAMS },
  ...over,
});

const events = [
  voice('learner', 0, 1),
  voice('practitioner', 2, 3),
  move('learner', 3, 4.5),
  response(1, 2),
  tag(9, 'note'),
];

describe("an imported session's stored form", () => {
  it('counts its events by kind, as the log does while recording', () => {
    expect(countEvents(events)).toEqual({ ...emptyCounts(), vocal: 2, movement: 1, response: 1, tag: 1 });
  });

  it('keeps an ended session as it was, with its last event time', () => {
    const stored = storedSessionOf({ meta: meta(), events });
    expect(stored.status).toBe('ended');
    expect(stored.endedAt).toBe(1_060_000);
    expect(stored.lastEventMs).toBe(9000);
    expect(sessionMetaOf(stored)).toEqual(meta());
  });

  it('turns a session that was running when exported into an interrupted one ending at its last event', () => {
    const stored = storedSessionOf({ meta: meta({ status: 'live', endedAt: null }), events });
    expect(stored.status).toBe('interrupted');
    expect(stored.endedAt).toBe(1_009_000);
  });

  it('exports only the session fields of the format, not the log’s own bookkeeping', () => {
    const stored = storedSessionOf({ meta: meta(), events });
    expect(Object.keys(sessionMetaOf(stored)).sort()).toEqual(
      ['endedAt', 'id', 'learnerId', 'schemaVersion', 'startedAt', 'status', 'turnParams'].sort(),
    );
  });
});
