import type { Learner } from '../core/records.ts';
import type { LogStore } from '../store/logStore.ts';
import { h } from '../ui/dom.ts';
import { createEngagementPage } from './engagementPage.ts';
import { createGoalsPage } from './goalsPage.ts';
import type { Messages } from './messages.ts';

export interface LearnerNotesPages {
  /** The buttons that open the pages, for the learner view. */
  readonly buttons: HTMLElement;
  /** The pages themselves, each taking the learner view's place when opened. */
  readonly elements: HTMLElement[];
  /** The learner the buttons open the pages for (none disables them); returns it. */
  setLearner(learner: Learner | undefined): Learner | undefined;
  /** Empties and hides both pages. */
  clear(): void;
}

/**
 * A learner's goals and their Engagement Model page, opened from the learner view (a learner with no session yet
 * can have goals too). Each page gives the learner view back with focus on the button that opened it.
 */
export function createLearnerNotesPages(
  store: LogStore,
  messages: Messages,
  showLearnerView: (on: boolean) => void,
): LearnerNotesPages {
  const goalsButton = h('button', { type: 'button', disabled: true }, 'Goals');
  const engagementButton = h('button', { type: 'button', disabled: true }, 'Engagement Model');
  const goals = createGoalsPage(store, messages, { showLearnerView, back: () => goalsButton.focus() });
  const engagement = createEngagementPage(store, messages, {
    showLearnerView,
    back: () => engagementButton.focus(),
  });
  let learner: Learner | undefined;
  goalsButton.addEventListener('click', () => {
    messages.say('');
    if (learner) void goals.show(learner);
  });
  engagementButton.addEventListener('click', () => {
    messages.say('');
    if (learner) void engagement.show(learner);
  });
  return {
    buttons: h('div', { class: 'row' }, goalsButton, engagementButton),
    elements: [goals.element, engagement.element],
    setLearner(l) {
      learner = l;
      goalsButton.disabled = !l;
      engagementButton.disabled = !l;
      return l;
    },
    clear() {
      goals.clear();
      engagement.clear();
    },
  };
}
