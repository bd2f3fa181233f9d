import type { Learner } from '../core/session.ts';
import type { LogStore, StoredSession } from '../store/logStore.ts';
import { formatDuration, h, saveFile } from '../ui/dom.ts';
import { sessionExportJson } from './exportSession.ts';

export interface Review {
  readonly element: HTMLElement;
  open(learnerId: string | null): Promise<void>;
  close(): void;
}

function durationOf(s: StoredSession): number {
  return (s.endedAt ?? s.startedAt + s.lastEventMs) - s.startedAt;
}

const STATUS_WORDS: Record<StoredSession['status'], string> = {
  live: 'running',
  ended: 'ended',
  interrupted: 'interrupted (recovered)',
};

/**
 * Staff review: each learner's sessions with their counts and durations, and export. A later version adds
 * the timeline, turn-taking figures and progress; the staff PIN comes with them.
 */
export function createReview(host: HTMLElement, store: LogStore, onClose: () => void): Review {
  const learnerSelect = h('select', { id: 'review-learner' });
  const closeButton = h('button', { type: 'button' }, 'Back to panel');
  const body = h('tbody');
  const empty = h('p', { class: 'hint' });
  const table = h(
    'table',
    { 'aria-label': 'Sessions' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Started', 'Duration', 'Status', 'Vocalisations', 'Movements', 'Touches', 'Responses', ''].map(
          (t) => h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    body,
  );
  const element = h(
    'section',
    { class: 'review', 'aria-label': 'Review' },
    h('header', { class: 'row' }, h('h1', {}, 'Review'), closeButton),
    h('div', { class: 'row' }, h('label', { for: 'review-learner' }, 'Learner'), learnerSelect),
    empty,
    table,
  );
  element.hidden = true;
  host.append(element);

  let learners: Learner[] = [];
  const showSessions = async (learnerId: string) => {
    const sessions = await store.sessions(learnerId);
    const learner = learners.find((l) => l.id === learnerId);
    empty.textContent = sessions.length ? '' : 'No sessions yet for this learner.';
    body.replaceChildren(
      ...sessions.map((s) => {
        const exportButton = h(
          'button',
          { type: 'button', 'aria-label': 'Export session' },
          'Export session',
        );
        exportButton.addEventListener('click', async () => {
          if (!learner) return;
          const events = await store.events(s.id);
          const stamp = new Date(s.startedAt).toISOString().slice(0, 16).replace(':', '');
          saveFile(
            `attune-${learner.pseudonym}-${stamp}.json`,
            sessionExportJson(learner, s, events),
            'application/json',
          );
        });
        return h(
          'tr',
          {},
          h('td', {}, new Date(s.startedAt).toLocaleString('en-GB')),
          h('td', {}, formatDuration(durationOf(s))),
          h('td', {}, STATUS_WORDS[s.status]),
          h('td', {}, String(s.counts.vocal)),
          h('td', {}, String(s.counts.movement)),
          h('td', {}, String(s.counts.touch)),
          h('td', {}, String(s.counts.response)),
          h('td', {}, exportButton),
        );
      }),
    );
  };
  learnerSelect.addEventListener('change', () => void showSessions(learnerSelect.value));
  closeButton.addEventListener('click', () => onClose());

  return {
    element,
    async open(learnerId) {
      learners = await store.learners();
      const chosen = learnerId ?? learners[0]?.id ?? '';
      learnerSelect.replaceChildren(
        ...learners.map((l) => h('option', { value: l.id, selected: l.id === chosen }, l.pseudonym)),
      );
      element.hidden = false;
      if (chosen) await showSessions(chosen);
      else empty.textContent = 'No learners yet.';
    },
    close() {
      element.hidden = true;
    },
  };
}
