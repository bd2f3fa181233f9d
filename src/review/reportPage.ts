import type uPlot from 'uplot';
import { dayMonth, dayMonthYear, familySummary } from '../core/progress/familySummary.ts';
import { halfTermOf } from '../core/progress/halfTerm.ts';
import { type LearnerReport, learnerReport, type ReportPeriod } from '../core/progress/learnerReport.ts';
import type { Learner } from '../core/records.ts';
import { activeGoals, type Goal, type SessionEvidenceSource } from '../core/review/goals.ts';
import { learnerGoals } from '../store/learnerNotes.ts';
import type { LogStore } from '../store/logStore.ts';
import { learnerReportSessions } from '../store/reportData.ts';
import { formatDuration, h } from '../ui/dom.ts';
import type { Messages } from './messages.ts';
import './report.css';
import { type LearnerSubview, pageTop } from './pageTop.ts';
import { chartKey, trendCharts } from './reportCharts.ts';
import { goalsSection } from './reportGoals.ts';
import { weeksGrid } from './weeksGrid.ts';
import { count, figureText, sessionDate } from './words.ts';

export interface ReportPage {
  readonly element: HTMLElement;
  show(learner: Learner): Promise<void>;
  clear(): void;
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A learner's printable report for a period (this half term unless staff choose other dates): a page in plain
 * words for the family first, then the sessions and minutes, each figure charted against the learner's baseline,
 * the Fundamentals week by week, firsts, best moments and diary highlights, and what each figure means. "Print"
 * prints it through the browser's own print (an A4 stylesheet in report.css shows only the report on paper).
 */
export function createReportPage(store: LogStore, messages: Messages, view: LearnerSubview): ReportPage {
  const { heading, backButton } = pageTop(view, 'review-report-title', 'Report');
  const printButton = h('button', { type: 'button' }, 'Print');
  printButton.addEventListener('click', () => window.print());
  const period = createPeriodForm(() => void draw());
  const report = h('article', { class: 'report', 'aria-label': 'Report' });
  const element = h(
    'section',
    { class: 'report-page', 'aria-labelledby': heading.id },
    h('div', { class: 'row' }, heading, backButton, printButton),
    period.element,
    report,
  );
  element.hidden = true;
  let learner: Learner | null = null;
  let generation = 0;
  let charts: uPlot[] = [];
  const dropCharts = () => {
    for (const c of charts) c.destroy();
    charts = [];
  };

  async function draw(): Promise<void> {
    if (!learner) return;
    const mine = ++generation;
    const chosen = period.value();
    element.setAttribute('aria-busy', 'true');
    try {
      // Each period session's evidence for the goals is kept as it is read: its figures and tags, not its events.
      const sources: SessionEvidenceSource[] = [];
      const [sessions, goals] = await Promise.all([
        learnerReportSessions(store, learner.id, chosen.to, (s, r) => {
          if (s.meta.startedAt < chosen.from) return;
          const tags = r.corrected.filter((e) => e.kind === 'tag');
          sources.push({
            sessionId: s.meta.id,
            startedAt: s.meta.startedAt,
            source: { summary: r.summary, seen: r.seen, corrected: tags },
          });
        }),
        learnerGoals(store.db, learner.id),
      ]);
      if (mine !== generation) return;
      dropCharts();
      const made = learnerReport(sessions, chosen);
      const inUse = activeGoals(goals);
      report.replaceChildren(
        ...reportNodes(learner, made, inUse, (c) => charts.push(c)),
        goalsSection(inUse, sources),
        definitions(),
      );
    } catch (error) {
      if (mine === generation) messages.complain(`The report could not be made: ${String(error)}`);
    } finally {
      if (mine === generation) element.removeAttribute('aria-busy');
    }
  }

  return {
    element,
    async show(l) {
      view.showLearnerView(false);
      learner = l;
      messages.say('');
      element.hidden = false;
      heading.textContent = `${l.pseudonym}: report`;
      heading.focus();
      period.reset(Date.now());
      await draw();
    },
    clear() {
      generation++;
      learner = null;
      dropCharts();
      report.replaceChildren();
      element.hidden = true;
      element.removeAttribute('aria-busy');
    },
  };
}

/** The period's two dates, this half term so far to begin with; the "to" date is the period's last day. */
function createPeriodForm(changed: () => void) {
  const from = h('input', { id: 'report-from', type: 'date', required: true });
  const to = h('input', { id: 'report-to', type: 'date', required: true });
  const term = h('p', { class: 'hint' });
  const problem = h('p', { class: 'problem', role: 'alert' });
  const element = h(
    'form',
    { class: 'report-period', 'aria-label': 'The report’s period' },
    h(
      'div',
      { class: 'row' },
      h('label', { for: from.id }, 'From'),
      from,
      h('label', { for: to.id }, 'To (the last day)'),
      to,
      h('button', { type: 'submit' }, 'Show report'),
    ),
    term,
    problem,
  );
  const day = (input: HTMLInputElement) => Date.parse(`${input.value}T00:00:00Z`);
  element.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!Number.isFinite(day(from)) || !Number.isFinite(day(to)) || day(to) < day(from)) {
      problem.textContent = 'Give two dates, the first no later than the second.';
      return;
    }
    problem.textContent = '';
    changed();
  });
  return {
    element,
    value(): ReportPeriod {
      return { from: day(from), to: day(to) + DAY };
    },
    reset(now: number) {
      const t = halfTermOf(now);
      from.value = isoDay(t.startsAt);
      // Up to today: a report printed halfway through the half term speaks of the days so far.
      to.value = isoDay(Math.min(t.endsAt - DAY, now));
      problem.textContent = '';
      term.textContent = `This half term is ${t.name}, from ${dayMonth(t.startsAt)} to ${dayMonthYear(t.endsAt - DAY)}, its holiday included, by the dates most schools in England keep. If your school’s dates differ, change them here.`;
    },
  };
}

