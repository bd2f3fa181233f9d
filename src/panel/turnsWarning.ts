import type { TurnsProblem } from '../core/turns/countable.ts';
import type { SessionState } from '../state/stores.ts';
import { h } from '../ui/dom.ts';
import { keyFor } from './keys.ts';
import type { PanelActions } from './panel.ts';

export interface TurnsWarning {
  readonly element: HTMLElement;
  render(s: SessionState): void;
}

/** What the warning's one button does for a problem. */
interface Fix {
  label: string;
  run(): void;
}

/** The words for a problem: why turns are not counted, and the one thing that fixes it. */
export function problemText(p: TurnsProblem, keys: { learner: string; practitioner: string }): string {
  switch (p.kind) {
    case 'no-practitioner-voice':
      return p.staffVoices === 0
        ? 'Turns cannot be counted: Attune does not know the practitioner’s voice. Type your name under Voices and press Record my voice.'
        : 'Turns cannot be counted: Attune does not know who is running the session. Choose who you are under Voices.';
    case 'no-learner-in-view':
      return p.proposedSide === null
        ? 'Two people are in view and neither is marked as the learner, so movement is nobody’s turn. Tap the learner in the camera preview.'
        : `Two people are in view and neither is marked as the learner, so movement is nobody’s turn. Last session the learner was on the ${p.proposedSide} of the preview: press the button if they are there now, or tap them in the preview.`;
    case 'most-unknown':
      return `Most vocalisations (${p.unknown} of ${p.total}) are not recognised as the learner’s or the practitioner’s, so they are not counted as turns. Press ${keys.learner} after the learner’s sound and ${keys.practitioner} after yours.`;
  }
}

/**
 * A line across the panel, before Start and during a session, whenever turns cannot be counted: why, and the one
 * thing that fixes it (with a button where a press can do it). It goes as soon as the problem does.
 */
export function createTurnsWarning(
  actions: Pick<PanelActions, 'useProposedLearner'>,
  focusStaff: () => void,
): TurnsWarning {
  const element = h('div', { class: 'problem turns-warning', role: 'alert', id: 'turns-warning' });
  const keys = { learner: keyFor('voice', 'learner'), practitioner: keyFor('voice', 'practitioner') };
  const fixFor = (p: TurnsProblem): Fix | null => {
    if (p.kind === 'no-practitioner-voice') return { label: 'Go to Voices', run: focusStaff };
    if (p.kind === 'no-learner-in-view' && p.proposedSide !== null) {
      const side = p.proposedSide;
      return {
        label: `The learner is on the ${side}`,
        run: () => {
          if (!actions.useProposedLearner())
            note.textContent = `Nobody is on the ${side} of the preview now: tap the learner in the preview.`;
        },
      };
    }
    return null;
  };
  const note = h('p', { role: 'status' });
  let shown: TurnsProblem[] | null = null;
  return {
    element,
    render(s) {
      if (shown === s.turnsProblems) return;
      shown = s.turnsProblems;
      note.textContent = '';
      element.replaceChildren(
        ...s.turnsProblems.map((p) => {
          const fix = fixFor(p);
          const button = fix ? h('button', { type: 'button' }, fix.label) : null;
          button?.addEventListener('click', () => fix?.run());
          return h('p', { 'data-problem': p.kind }, problemText(p, keys), button ? ' ' : null, button);
        }),
      );
      if (s.turnsProblems.length > 0) element.append(note);
    },
  };
}
