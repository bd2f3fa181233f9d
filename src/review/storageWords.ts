import type { BackupTally } from '../core/backupFormat.ts';
import type { RestoreCount } from '../store/backup.ts';
import type { StorageState } from '../store/persistence.ts';
import { count } from './words.ts';

/** What review says about storage, backup and restore, in plain words; no DOM, so it is unit-tested in Node. */

/** "12.3 MB", "2.1 GB": sizes as a person reads them (1 MB = 1,000,000 bytes, as disks are sold). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${Math.round(v)} bytes` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** The persistence line and whether it is a warning. */
export function describeStorage(s: StorageState): { text: string; warning: boolean } {
  const use =
    s.usage !== null && s.quota !== null
      ? ` Attune uses ${formatBytes(s.usage)} of the ${formatBytes(s.quota)} this browser allows it.`
      : '';
  if (s.persisted === true) {
    return {
      text: `Persistent storage: granted. This browser keeps Attune's data until someone deletes it.${use}`,
      warning: false,
    };
  }
  const why =
    s.persisted === false
      ? 'Persistent storage: not granted. This browser may clear Attune’s data (every learner and session) when the computer’s disk runs low, and a school policy that wipes browser profiles clears it too.'
      : 'Persistent storage: this browser cannot say whether it keeps Attune’s data, so it may clear it when the disk runs low.';
  return {
    text: `${why} Use "Back up everything" regularly and keep the file safe; installing Attune as an app usually lets the browser keep its data.${use}`,
    warning: true,
  };
}

/** "5 Dec 2026, 21:40": when a backup was made, on this computer's clock. */
export function backupWhen(epochMs: number): string {
  return new Date(epochMs).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function describeBackup(t: BackupTally): string {
  return `Saved a backup of everything on this computer: ${count(t.learners, 'learner')}, ${count(t.sessions, 'session')} and ${count(t.events, 'event')}, with their profiles, corrections, diaries and goals (voices are never in a backup). Keep the file somewhere safe, off this computer.`;
}

export function describeRestore(createdAt: number, counts: readonly RestoreCount[]): string {
  const added = (name: string) => counts.find((c) => c.store === name)?.added ?? 0;
  const others = counts
    .filter((c) => !['learners', 'sessions', 'events'].includes(c.store))
    .reduce((n, c) => n + c.added, 0);
  const kept = counts.reduce((n, c) => n + c.kept, 0);
  const parts = [
    `Restored the backup of ${backupWhen(createdAt)}: ${count(added('learners'), 'learner')}, ${count(added('sessions'), 'session')} and ${count(added('events'), 'event')} added${others > 0 ? `, with ${count(others, 'other record')}` : ''}.`,
  ];
  if (kept > 0) {
    parts.push(
      `${count(kept, 'record')} in the file ${kept === 1 ? 'was' : 'were'} here already and left as ${kept === 1 ? 'it was' : 'they were'}.`,
    );
  }
  return parts.join(' ');
}

/** A restore or backup that the storage refused: the file was fine, nothing was written. */
export function describeRestoreError(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') {
    return "Nothing was restored: this computer's storage for Attune is full. Free some space, then try again.";
  }
  return `Nothing was restored: Attune could not save it (${error instanceof Error ? error.message : String(error)}).`;
}