function reportNodes(
  learner: Learner,
  r: LearnerReport,
  goals: readonly Goal[],
  made: (c: uPlot) => void,
): HTMLElement[] {
  const family = familySummary(
    learner.pseudonym,
    r,
    goals.map((g) => g.text),
  );
  const baselineSessions = r.trends.find((t) => t.comparison)?.comparison?.sessions ?? 0;
  return [
    h(
      'section',
      { class: 'report-family', 'aria-labelledby': 'report-family-title' },
      h('h3', { id: 'report-family-title' }, family.heading),
      ...family.paragraphs.map((p) => h('p', {}, p)),
      family.moments.length > 0 && h('h4', {}, 'Best moments, as staff wrote them'),
      ...family.moments.map((m) => h('blockquote', {}, h('p', {}, m.text), h('footer', {}, m.date))),
      family.goals.length > 0 && h('h4', {}, `What staff are working on with ${learner.pseudonym}`),
      family.goals.length > 0 && h('ul', {}, ...family.goals.map((g) => h('li', {}, g))),
    ),
    h(
      'section',
      { 'aria-labelledby': 'report-sessions-title' },
      h('h3', { id: 'report-sessions-title' }, `${learner.pseudonym}: the period in figures`),
      h(
        'p',
        { class: 'report-totals', 'data-sessions': r.sessions.length, 'data-minutes': r.minutes.toFixed(1) },
        `${count(r.sessions.length, 'session')}, ${formatDuration(r.minutes * 60_000)} in all, from ${dayMonth(r.period.from)} to ${dayMonthYear(r.period.to - DAY)}` +
          (r.earlier > 0 ? `; ${count(r.earlier, 'earlier session')} before it.` : '.'),
      ),
      r.sessions.length > 0 && sessionsTable(r),
    ),
    ...(r.sessions.length > 0
      ? [
          h(
            'section',
            { 'aria-labelledby': 'report-trends-title' },
            h('h3', { id: 'report-trends-title' }, 'Against the first sessions'),
            chartKey(baselineSessions),
            ...trendCharts(r, made),
          ),
          h('section', { class: 'report-weeks' }, weeksGrid(r.weeks)),
        ]
      : []),
    firstsSection(r),
    highlightsSection(r),
  ];
}

