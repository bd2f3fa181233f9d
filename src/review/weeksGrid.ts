import { FUNDAMENTALS } from '../core/fundamentals.ts';
import type { ProgressWeek } from '../core/progress/learnerProgress.ts';
import { h } from '../ui/dom.ts';

/** Rows are the Fundamentals, columns the weeks: in how many of the week's sessions each showed. */
export function weeksGrid(weeks: readonly ProgressWeek[]): HTMLElement {
  const week = (w: ProgressWeek) =>
    `w/c ${new Date(w.startsAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })}`;
  return h(
    'div',
    { class: 'table-scroll' },
    h('h3', {}, 'The Fundamentals week by week'),
    h(
      'p',
      { class: 'hint' },
      'In how many of the week’s sessions each Fundamental was sensed or tagged. Attune shows what it saw; it gives no level.',
    ),
    h(
      'table',
      { 'aria-label': 'Fundamentals by week' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Fundamental'),
          ...weeks.map((w) => h('th', { scope: 'col' }, week(w))),
        ),
      ),
      h(
        'tbody',
        {},
        ...FUNDAMENTALS.map((f) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, f.label),
            ...weeks.map((w) => h('td', {}, `${w.fundamentals[f.id] ?? 0} of ${w.sessions}`)),
          ),
        ),
      ),
    ),
  );
}
