import { syncWords } from '../core/sync/syncStatus.ts';
import type { LogStore } from '../store/logStore.ts';
import { schoolSyncStatus, startSchoolSync } from '../store/schoolStatus.ts';
import { h } from '../ui/dom.ts';

export interface SyncSection {
  readonly element: HTMLElement;
}

/** How often the words are written again while nothing changes, so "since 10:02" stays true. */
const REWORD_MS = 30_000;

/**
 * The school server's line in review: last sent, how many sessions wait, or that it cannot be reached. Building
 * it starts this page's replication (review is built when the page opens, and the replication runs whether or
 * not review is shown); `onArrived` is told when sessions or learners from other PCs reach the log.
 */
export function createSyncSection(store: LogStore, onArrived: () => void): SyncSection {
  const line = h('p', { id: 'review-sync', class: 'hint', role: 'status' });
  const draw = () => {
    line.textContent = `School server: ${syncWords(schoolSyncStatus.getState(), Date.now())}`;
  };
  schoolSyncStatus.subscribe(draw);
  setInterval(draw, REWORD_MS);
  draw();
  void startSchoolSync(store).then((sync) => sync?.whenChanged(onArrived));
  return { element: line };
}
