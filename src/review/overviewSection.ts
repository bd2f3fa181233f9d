import {
  type LearnerOverview,
  OVERVIEW_WEEKS,
  type SchoolOverview,
  schoolOverview,
} from '../core/progress/overview.ts';
import type { LogStore } from '../store/logStore.ts';
import { sessionStartsByLearner } from '../store/progressData.ts';
import { h } from '../ui/dom.ts';
import type { Messages } from './messages.ts';
import {
  count,
  overviewDefinitions,
  QUIET_WORDS,
  sessionDate,
  TREND_WORDS,
  trendBasis,
  weekHeading,
} from './words.ts';

export interface OverviewNeeds {
  store: LogStore;
  messages: Messages;
  /** "Back to learners": return to the learner view. */
  back(): void;
  /** A learner's name was chosen: show their sessions. */
  openLearner(learnerId: string): void;
  /** The clock the weeks end at; the computer's own unless a test passes another. */
  now?: () => number;
}

export interface OverviewSection {
  readonly element: HTMLElement;
  /** Shows the section, moves focus to its heading, then reads the log and draws the table. */
  show(): Promise<void>;
  hide(): void;
  /** Empties the table (nothing about learners stays in the page) and drops any reading under way. */
  clear(): void;
}

/**
 * The school overview: every learner's sessions in each of the last weeks, the trend, and the last session,
 * with those long without one marked in words. It reads only session records (their starts), never events.
 */
export function createOverviewSection(needs: OverviewNeeds): OverviewSection {
  const heading = h('h2', { id: 'review-overview-title', tabindex: -1 }, 'School overview');
  const backButton = h('button', { type: 'button' }, 'Back to learners');
  const asOf = h('p', { class: 'hint' });
  const empty = h('p', { class: 'hint' });
  const head = h('thead');
  const body = h('tbody');
  const table = h('table', { 'aria-label': 'Sessions each week' }, head, body);
  const element = h(
    'section',
    { class: 'overview', 'aria-labelledby': 'review-overview-title' },
    h('div', { class: 'row' }, heading, backButton),
    asOf,
    definitions(OVERVIEW_WEEKS),
    empty,
    h('div', { class: 'table-scroll' }, table),
  );
  element.hidden = true;
  backButton.addEventListener('click', () => needs.back());
  /** Bumped on every showing and on clear, so a slow read never draws into a newer or emptied table. */
  let generation = 0;

  const draw = (o: SchoolOverview) => {
    asOf.textContent = `Sessions each week for the last ${count(o.weeks.length, 'week')}, up to ${sessionDate(o.now)}.`;
    empty.textContent = o.learners.length === 0 ? 'No learners yet.' : '';
    table.hidden = o.learners.length === 0;
    head.replaceChildren(
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Learner'),
        ...o.weeks.map((w) => h('th', { scope: 'col', title: w.isoWeek }, weekHeading(w))),
        h('th', { scope: 'col' }, 'Trend'),
        h('th', { scope: 'col' }, 'Last session'),
      ),
    );
    body.replaceChildren(...o.learners.map((l) => learnerRow(l, needs.openLearner)));
  };

  return {
    element,
    async show() {
      const mine = ++generation;
      element.hidden = false;
      heading.focus();
      table.setAttribute('aria-busy', 'true');
      try {
        const starts = await sessionStartsByLearner(needs.store.db);
        if (mine !== generation) return;
        draw(schoolOverview(starts, (needs.now ?? Date.now)(), OVERVIEW_WEEKS));
      } catch (error) {
        if (mine === generation)
          needs.messages.complain(
            `The school overview could not be read: ${error instanceof Error ? error.message : String(error)}`,
          );
      } finally {
        if (mine === generation) table.removeAttribute('aria-busy');
      }
    },
    hide() {
      element.hidden = true;
    },
    clear() {
      generation++;
      head.replaceChildren();
      body.replaceChildren();
      asOf.textContent = '';
      table.removeAttribute('aria-busy');
    },
  };
}

/** What each figure means, one click away, right above the table it explains. */
function definitions(weeks: number): HTMLElement {
  return h(
    'details',
    { class: 'definitions' },
    h('summary', {}, 'What the columns mean'),
    h(
      'dl',
      {},
      ...overviewDefinitions(weeks).flatMap(([term, text]) => [h('dt', {}, term), h('dd', {}, text)]),
    ),
  );
}

function learnerRow(l: LearnerOverview, openLearner: (learnerId: string) => void): HTMLTableRowElement {
  const { pseudonym, id } = l.learner;
  // The visible name starts the button's name, so speech control ("click Robin") finds it.
  const name = h(
    'button',
    { type: 'button', class: 'link', 'aria-label': `${pseudonym}: show sessions` },
    pseudonym,
  );
  name.addEventListener('click', () => openLearner(id));
  const trend = TREND_WORDS[l.trend];
  return h(
    'tr',
    { class: l.quiet && l.lastSessionAt !== null ? 'quiet' : undefined },
    h('th', { scope: 'row' }, name),
    ...l.perWeek.map((n) => h('td', { class: n === 0 ? 'none' : undefined }, String(n))),
    h(
      'td',
      {},
      h('span', { 'aria-hidden': 'true' }, `${trend.arrow} `),
      trend.words,
      ' ',
      h('span', { class: 'basis' }, `(${trendBasis(l.recent, l.earlier)})`),
    ),
    h(
      'td',
      {},
      l.lastSessionAt === null ? 'No sessions yet' : sessionDate(l.lastSessionAt),
      ...(l.quiet && l.lastSessionAt !== null ? [' ', h('strong', { class: 'flag' }, QUIET_WORDS)] : []),
    ),
  );
}
