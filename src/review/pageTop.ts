import { h } from '../ui/dom.ts';

/** What a page in the learner view's place needs of review: the learner view back, and focus back to its opener. */
export interface LearnerSubview {
  showLearnerView(on: boolean): void;
  back(): void;
}

/**
 * The top of a page that takes the learner view's place (goals, Engagement Model, progress, report): its heading,
 * focusable so that focus can move to it when the page opens, and "Back to sessions", which puts the learner view
 * back and returns focus to whatever opened the page.
 */
export function pageTop(
  view: LearnerSubview,
  id: string,
  title: string,
): { heading: HTMLHeadingElement; backButton: HTMLButtonElement } {
  const heading = h('h2', { id, tabindex: -1 }, title);
  const backButton = h('button', { type: 'button' }, 'Back to sessions');
  backButton.addEventListener('click', () => {
    view.showLearnerView(true);
    view.back();
  });
  return { heading, backButton };
}
