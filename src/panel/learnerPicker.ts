import type { Learner } from '../core/records.ts';
import type { SessionState } from '../state/stores.ts';
import { h } from '../ui/dom.ts';
import type { PanelActions } from './panel.ts';

export interface LearnerPicker {
  readonly element: HTMLElement;
  render(s: SessionState): void;
}

function learnerOptions(learners: Learner[], selectedId: string | null): HTMLOptionElement[] {
  return [
    h(
      'option',
      { value: '', disabled: true, selected: selectedId === null },
      learners.length ? 'Choose a learner' : 'No learners yet',
    ),
    ...learners.map((l) => h('option', { value: l.id, selected: l.id === selectedId }, l.pseudonym)),
  ];
}

/** Choosing the learner, or adding one under a pseudonym; the choice is fixed while a session runs. */
export function createLearnerPicker(
  actions: Pick<PanelActions, 'addLearner' | 'chooseLearner'>,
  complain: (text: string) => void,
): LearnerPicker {
  const select = h('select', { id: 'learner' });
  const newLearner = h('input', { id: 'new-learner', type: 'text', autocomplete: 'off', maxlength: 40 });
  const addButton = h('button', { type: 'button' }, 'Add learner');

  addButton.addEventListener('click', async () => {
    const name = newLearner.value.trim();
    if (!name) {
      complain('Type a pseudonym for the learner first (not their real name).');
      newLearner.focus();
      return;
    }
    await actions.addLearner(name);
    // Adding takes a moment (the learner's profile and voices load): a name typed meanwhile stays.
    if (newLearner.value.trim() === name) newLearner.value = '';
  });
  newLearner.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') addButton.click();
  });
  select.addEventListener('change', () => void actions.chooseLearner(select.value || null));

  // The store changes with every event of a session; the list is rebuilt only when the learners or the choice do.
  let shown: { learners: Learner[]; id: string | null } | null = null;
  return {
    element: h(
      'section',
      { 'aria-label': 'Learner', class: 'grid' },
      h('label', { for: 'learner' }, 'Learner'),
      select,
      h('label', { for: 'new-learner' }, 'New learner (pseudonym)'),
      h('div', { class: 'row' }, newLearner, addButton),
    ),
    render(s) {
      if (shown?.learners !== s.learners || shown.id !== s.learnerId) {
        shown = { learners: s.learners, id: s.learnerId };
        select.replaceChildren(...learnerOptions(s.learners, s.learnerId));
      }
      select.disabled = s.sessionId !== null;
    },
  };
}
