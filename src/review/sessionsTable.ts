import type { Learner } from '../core/records.ts';
import type { LogStore, StoredSession } from '../store/logStore.ts';
import { figuredSessions } from '../store/progressData.ts';
import { h } from '../ui/dom.ts';
import type { Messages } from './messages.ts';
import { createSessionRow, type SessionRow } from './sessionRow.ts';

export interface SessionsTable {
  /** The line shown when there is nothing to list, then the table. */
  readonly nodes: readonly HTMLElement[];
  /**
   * Lists a learner's sessions (none without a learner), then works out their figures one session at a time.
   * `onListed` runs once the sessions are read, just before they are drawn; when a newer `show` or a `clear`
   * comes first, neither happens.
   */
  show(learner: Learner | undefined, onListed: () => void): Promise<void>;
  /** Empties the table and drops any listing still under way. */
  clear(): void;
  /** Moves focus to a session's "Open session" button (back from its page), if it is listed. */
  focusOpen(sessionId: string | null): void;
  focusProgress(): void;
  focusReport(): void;
}

/** Sessions figured before their rows are filled: the rows fill as the figures come. */
const FIGURED_TOGETHER = 10;

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

/** A learner's sessions with their turn-taking figures; the rows show at once and the figures follow. */
export function createSessionsTable(
  store: LogStore,
  messages: Messages,
  pages: {
    open(learner: Learner, session: StoredSession): void;
    progress(learner: Learner): void;
    report(learner: Learner): void;
  },
): SessionsTable {
  const progressButton = h('button', { type: 'button' }, 'Progress charts');
  let shown: Learner | undefined;
  progressButton.addEventListener('click', () => shown && pages.progress(shown));
  const reportButton = h('button', { type: 'button' }, 'Print report');
  reportButton.addEventListener('click', () => shown && pages.report(shown));
  const body = h('tbody');
  const empty = h('p', { class: 'hint' });
  const table = h(
    'table',
    { 'aria-label': 'Sessions' },
    h('thead', {}, h('tr', {}, ...COLUMNS.map((t) => h('th', { scope: 'col' }, t)))),
    body,
  );
  /** Bumped on every listing and on clear, so a slow computation never writes into a newer table. */
  let generation = 0;
  /**
   * Turn-taking figures with the session's own stored parameters on the events as corrected (the progress CSV's
   * and the progress page's own figuring, which they share once worked out), ten sessions at a time after the
   * list shows. A session is figured again only once it has changed (see `figuredKey`).
   */
  const computeFigures = async (mine: number, rows: (SessionRow & { session: StoredSession })[]) => {
    for (let b = 0; b < rows.length; b += FIGURED_TOGETHER) {
      if (mine !== generation) return;
      const batch = rows.slice(b, b + FIGURED_TOGETHER);
      const figures = await figuredSessions(
        store,
        batch.map((r) => r.session),
      );
      if (mine !== generation) return;
      batch.forEach((r, i) => {
        const f = figures[i];
        if (f) r.fill(f.summary);
      });
    }
  };

  return {
    nodes: [
      empty,
      h('div', { class: 'row' }, progressButton, reportButton),
      h('div', { class: 'table-scroll' }, table),
    ],
    async show(learner, onListed) {
      const mine = ++generation;
      // Busy from the first moment of a listing until every row has its figures, so that anyone reading the
      // table (a screen reader, a test) can tell a finished table from one still being worked out.
      table.setAttribute('aria-busy', 'true');
      // Another learner's rows would stand under this learner's name until the listing is read, which on a busy
      // computer is long enough to be read (or opened) as theirs.
      if (learner?.id !== shown?.id) body.replaceChildren();
      const sessions = learner ? await store.sessions(learner.id) : [];
      if (mine !== generation) return;
      onListed();
      empty.textContent = !learner
        ? 'No learners yet.'
        : sessions.length
          ? ''
          : 'No sessions yet for this learner.';
      table.hidden = sessions.length === 0;
      progressButton.hidden = sessions.length === 0;
      reportButton.hidden = sessions.length === 0;
      shown = learner;
      const rows = learner
        ? sessions.map((s) => ({
            session: s,
            ...createSessionRow(store, messages, learner, s, (l, x) => pages.open(l, x)),
          }))
        : [];
      body.replaceChildren(...rows.map((r) => r.row));
      await computeFigures(mine, rows);
      if (mine === generation) table.removeAttribute('aria-busy');
    },
    clear() {
      generation++;
      table.removeAttribute('aria-busy');
      body.replaceChildren();
    },
    focusProgress() {
      progressButton.focus();
    },
    focusReport() {
      reportButton.focus();
    },
    focusOpen(sessionId) {
      for (const row of body.rows) {
        if (row.dataset.session === sessionId) row.querySelector('button')?.focus();
      }
    },
  };
}
