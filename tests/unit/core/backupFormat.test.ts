import { describe, expect, it } from 'vitest';
import {
  type AttuneBackup,
  BACKUP_LIMITS,
  type BackupStore,
  backupParts,
  backupSizeProblem,
  parseBackup,
} from '../../../src/core/backupFormat.ts';
import { SCHEMA_VERSION } from '../../../src/core/events.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { move, tag, voice } from '../support/timeline.ts';

const learner = { id: 'L1', pseudonym: 'Ash', createdAt: 1_700_000_000_000, profile: { colour: 'yellow' } };
const session = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  learnerId: 'L1',
  startedAt: 1_700_000_100_000,
  endedAt: 1_700_000_160_000,
  status: 'ended',
  schemaVersion: SCHEMA_VERSION,
  turnParams: { ...DEFAULT_TURN_PARAMS },
  counts: { vocal: 2, movement: 1, tag: 1 },
  lastEventMs: 9000,
  ...over,
});
const silent = { ...voice('learner', 0, 1), peakDbfs: Number.NEGATIVE_INFINITY };

function sample(extra: BackupStore[] = []): AttuneBackup {
  return {
    format: 'attune-backup',
    version: 1,
    createdAt: 1_700_000_200_000,
    logVersion: 4,
    excluded: ['voices'],
    stores: [
      { name: 'learners', keyPath: 'id', autoIncrement: false, records: [{ value: learner }] },
      {
        name: 'sessions',
        keyPath: 'id',
        autoIncrement: false,
        records: [{ value: session('s1') }, { value: session('s2', { status: 'live', endedAt: null }) }],
      },
      {
        name: 'events',
        keyPath: null,
        autoIncrement: true,
        records: [
          { key: 1, value: { sessionId: 's1', event: silent } },
          { key: 2, value: { sessionId: 's1', event: voice('practitioner', 2, 3) } },
          { key: 3, value: { sessionId: 's1', event: move('learner', 3, 4.5) } },
          { key: 7, value: { sessionId: 's2', event: tag(9, 'note', 'a note') } },
        ],
      },
      ...extra,
    ],
  };
}

const text = (b: AttuneBackup) => backupParts(b).join('');

function refused(t: string): string {
  const r = parseBackup(t);
  if (r.ok) throw new Error('the file was accepted');
  return r.message;
}