function sessionsTable(r: LearnerReport): HTMLElement {
  const head = [
    'Session',
    'Minutes',
    'Exchanges',
    'Exchanges per minute',
    'Longest sequence (turns)',
    'Learner initiations',
    'Corrected',
  ];
  return h(
    'table',
    { 'aria-label': 'Sessions in the period' },
    h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...r.sessions.map(({ meta, summary: s, corrected }) =>
        h(
          'tr',
          { 'data-session': meta.id },
          h('th', { scope: 'row' }, sessionDate(meta.startedAt)),
          h('td', {}, (s.durationMs / 60_000).toFixed(1)),
          h('td', {}, String(s.exchanges.total)),
          h('td', {}, figureText(s.exchanges.perMinute)),
          h('td', {}, String(s.sequences.longestTurns)),
          h('td', {}, String(s.initiations)),
          h('td', {}, corrected ? 'yes' : 'no'),
        ),
      ),
    ),
  );
}

function firstsSection(r: LearnerReport): HTMLElement {
  return h(
    'section',
    { class: 'report-firsts', 'aria-labelledby': 'report-firsts-title' },
    h('h3', { id: 'report-firsts-title' }, 'Firsts'),
    h(
      'p',
      { class: 'hint' },
      'A Fundamental of Communication sensed by Attune or tagged by staff in this period for the first time in the learner’s sessions.',
    ),
    r.firsts.length === 0
      ? h('p', {}, 'No Fundamental showed for the first time in this period.')
      : h(
          'ul',
          {},
          ...r.firsts.map((f) => h('li', { 'data-first': f.id }, `${f.label}: ${sessionDate(f.startedAt)}`)),
        ),
  );
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function highlightsSection(r: LearnerReport): HTMLElement {
  return h(
    'section',
    { class: 'report-highlights', 'aria-labelledby': 'report-highlights-title' },
    h('h3', { id: 'report-highlights-title' }, 'Best moments and diary highlights'),
    r.highlights.length === 0
      ? h('p', {}, 'No best moment or significant moment was written or tagged in this period.')
      : h(
          'dl',
          {},
          ...r.highlights.flatMap((x) => [
            h('dt', {}, sessionDate(x.startedAt)),
            x.best && h('dd', {}, h('strong', {}, 'Best moment: '), x.best),
            x.moments && h('dd', {}, h('strong', {}, 'Significant moments: '), x.moments),
            x.bestMomentsMs.length > 0 &&
              h(
                'dd',
                {},
                `“Best moment” pressed at ${x.bestMomentsMs.map(clock).join(', ')} into the session.`,
              ),
          ]),
        ),
  );
}

const DEFINITIONS: [string, string][] = [
  ['Minutes', 'Each session’s length from its start to its end, added up over the period.'],
  [
    'Exchanges',
    'A turn (a sound, a movement or a touch) answered by the other person, their turn starting within the exchange gap after it ends (5 seconds unless the session was recorded with another).',
  ],
  ['Exchanges per minute', 'A session’s exchanges divided by its length in minutes.'],
  [
    'Longest sequence (turns)',
    'The most turns in one sequence: a run of turns taken by the two people in turn, each answered within the sequence gap.',
  ],
  [
    'Learner initiations',
    'Learner turns with no practitioner turn in the initiation window (5 seconds) before them: the learner began.',
  ],
  [
    'Against the first sessions',
    'The average of the learner’s first sessions (up to 3, their baseline) against the average of the latest sessions of the period (as many). A change within a tenth of the baseline is “about the same”.',
  ],
  [
    'The Fundamentals week by week',
    'In how many of each week’s sessions each Fundamental was sensed by Attune (its measure above zero) or tagged by staff.',
  ],
];

function definitions(): HTMLElement {
  return h(
    'section',
    { class: 'report-definitions', 'aria-labelledby': 'report-definitions-title' },
    h('h3', { id: 'report-definitions-title' }, 'What the figures mean'),
    h(
      'p',
      { class: 'hint' },
      'Every figure is worked out on the session’s log as staff corrected it, with the turn-taking settings stored with the session, as the progress page and the progress CSV work them out. Attune measures and shows; it never grades a learner or gives a level.',
    ),
    h('dl', {}, ...DEFINITIONS.flatMap(([term, text]) => [h('dt', {}, term), h('dd', {}, text)])),
  );
}
