import type { FundamentalRow } from '../core/review/fundamentalsSensed.ts';
import { h } from '../ui/dom.ts';

export interface FundamentalsTable {
  readonly element: HTMLElement;
  show(rows: readonly FundamentalRow[]): void;
  /** Marks the Fundamentals that showed for the first time in the learner's history in this session. */
  markFirsts(firstHere: ReadonlySet<string> | null): void;
  clear(): void;
}

/**
 * The ten Fundamentals for the session: what Attune sensed for each, beside the tags the practitioner pressed,
 * and the ones seen here for the first time in the learner's history. Attune shows; it gives no level.
 */
export function createFundamentalsTable(): FundamentalsTable {
  const body = h('tbody');
  const note = h('p', { class: 'hint' });
  const element = h(
    'div',
    {},
    h('h3', {}, 'The Fundamentals'),
    h(
      'p',
      { class: 'hint' },
      'What Attune sensed for each, and the tags you pressed. A first is the first session in which it was sensed or tagged. Attune measures; it never gives a level.',
    ),
    note,
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { 'aria-label': 'Fundamentals' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Fundamental', 'What Attune sensed', 'Tags pressed', 'First time'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        body,
      ),
    ),
  );
  return {
    element,
    show(rows) {
      note.textContent = 'Looking through earlier sessions for firsts…';
      body.replaceChildren(
        ...rows.map((r) =>
          h(
            'tr',
            { 'data-fundamental': r.id },
            h('th', { scope: 'row' }, r.label),
            h('td', {}, r.sensed),
            h('td', {}, String(r.tags)),
            h('td', { class: 'first' }),
          ),
        ),
      );
    },
    markFirsts(firstHere) {
      note.textContent = firstHere === null ? 'Firsts could not be worked out.' : '';
      for (const row of body.rows) {
        const cell = row.querySelector('td.first');
        if (cell) cell.textContent = firstHere?.has(row.dataset.fundamental ?? '') ? 'First' : '';
      }
    },
    clear() {
      body.replaceChildren();
      note.textContent = '';
    },
  };
}
