import { type SessionState, sessionStore } from '../state/stores.ts';
import { lockStaff } from '../ui/dialog.ts';
import { h } from '../ui/dom.ts';
import type { PanelActions } from './panel.ts';

export interface SessionControls {
  /** The start, end, hide and review buttons, then the line saying how the session stands, then problems. */
  readonly nodes: readonly HTMLElement[];
  /** Shows a problem in the panel's alert line (until the next render writes the log's own problem there). */
  complain(text: string): void;
  render(s: SessionState): void;
}

/** Starting and ending a session (with full screen around it), hiding the panel, and going to review. */
export function createSessionControls(
  actions: Pick<PanelActions, 'startSession' | 'endSession' | 'showPanel'>,
  openReview: () => void,
): SessionControls {
  const startButton = h('button', { type: 'button', class: 'primary' }, 'Start session');
  const endButton = h('button', { type: 'button', class: 'danger' }, 'End session');
  const reviewButton = h('button', { type: 'button' }, 'Review sessions');
  const hideButton = h('button', { type: 'button' }, 'Hide panel');
  const countsText = h('p', { class: 'counts', 'aria-live': 'off' });
  const problems = h('p', { class: 'problem', role: 'alert' });

  startButton.addEventListener('click', async () => {
    await actions.startSession();
    if (sessionStore.getState().sessionId === null) return;
    // In a session the learner may reach the panel (P, a corner): staff controls lock until the PIN is given.
    lockStaff();
    // The stage fills the board; this click is the gesture a browser asks for before going full screen.
    await document.documentElement.requestFullscreen?.().catch(() => undefined);
  });
  endButton.addEventListener('click', async () => {
    await actions.endSession();
    if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
  });
  reviewButton.addEventListener('click', () => openReview());
  hideButton.addEventListener('click', () => actions.showPanel(false));

  return {
    nodes: [
      h(
        'section',
        { 'aria-label': 'Session', class: 'row' },
        startButton,
        endButton,
        hideButton,
        reviewButton,
      ),
      countsText,
      problems,
    ],
    complain(text) {
      problems.textContent = text;
    },
    render(s) {
      const running = s.sessionId !== null;
      startButton.disabled = running || s.learnerId === null;
      endButton.disabled = !running;
      hideButton.disabled = !running;
      reviewButton.disabled = running;
      problems.textContent = s.logProblem ?? '';
      countsText.textContent = running
        ? `Session running. Vocalisations ${s.counts.vocal}, movements ${s.counts.movement}, touches ${s.counts.touch}.`
        : s.learnerId === null
          ? 'Choose or add a learner to start.'
          : 'Ready to start.';
    },
  };
}
