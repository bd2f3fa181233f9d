import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/core/events.ts';
import { DEFAULT_TURN_PARAMS, turnParams } from '../../../src/core/turns/params.ts';
import { emptyCounts, type StoredSession } from '../../../src/store/logStore.ts';
import { figuredKey } from '../../../src/store/progressData.ts';

const session: StoredSession = {
  id: 's1',
  learnerId: 'L1',
  startedAt: 1_000_000,
  endedAt: 1_600_000,
  status: 'ended',
  schemaVersion: SCHEMA_VERSION,
  turnParams: { ...DEFAULT_TURN_PARAMS },
  counts: emptyCounts(),
  lastEventMs: 590_000,
};

describe('the key a figured session is kept by', () => {
  const key = figuredKey(session, 0, session.turnParams);

  it('is the same for the same session, corrections and settings', () => {
    expect(figuredKey({ ...session, counts: { ...emptyCounts() } }, 0, { ...DEFAULT_TURN_PARAMS })).toBe(key);
  });

  it('changes with anything the figures depend on', () => {
    const changed = [
      figuredKey({ ...session, id: 's2' }, 0, session.turnParams),
      figuredKey({ ...session, lastEventMs: 591_000 }, 0, session.turnParams),
      figuredKey({ ...session, endedAt: 1_700_000 }, 0, session.turnParams),
      figuredKey({ ...session, status: 'interrupted' }, 0, session.turnParams),
      figuredKey({ ...session, relabelledAt: 5 }, 0, session.turnParams),
      figuredKey(session, 1, session.turnParams),
      figuredKey(session, 0, turnParams({ exchangeGapMs: 2000 })),
    ];
    for (const k of changed) expect(k).not.toBe(key);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
