import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHARTED, compare, type ProgressSession, progressWeeks } from '../core/progress/learnerProgress.ts';
import type { Learner } from '../core/records.ts';
import { DEFAULT_TURN_PARAMS, parseTurnParams, type TurnParams } from '../core/turns/params.ts';
import type { LogStore } from '../store/logStore.ts';
import { learnerProgressSessions } from '../store/progressData.ts';
import { h } from '../ui/dom.ts';
import type { Messages } from './messages.ts';
import { type LearnerSubview, pageTop } from './pageTop.ts';
import { weeksGrid } from './weeksGrid.ts';
import { dayMonth, figureText, sessionDate } from './words.ts';

export interface ProgressPage {
  readonly element: HTMLElement;
  show(learner: Learner): Promise<void>;
  clear(): void;
}

/** The turn-taking settings staff may change here, in the units they think in. */
const PARAM_FIELDS: { key: keyof TurnParams; label: string; seconds: boolean }[] = [
  { key: 'exchangeGapMs', label: 'Exchange gap (seconds)', seconds: true },
  { key: 'sequenceGapMs', label: 'Sequence gap (seconds)', seconds: true },
  { key: 'initiationWindowMs', label: 'Initiation window (seconds)', seconds: true },
  { key: 'turnPauseMs', label: 'A pause that ends a turn (seconds)', seconds: true },
  { key: 'minSequenceTurns', label: 'Fewest turns in a sequence', seconds: false },
];

/**
 * A learner's progress: each figure charted across their sessions (uPlot), the first sessions against the
 * latest in words, the figures by session in a table (the charts' own data), the Fundamentals week by week, and
 * the turn-taking settings the figures were worked out with, which staff may change to re-score every session
 * at once (shown here only: each session keeps the settings stored with it).
 */
export function createProgressPage(store: LogStore, messages: Messages, view: LearnerSubview): ProgressPage {
  const { heading, backButton } = pageTop(view, 'review-progress-title', 'Progress');
  const settings = createSettingsForm((params) => void draw(params));
  const body = h('div', {});
  const element = h(
    'section',
    { class: 'progress-page', 'aria-labelledby': heading.id },
    h('div', { class: 'row' }, heading, backButton),
    settings.element,
    body,
  );
  element.hidden = true;
  let learner: Learner | null = null;
  let generation = 0;
  let charts: uPlot[] = [];

  async function draw(params?: TurnParams): Promise<void> {
    if (!learner) return;
    const mine = ++generation;
    element.setAttribute('aria-busy', 'true');
    try {
      const sessions = await learnerProgressSessions(store, learner.id, params);
      if (mine !== generation) return;
      for (const c of charts) c.destroy();
      charts = [];
      settings.describe(sessions, params);
      body.replaceChildren(...progressNodes(sessions, (c) => charts.push(c)));
      if (params)
        messages.say(`Every session re-scored with the settings above (${sessions.length} sessions).`);
    } catch (error) {
      if (mine === generation) messages.complain(`Progress could not be read: ${String(error)}`);
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
      heading.textContent = `${l.pseudonym}: progress`;
      heading.focus();
      settings.reset();
      await draw();
    },
    clear() {
      generation++;
      learner = null;
      for (const c of charts) c.destroy();
      charts = [];
      body.replaceChildren();
      element.hidden = true;
      element.removeAttribute('aria-busy');
    },
  };
}

