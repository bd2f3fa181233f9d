import { type AttuneExport, eventsCsv, parseExport, toJson, turnsCsv } from '../core/exportFormat.ts';
import type { Learner } from '../core/records.ts';
import { type SessionSummary, sessionDurationMs, summariseSession } from '../core/turns/summary.ts';
import {
  eraseLearner,
  exportLearner,
  exportSession,
  importExport,
  sessionMetaOf,
} from '../store/learnerData.ts';
import type { LogStore, StoredSession } from '../store/logStore.ts';
import { changeStaffPin, confirmByTyping, type RequestPinOptions, requestPin } from '../ui/dialog.ts';
import { formatDuration, h, saveFile } from '../ui/dom.ts';
import {
  count,
  describeErase,
  describeImport,
  describeStorageError,
  figureCells,
  fileSafe,
  fileStamp,
} from './words.ts';

export interface Review {
  readonly element: HTMLElement;
  /** Asks for the staff PIN, then opens; calls `onClose` instead when the PIN is not given. */
  open(learnerId: string | null): Promise<void>;
  close(): void;
}

export interface ReviewOptions {
  /** The PIN gate; the staff PIN dialog unless a test or another front end passes its own. */
  requestPin?: (reason: string, options?: RequestPinOptions) => Promise<boolean>;
  /** Learners were imported or erased: the panel's list needs refreshing. */
  onLearnersChanged?: () => void;
}

function durationOf(s: StoredSession): number {
  return (s.endedAt ?? s.startedAt + s.lastEventMs) - s.startedAt;
}

const STATUS_WORDS: Record<StoredSession['status'], string> = {
  live: 'running',
  ended: 'ended',
  interrupted: 'interrupted (recovered)',
};

const COLUMNS = [
  'Started',
  'Duration',
  'Status',
  'Exchanges',
  'Longest sequence',
  'Learner initiations',
  'Learner answers in (median)',
  'Practitioner answers in (median)',
  'Logged',
  'Export',
];

/**
 * Staff review, behind the staff PIN: each learner's sessions with their turn-taking figures, export (JSON and
 * CSV) of a session or a whole learner, import of an export file, and erasing a learner.
 */
