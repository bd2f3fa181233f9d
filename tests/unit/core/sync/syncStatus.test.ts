import { describe, expect, it } from 'vitest';
import { SYNC_OFF, type SyncStatus, syncWords } from '../../../../src/core/sync/syncStatus.ts';

const now = new Date(2026, 2, 10, 14, 30).getTime();
const base: SyncStatus = { ...SYNC_OFF, server: 'http://10.0.0.5:5984/attune' };

describe('the sync state in words', () => {
  it('says when no school server is set up', () => {
    expect(syncWords(SYNC_OFF, now)).toMatch(/No school server is set up/);
  });

  it('says when this PC last sent and that nothing waits', () => {
    const t = syncWords(
      { ...base, state: { kind: 'upToDate' }, lastPushedAt: new Date(2026, 2, 10, 14, 2).getTime() },
      now,
    );
    expect(t).toMatch(/Up to date/);
    expect(t).toMatch(/Last sent to the school server at 14:02 today/);
    expect(t).toMatch(/Nothing is waiting/);
  });

  it('says how many sessions wait and that the server cannot be reached, and since when', () => {
    const t = syncWords(
      {
        ...base,
        state: { kind: 'unreachable', since: new Date(2026, 2, 9, 16, 45).getTime() },
        lastPushedAt: null,
        waiting: 3,
      },
      now,
    );
    expect(t).toMatch(/Cannot reach the school server at http:\/\/10\.0\.0\.5:5984\/attune/);
    expect(t).toMatch(/since 9 March 2026 at 16:45/);
    expect(t).toMatch(/3 sessions waiting to be sent/);
    expect(t).toMatch(/Nothing has been sent from this computer yet/);
  });

  it('sends staff to IT when the server refuses the PC', () => {
    const t = syncWords({ ...base, state: { kind: 'refused', status: 401 }, waiting: 1 }, now);
    expect(t).toMatch(/refused this computer \(error 401\)/);
    expect(t).toMatch(/ATTUNE_SCHOOL_USER/);
    expect(t).toMatch(/1 session waiting/);
  });

  it('counts sessions that arrived from other PCs', () => {
    expect(syncWords({ ...base, state: { kind: 'upToDate' }, received: 1 }, now)).toMatch(
      /1 session from other computers arrived/,
    );
  });
});