describe('the backup file', () => {
  it('reads back what it wrote, keys, digital silence and an unknown store included', () => {
    const diary: BackupStore = {
      name: 'diary',
      keyPath: ['sessionId', 'at'],
      autoIncrement: false,
      records: [{ value: { sessionId: 's1', at: 5, text: 'Ash laughed', when: new Date(12345) } }],
    };
    const r = parseBackup(text(sample([diary])));
    if (!r.ok) throw new Error(r.message);
    expect(r.tally).toEqual({ learners: 1, sessions: 2, events: 4 });
    const byName = Object.fromEntries(r.backup.stores.map((s) => [s.name, s]));
    expect(byName.learners?.records[0]?.value).toEqual(learner);
    expect(byName.events?.records.map((x) => x.key)).toEqual([1, 2, 3, 7]);
    const first = byName.events?.records[0]?.value as { event: { peakDbfs: number } };
    expect(first.event.peakDbfs).toBe(Number.NEGATIVE_INFINITY);
    expect(byName.diary?.keyPath).toEqual(['sessionId', 'at']);
    const d = byName.diary?.records[0]?.value as { when: Date; text: string };
    expect(d.when).toBeInstanceOf(Date);
    expect(d.when.getTime()).toBe(12345);
    expect(d.text).toBe('Ash laughed');
  });

  it('carries typed arrays and binary as they were', () => {
    const blobs: BackupStore = {
      name: 'models',
      keyPath: null,
      autoIncrement: false,
      records: [{ key: 'k', value: { f: new Float32Array([0.5, -1]), b: new Uint8Array([1, 255]).buffer } }],
    };
    const r = parseBackup(text(sample([blobs])));
    if (!r.ok) throw new Error(r.message);
    const v = r.backup.stores.find((s) => s.name === 'models')?.records[0]?.value as {
      f: Float32Array;
      b: ArrayBuffer;
    };
    expect(Array.from(v.f)).toEqual([0.5, -1]);
    expect(Array.from(new Uint8Array(v.b))).toEqual([1, 255]);
  });

  it('writes one record a line, so a person can read it', () => {
    const lines = text(sample()).split('\n');
    expect(lines.filter((l) => l.includes('"sessionId"'))).toHaveLength(4);
  });

  it('brings back a session that was running as interrupted, ending at its last event', () => {
    const r = parseBackup(text(sample()));
    if (!r.ok) throw new Error(r.message);
    const s2 = r.backup.stores.find((s) => s.name === 'sessions')?.records[1]?.value as Record<
      string,
      unknown
    >;
    expect(s2.status).toBe('interrupted');
    expect(s2.endedAt).toBe(1_700_000_100_000 + 9000);
  });

  it('migrates events of an older schema, as an import does', () => {
    const old = sample();
    const sessions = old.stores[1] as BackupStore;
    (sessions.records[0] as { value: Record<string, unknown> }).value.schemaVersion = 1;
    const r = parseBackup(text(old));
    if (!r.ok) throw new Error(r.message);
    const s1 = r.backup.stores[1]?.records[0]?.value as { schemaVersion: number };
    expect(s1.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('refuses a foreign file, an export, an empty file and a newer version in words', () => {
    expect(refused('hello')).toMatch(/not an Attune backup/);
    expect(refused('{"format":"something"}')).toMatch(/not an Attune backup/);
    expect(refused('{"format":"attune-export","version":1}')).toMatch(/export of one learner.*Import/);
    expect(refused('  ')).toMatch(/empty/);
    expect(refused(text({ ...sample(), version: 2 as 1 }))).toMatch(/newer version of Attune.*update/);
  });

  it('refuses a file cut short anywhere', () => {
    const t = text(sample());
    for (const cut of [0.2, 0.5, 0.9, 0.99]) {
      expect(refused(t.slice(0, Math.floor(t.length * cut)))).toMatch(/damaged.*cut short/);
    }
  });

  it('refuses records that do not hold together', () => {
    const orphan = sample();
    (orphan.stores[2] as BackupStore).records.push({
      key: 9,
      value: { sessionId: 'nope', event: tag(1, 'x') },
    });
    expect(refused(text(orphan))).toMatch(/event 5 belongs to a session that is not in the file/);

    const lost = sample([
      {
        name: 'goals',
        keyPath: 'id',
        autoIncrement: false,
        records: [{ value: { id: 'g', learnerId: 'L9' } }],
      },
    ]);
    expect(refused(text(lost))).toMatch(/record 1 of "goals" belongs to a learner who is not in the file/);

    const bad = sample();
    (
      (bad.stores[2] as BackupStore).records[1] as { value: { event: { confidence: number } } }
    ).value.event.confidence = 7;
    expect(refused(text(bad))).toMatch(/event 2.*confidence/);

    const twice = sample();
    (twice.stores[0] as BackupStore).records.push({ value: learner });
    expect(refused(text(twice))).toMatch(/learner "L1" appears twice/);

    const noKey = sample();
    (noKey.stores[2] as BackupStore).records.push({ value: { sessionId: 's1', event: tag(1, 'x') } });
    // A record of a store keyed beside its records, written without its key.
    expect(refused(text(noKey))).toMatch(/record 5 of "events" has no key/);

    const tagged = text(sample()).replace('"Ash"', '{"$attune":"Mystery","v":1}');
    expect(refused(tagged)).toMatch(/"Mystery", which Attune does not know/);
  });

  it('refuses a text longer than the limit', () => {
    const long = sample([
      {
        name: 'diary',
        keyPath: 'id',
        autoIncrement: false,
        records: [{ value: { id: 'd', text: 'x'.repeat(BACKUP_LIMITS.textChars + 1) } }],
      },
    ]);
    expect(refused(text(long))).toMatch(/record 1 of "diary" holds a text of/);
  });

  it('says a file is too large by its size alone', () => {
    expect(backupSizeProblem(BACKUP_LIMITS.maxBytes)).toBeNull();
    expect(backupSizeProblem(BACKUP_LIMITS.maxBytes + 1)).toMatch(/restores backups up to 400 MB/);
  });

  it('cannot write a value it could not read back', () => {
    const b = sample([
      { name: 'odd', keyPath: 'id', autoIncrement: false, records: [{ value: { id: 'm', m: new Map() } }] },
    ]);
    expect(() => text(b)).toThrow(/Map cannot be written to a backup/);
  });
});
