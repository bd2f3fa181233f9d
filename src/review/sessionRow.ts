import type { Learner } from '../core/records.ts';
import type { SessionSummary } from '../core/turns/summary.ts';
import { exportSession } from '../store/learnerData.ts';
import type { LogStore, StoredSession } from '../store/logStore.ts';
import { formatDuration, h } from '../ui/dom.ts';
import { saveExport, saveSessionCsv } from './exportFiles.ts';
import type { Messages } from './messages.ts';
import { count, figureCells, fileSafe, fileStamp } from './words.ts';

export interface SessionRow {
  readonly row: HTMLTableRowElement;
  /** Writes the session's turn-taking figures into their cells (they show "…" until then). */
  fill(summary: SessionSummary): void;
}

const STATUS_WORDS: Record<StoredSession['status'], string> = {
  live: 'running',
  ended: 'ended',
  interrupted: 'interrupted (recovered)',
};

function durationOf(s: StoredSession): number {
  return (s.endedAt ?? s.startedAt + s.lastEventMs) - s.startedAt;
}

function loggedOf(s: StoredSession): string {
  return [
    count(s.counts.vocal, 'vocalisation'),
    count(s.counts.movement, 'movement'),
    count(s.counts.touch, 'touch', 'touches'),
    count(s.counts.response, 'response'),
  ].join(', ');
}

/** One session of the sessions table: when, how long, how it ended, its figures, what was logged, its export. */
export function createSessionRow(
  store: LogStore,
  messages: Messages,
  learner: Learner,
  s: StoredSession,
  open: (learner: Learner, session: StoredSession) => void,
): SessionRow {
  const openButton = h('button', { type: 'button' }, 'Open session');
  openButton.addEventListener('click', () => open(learner, s));
  const exportJson = h('button', { type: 'button' }, 'Export session');
  const exportCsv = h('button', { type: 'button' }, 'Export session CSV');
  const base = `attune-${fileSafe(learner.pseudonym)}-${fileStamp(s.startedAt)}`;
  const load = async () => {
    const data = await exportSession(store.db, s.id);
    if (!data) messages.complain('That session is no longer on this computer.');
    return data;
  };
  exportJson.addEventListener('click', async () => {
    const data = await load();
    if (data) saveExport(base, data);
  });
  exportCsv.addEventListener('click', async () => {
    const data = await load();
    if (!data) return;
    saveSessionCsv(base, data);
    messages.say('Saved two CSV files: the events and the turns.');
  });
  const figureCellsOf = Array.from({ length: 5 }, () => h('td', {}, '…'));
  const row = h(
    'tr',
    { 'aria-busy': 'true', 'data-session': s.id },
    h('td', {}, new Date(s.startedAt).toLocaleString('en-GB')),
    h('td', {}, formatDuration(durationOf(s))),
    h('td', {}, STATUS_WORDS[s.status]),
    ...figureCellsOf,
    h('td', { class: 'logged' }, loggedOf(s)),
    h('td', {}, h('div', { class: 'row row-actions' }, openButton, exportJson, exportCsv)),
  );
  return {
    row,
    fill(summary) {
      figureCells(summary).forEach((text, i) => {
        const cell = figureCellsOf[i];
        if (cell) cell.textContent = text;
      });
      row.removeAttribute('aria-busy');
    },
  };
}
