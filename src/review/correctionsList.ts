import type { Correction } from '../core/review/corrections.ts';
import { h } from '../ui/dom.ts';
import { clock } from './timelineView.ts';

const KIND_WORDS = { vocal: 'voice', movement: 'movement', touch: 'touch' } as const;
const PARTY_WORDS: Record<string, string> = {
  learner: 'learner',
  practitioner: 'practitioner',
  unknown: 'unknown',
  system: 'Attune',
};
const TO_WORDS = {
  learner: 'the learner',
  practitioner: 'the practitioner',
  nobody: 'not a person',
} as const;

/** "the voice at 1:02.5 logged as unknown: now the learner". */
export function describeCorrection(c: Correction): string {
  const what = `the ${KIND_WORDS[c.target.kind]} at ${clock(c.target.startMs)} logged as ${PARTY_WORDS[c.target.party]}`;
  switch (c.change.kind) {
    case 'party':
      return `${what}: now ${TO_WORDS[c.change.to]}`;
    case 'remove':
      return `${what}: removed`;
    case 'undo':
      return `${what}: a correction undone`;
  }
}

export interface CorrectionsList {
  readonly element: HTMLElement;
  /** The corrections standing, each with its Undo; `made` counts every record, undos included. */
  show(standing: readonly Correction[], made: number): void;
}

/** The session's corrections still standing, newest first, each undoable; the events themselves never change. */
export function createCorrectionsList(needs: { undo(c: Correction): void }): CorrectionsList {
  const list = h('ul', { class: 'corrections' });
  const summary = h('p', { class: 'hint' });
  const element = h('div', {}, h('h3', {}, 'Corrections'), summary, list);
  return {
    element,
    show(standing, made) {
      summary.textContent =
        standing.length === 0
          ? 'None. Select a segment on the timeline to say who it was, or to remove it. The log itself is never changed: corrections are kept beside it.'
          : `${standing.length} standing. The log itself is never changed: corrections are kept beside it, with when they were made (${made} records, undos included).`;
      list.replaceChildren(
        ...[...standing].reverse().map((c) => {
          const words = describeCorrection(c);
          const undo = h('button', { type: 'button', 'aria-label': `Undo: ${words}` }, 'Undo');
          undo.addEventListener('click', () => needs.undo(c));
          const made = new Date(c.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
          return h('li', {}, `${words[0]?.toUpperCase()}${words.slice(1)} (made ${made}) `, undo);
        }),
      );
    },
  };
}
