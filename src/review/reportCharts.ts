import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LearnerReport, ReportTrend } from '../core/progress/learnerReport.ts';
import { h } from '../ui/dom.ts';
import { dayMonth, figureText } from './words.ts';

/**
 * The report's charts: each figure over the period's sessions (a solid line with dots) against the learner's
 * baseline, the mean of their first sessions (a dashed line), in two colours that print on white and differ in
 * line style as well as hue. uPlot draws on a canvas, which prints at its own pixel size: each chart is drawn at
 * `SCALE` times the size it prints at (fonts, lines and dots scaled with it) and zoomed by 1 / `SCALE` in the
 * stylesheet (report.css), so a printed chart has about 200 dots per inch, not a screen's 96.
 */
export const SERIES_COLOUR = '#1d4ed8';
export const BASELINE_COLOUR = '#c2410c';
const SCALE = 2;
const WIDTH = 640;
const HEIGHT = 190;

const px = (n: number) => n * SCALE;

function axis(dates = false): uPlot.Axis {
  return {
    ...(dates
      ? { values: (_u: uPlot, splits: number[]) => splits.map((epochS) => dayMonth(epochS * 1000)) }
      : {}),
    stroke: '#222',
    font: `${px(11)}px system-ui, sans-serif`,
    size: px(40),
    gap: px(4),
    space: px(40),
    grid: { stroke: '#d4d4d4', width: px(1) },
    ticks: { stroke: '#999', width: px(1), size: px(5) },
  };
}

/** The words under a chart: what it compares, in figures. */
export function trendWords(t: ReportTrend): string {
  const c = t.comparison;
  if (!c) return `${t.label}: too few sessions yet to compare with the first ones.`;
  return `${t.label}: first ${c.sessions} sessions ${figureText(c.baseline)} on average; latest ${c.sessions} in this period ${figureText(c.recent)}: ${c.direction}.`;
}

/** The charts with their captions and comparisons; `made` is given each chart so the page can destroy it. */
export function trendCharts(report: LearnerReport, made: (chart: uPlot) => void): HTMLElement[] {
  const xs = report.sessions.map((s) => s.meta.startedAt / 1000);
  return report.trends.map((t, i) => {
    const host = h('div', {
      class: 'chart',
      'data-chart': t.id,
      'data-values': JSON.stringify(t.values),
      'data-baseline': t.comparison ? String(t.comparison.baseline) : '',
    });
    const figure = h(
      'figure',
      { 'aria-label': `${t.label} in each session of the period, oldest first. ${trendWords(t)}` },
      h('figcaption', {}, `Chart ${i + 1}: ${t.label}`),
      host,
      h('p', { class: 'comparison' }, trendWords(t)),
    );
    const baseline = t.comparison?.baseline ?? null;
    // One session is a dot with no line; uPlot needs some width of time to place it, so the x range is widened.
    const range: uPlot.Range.MinMax | undefined =
      xs.length === 1 && xs[0] !== undefined ? [xs[0] - 86_400, xs[0] + 86_400] : undefined;
    made(
      new uPlot(
        {
          width: px(WIDTH),
          height: px(HEIGHT),
          cursor: { show: false },
          legend: { show: false },
          scales: {
            x: { time: true, ...(range ? { range } : {}) },
            y: { range: (_u, _lo, hi) => [0, Math.max(1, hi * 1.15)] },
          },
          axes: [axis(true), axis()],
          series: [
            {},
            {
              label: t.label,
              stroke: SERIES_COLOUR,
              width: px(2),
              points: { show: true, size: px(7), fill: SERIES_COLOUR, stroke: SERIES_COLOUR },
            },
            {
              label: 'First sessions, average',
              stroke: BASELINE_COLOUR,
              width: px(2),
              dash: [px(8), px(6)],
              points: { show: false },
            },
          ],
        },
        [xs, t.values, xs.map(() => baseline)],
        host,
      ),
    );
    return figure;
  });
}

/** How to read the charts, for print as well as screen. */
export function chartKey(baselineSessions: number): HTMLElement {
  return h(
    'p',
    { class: 'hint' },
    `In each chart the solid blue line with dots is the figure in each session of this period, oldest first; the dashed orange line is the average of the learner’s first ${baselineSessions === 1 ? 'session' : `${baselineSessions} sessions`}, their baseline.`,
  );
}
