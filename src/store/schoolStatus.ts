import { createStore, type StoreApi } from 'zustand/vanilla';
import { SYNC_OFF, type SyncStatus } from '../core/sync/syncStatus.ts';
import type { LogStore } from './logStore.ts';
import { readSchoolConfig } from './schoolConfig.ts';
import type { SchoolSync } from './schoolSync.ts';

/** The sync state every part reads; SYNC_OFF unless a school server is configured. */
export const schoolSyncStatus: StoreApi<SyncStatus> = createStore<SyncStatus>(() => SYNC_OFF);

let started: Promise<SchoolSync | null> | null = null;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts this page's replication with the school server, once; later calls get the same one (null when no
 * school server is configured). PouchDB is loaded only then: a PC without a school server never loads it.
 */
export function startSchoolSync(log: LogStore): Promise<SchoolSync | null> {
  started ??= (async () => {
    const config = await readSchoolConfig();
    if (!config) return null;
    const { SchoolSync } = await import('./schoolSync.ts');
    return SchoolSync.start(log, config, schoolSyncStatus);
  })().catch((error: unknown) => {
    schoolSyncStatus.setState({
      problem: `Attune could not start exchanging sessions with the school server: ${describe(error)}.`,
    });
    return null;
  });
  return started;
}

/** The running replication, or null when none is configured (or it has not started). */
export function schoolSync(): Promise<SchoolSync | null> {
  return started ?? Promise.resolve(null);
}