function createSettingsForm(rescore: (params?: TurnParams) => void) {
  const inputs = PARAM_FIELDS.map((f) => {
    const id = `progress-${f.key}`;
    const input = h('input', { id, type: 'number', min: f.seconds ? 0 : 1, step: f.seconds ? 0.1 : 1 });
    return { f, input, node: h('div', { class: 'field' }, h('label', { for: id }, f.label), input) };
  });
  const stored = h('p', { class: 'hint' });
  const problem = h('p', { class: 'problem', role: 'alert' });
  const apply = h('button', { type: 'submit' }, 'Re-score every session');
  const own = h('button', { type: 'button' }, 'Use each session’s own settings');
  const element = h(
    'form',
    { class: 'progress-settings', 'aria-labelledby': 'progress-settings-title' },
    h('h3', { id: 'progress-settings-title' }, 'Turn-taking settings'),
    stored,
    h('div', { class: 'row' }, ...inputs.map((i) => i.node)),
    h('div', { class: 'row' }, apply, own),
    problem,
  );
  element.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw: Record<string, number> = { ...DEFAULT_TURN_PARAMS };
    for (const { f, input } of inputs)
      raw[f.key] = f.seconds ? Number(input.value) * 1000 : Number(input.value);
    const parsed = parseTurnParams(raw);
    if (!parsed.ok || inputs.some(({ input }) => input.value.trim() === '')) {
      problem.textContent =
        'Each setting needs a number of at least 0 (the fewest turns: a whole number, at least 1).';
      return;
    }
    problem.textContent = '';
    rescore(parsed.params);
  });
  own.addEventListener('click', () => {
    problem.textContent = '';
    rescore();
  });
  return {
    element,
    reset() {
      for (const { f, input } of inputs) {
        const v = DEFAULT_TURN_PARAMS[f.key];
        input.value = String(f.seconds ? v / 1000 : v);
      }
    },
    describe(sessions: readonly ProgressSession[], params?: TurnParams) {
      const distinct = new Set(sessions.map((s) => JSON.stringify(s.meta.turnParams))).size;
      stored.textContent = params
        ? 'The figures below use the settings here for every session. Each session still keeps its own settings; nothing stored is changed.'
        : `The figures below use each session’s own stored settings (${distinct <= 1 ? 'all the same' : `${distinct} different sets`}). Change them here to re-score every session at once.`;
    },
  };
}

/** The comparisons, the charts, the table by session and the Fundamentals by week. */
function progressNodes(sessions: readonly ProgressSession[], made: (c: uPlot) => void): HTMLElement[] {
  if (sessions.length === 0) return [h('p', { class: 'hint' }, 'No sessions yet for this learner.')];
  const xs = sessions.map((s) => s.meta.startedAt / 1000);
  const nodes: HTMLElement[] = [h('h3', {}, 'Across sessions')];
  for (const c of CHARTED) {
    const ys = sessions.map((s) => c.of(s.summary));
    const cmp = compare(ys);
    const words = cmp
      ? `${c.label}: first ${cmp.sessions} sessions ${figureText(cmp.baseline)} on average, latest ${cmp.sessions} ${figureText(cmp.recent)}: ${cmp.direction}.`
      : `${c.label}: one session so far, ${figureText(ys[0] ?? 0)}.`;
    const host = h('div', {
      class: 'chart',
      role: 'img',
      'aria-label': `${c.label} in each session, oldest first. ${words}`,
      'data-chart': c.id,
      'data-values': JSON.stringify(ys),
    });
    nodes.push(h('p', { class: 'comparison' }, words), host);
    made(
      new uPlot(
        {
          width: 640,
          height: 180,
          scales: { x: { time: true } },
          axes: [
            {
              stroke: '#b9bcc8',
              grid: { stroke: '#2a2d3a' },
              values: (_u, splits) => splits.map((epochS) => dayMonth(epochS * 1000)),
            },
            { stroke: '#b9bcc8', grid: { stroke: '#2a2d3a' } },
          ],
          series: [
            // The legend's line for the session under the pointer: its date, not uPlot's "Time" in US order.
            {
              label: 'Session',
              value: (_u, epochS) => (epochS == null ? '–' : sessionDate(epochS * 1000)),
            },
            {
              label: c.label,
              stroke: '#ffc400',
              width: 2,
              points: { show: true, size: 6 },
              value: (_u, y) => (y == null ? '–' : figureText(y)),
            },
          ],
        },
        [xs, ys],
        host,
      ),
    );
  }
  nodes.push(sessionsTable(sessions), weeksGrid(progressWeeks(sessions)));
  return nodes;
}

function sessionsTable(sessions: readonly ProgressSession[]): HTMLElement {
  const head = ['Session', 'Exchanges', ...CHARTED.map((c) => c.label), 'Sequences', 'Corrected'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { 'aria-label': 'Figures by session' },
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...sessions.map((s) =>
          h(
            'tr',
            { 'data-session': s.meta.id },
            h('th', { scope: 'row' }, sessionDate(s.meta.startedAt)),
            h('td', {}, String(s.summary.exchanges.total)),
            ...CHARTED.map((c) => h('td', {}, figureText(c.of(s.summary)))),
            h('td', {}, String(s.summary.sequences.count)),
            h('td', {}, s.corrected ? 'yes' : 'no'),
          ),
        ),
      ),
    ),
  );
}