export function createReview(
  host: HTMLElement,
  store: LogStore,
  onClose: () => void,
  options: ReviewOptions = {},
): Review {
  const gate = options.requestPin ?? requestPin;
  const learnerSelect = h('select', { id: 'review-learner' });
  const closeButton = h('button', { type: 'button' }, 'Back to panel');
  const changePinButton = h('button', { type: 'button' }, 'Change staff PIN');
  const exportLearnerButton = h('button', { type: 'button' }, 'Export learner');
  const eraseButton = h('button', { type: 'button', class: 'danger' }, 'Erase learner');
  const importInput = h('input', {
    id: 'review-import-file',
    type: 'file',
    accept: '.json,application/json',
  });
  const importButton = h('button', { type: 'button' }, 'Import');
  const done = h('p', { class: 'done', role: 'status' });
  const problem = h('p', { class: 'problem', role: 'alert' });
  const body = h('tbody');
  const empty = h('p', { class: 'hint' });
  const table = h(
    'table',
    { 'aria-label': 'Sessions' },
    h('thead', {}, h('tr', {}, ...COLUMNS.map((t) => h('th', { scope: 'col' }, t)))),
    body,
  );
  const element = h(
    'section',
    { class: 'review', 'aria-label': 'Review' },
    h('header', { class: 'row' }, h('h1', {}, 'Review'), closeButton, changePinButton),
    h(
      'div',
      { class: 'row' },
      h('label', { for: 'review-learner' }, 'Learner'),
      learnerSelect,
      exportLearnerButton,
      eraseButton,
    ),
    h(
      'div',
      { class: 'row review-import' },
      h('label', { for: 'review-import-file' }, 'Import file'),
      importInput,
      importButton,
    ),
    done,
    problem,
    empty,
    h('div', { class: 'table-scroll' }, table),
    h(
      'p',
      { class: 'hint' },
      'An exchange is a turn answered by the other person within 5 seconds; a sequence is a run of such turns. ' +
        'An initiation is a learner turn with no practitioner turn in the 5 seconds before it. Answer times are ' +
        'from the end of one person’s turn to the start of the other’s answer.',
    ),
  );
  element.hidden = true;
  host.append(element);

  let learners: Learner[] = [];
  let currentLearner: string | null = null;
  /** Bumped on every redraw and on close, so a slow computation never writes into a newer table. */
  let generation = 0;
  /** Figures are recomputed only when a session has changed (it is keyed by its last event and status). */
  const figures = new Map<string, SessionSummary>();

  const say = (text: string) => {
    problem.textContent = '';
    done.textContent = text;
  };
  const complain = (text: string) => {
    done.textContent = '';
    problem.textContent = text;
  };

  const download = (name: string, data: AttuneExport) => {
    saveFile(`${name}.json`, toJson(data), 'application/json');
  };

  const sessionRow = (learner: Learner, s: StoredSession) => {
    const exportJson = h('button', { type: 'button' }, 'Export session');
    const exportCsv = h('button', { type: 'button' }, 'Export session CSV');
    const base = `attune-${fileSafe(learner.pseudonym)}-${fileStamp(s.startedAt)}`;
    const load = async () => {
      const data = await exportSession(store.db, s.id);
      if (!data) complain('That session is no longer on this computer.');
      return data;
    };
    exportJson.addEventListener('click', async () => {
      const data = await load();
      if (data) download(base, data);
    });
    exportCsv.addEventListener('click', async () => {
      const data = await load();
      if (!data) return;
      // Two files: events and turns have different columns, and each opens as one sheet in a spreadsheet.
      saveFile(`${base}-events.csv`, eventsCsv(data), 'text/csv');
      saveFile(`${base}-turns.csv`, turnsCsv(data), 'text/csv');
      say('Saved two CSV files: the events and the turns.');
    });
    const logged = [
      count(s.counts.vocal, 'vocalisation'),
      count(s.counts.movement, 'movement'),
      count(s.counts.touch, 'touch', 'touches'),
      count(s.counts.response, 'response'),
    ].join(', ');
    const figureCellsOf = Array.from({ length: 5 }, () => h('td', {}, '…'));
    const row = h(
      'tr',
      { 'aria-busy': 'true' },
      h('td', {}, new Date(s.startedAt).toLocaleString('en-GB')),
      h('td', {}, formatDuration(durationOf(s))),
      h('td', {}, STATUS_WORDS[s.status]),
      ...figureCellsOf,
      h('td', { class: 'logged' }, logged),
      h('td', {}, h('div', { class: 'row row-actions' }, exportJson, exportCsv)),
    );
    const fill = (summary: SessionSummary) => {
      figureCells(summary).forEach((text, i) => {
        const cell = figureCellsOf[i];
        if (cell) cell.textContent = text;
      });
      row.removeAttribute('aria-busy');
    };
    return { row, fill };
  };

  /** Turn-taking figures with the session's own stored parameters, one session at a time after the list shows. */
  const computeFigures = async (
    mine: number,
    rows: { session: StoredSession; fill: (s: SessionSummary) => void }[],
  ) => {
    for (const { session, fill } of rows) {
      if (mine !== generation) return;
      const key = `${session.id}:${session.lastEventMs}:${session.status}`;
      let summary = figures.get(key);
      if (!summary) {
        const events = await store.events(session.id);
        if (mine !== generation) return;
        summary = summariseSession(
          events,
          session.turnParams,
          sessionDurationMs(sessionMetaOf(session), events),
        );
        figures.set(key, summary);
      }
      fill(summary);
    }
  };

  const showSessions = async (learnerId: string) => {
    const mine = ++generation;
    currentLearner = learnerId;
    const learner = learners.find((l) => l.id === learnerId);
    const sessions = learner ? await store.sessions(learnerId) : [];
    if (mine !== generation) return;
    exportLearnerButton.disabled = !learner;
    eraseButton.disabled = !learner;
    empty.textContent = !learner
      ? 'No learners yet.'
      : sessions.length
        ? ''
        : 'No sessions yet for this learner.';
    table.hidden = sessions.length === 0;
    const rows = learner ? sessions.map((s) => ({ session: s, ...sessionRow(learner, s) })) : [];
    body.replaceChildren(...rows.map((r) => r.row));
    await computeFigures(mine, rows);
  };

  const loadLearners = async (chosen: string | null) => {
    learners = await store.learners();
    const pick = learners.some((l) => l.id === chosen) ? chosen : (learners[0]?.id ?? null);
    learnerSelect.replaceChildren(
      ...learners.map((l) => h('option', { value: l.id, selected: l.id === pick }, l.pseudonym)),
    );
    learnerSelect.disabled = learners.length === 0;
    await showSessions(pick ?? '');
  };

  learnerSelect.addEventListener('change', () => {
    say('');
    void showSessions(learnerSelect.value);
  });
  closeButton.addEventListener('click', () => onClose());
  changePinButton.addEventListener('click', async () => {
    if (await changeStaffPin()) say('The staff PIN is changed. Use the new PIN from now on.');
  });

  exportLearnerButton.addEventListener('click', async () => {
    if (!currentLearner) return;
    const data = await exportLearner(store.db, currentLearner);
    if (!data) {
      complain('That learner is no longer on this computer.');
      return;
    }
    download(`attune-${fileSafe(data.learner.pseudonym)}-all-sessions-${fileStamp(data.exportedAt)}`, data);
    say(`Saved ${data.learner.pseudonym} with ${count(data.sessions.length, 'session')} as one file.`);
  });

  eraseButton.addEventListener('click', async () => {
    const learner = learners.find((l) => l.id === currentLearner);
    if (!learner) return;
    const sessions = await store.sessions(learner.id);
    const ok = await confirmByTyping({
      title: `Erase ${learner.pseudonym}?`,
      text: `This removes ${learner.pseudonym}, their ${count(sessions.length, 'session')} and everything logged in them from this computer. It cannot be undone: use Export learner first if the data may be needed.`,
      expected: learner.pseudonym,
      label: 'Type the pseudonym to confirm',
      confirmLabel: 'Erase',
    });
    if (!ok) return;
    try {
      const result = await eraseLearner(store.db, learner.id);
      if (!result.ok) {
        complain(result.message);
        return;
      }
      await loadLearners(null);
      say(describeErase(result));
      options.onLearnersChanged?.();
    } catch (error) {
      complain(`Nothing was erased: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  importButton.addEventListener('click', async () => {
    const file = importInput.files?.[0];
    if (!file) {
      complain('Choose a file to import first (an Attune export, ending in .json).');
      importInput.focus();
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      complain(`Nothing was imported: the file ${file.name} could not be read.`);
      return;
    }
    const parsed = parseExport(text);
    if (!parsed.ok) {
      complain(`Nothing was imported from ${file.name}. ${parsed.message}`);
      return;
    }
    try {
      const result = await importExport(store.db, parsed.data);
      importInput.value = '';
      await loadLearners(result.learner.id);
      say(describeImport(result));
      options.onLearnersChanged?.();
    } catch (error) {
      complain(describeStorageError(error));
    }
  });

  let opening = false;
  return {
    element,
    async open(learnerId) {
      if (opening || !element.hidden) return;
      opening = true;
      try {
        if (!(await gate('open review', { fresh: true }))) {
          onClose();
          return;
        }
        say('');
        element.hidden = false;
        await loadLearners(learnerId);
      } finally {
        opening = false;
      }
    },
    close() {
      element.hidden = true;
      generation++;
      // Nothing about learners stays in the page once review is closed.
      body.replaceChildren();
      learnerSelect.replaceChildren();
      done.textContent = '';
      problem.textContent = '';
      importInput.value = '';
    },
  };
}
