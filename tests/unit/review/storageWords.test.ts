import { describe, expect, it } from 'vitest';
import { describeRestore, describeStorage, formatBytes } from '../../../src/review/storageWords.ts';

describe('what review says about storage', () => {
  it('says plainly when the browser keeps the data, with what it uses', () => {
    const s = describeStorage({ persisted: true, usage: 12_345_678, quota: 2_100_000_000 });
    expect(s.warning).toBe(false);
    expect(s.text).toBe(
      "Persistent storage: granted. This browser keeps Attune's data until someone deletes it. Attune uses 12 MB of the 2.1 GB this browser allows it.",
    );
  });

  it('warns when the browser may clear the data, and says what to do', () => {
    const s = describeStorage({ persisted: false, usage: null, quota: null });
    expect(s.warning).toBe(true);
    expect(s.text).toMatch(/^Persistent storage: not granted\. This browser may clear Attune’s data/);
    expect(s.text).toMatch(/Back up everything/);
    expect(describeStorage({ persisted: null, usage: 1, quota: 2 }).warning).toBe(true);
  });

  it('gives sizes as a person reads them', () => {
    expect(formatBytes(532)).toBe('532 bytes');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(999_999_999)).toBe('1000 MB');
    expect(formatBytes(45_000_000_000)).toBe('45 GB');
  });

  it('says what a restore added and what was already here', () => {
    const t = describeRestore(Date.UTC(2026, 11, 5, 12, 0), [
      { store: 'learners', added: 3, kept: 1 },
      { store: 'sessions', added: 20, kept: 0 },
      { store: 'events', added: 1234, kept: 0 },
      { store: 'diary', added: 2, kept: 0 },
    ]);
    expect(t).toMatch(/: 3 learners, 20 sessions and 1,234 events added, with 2 other records\./);
    expect(t).toMatch(/1 record in the file was here already and left as it was\.$/);
  });
});
