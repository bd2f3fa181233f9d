import { AGREEMENT_DEFINITION, agreementWords, turnAgreement } from '../core/review/agreement.ts';
import { activeGoals, type Goal, goalEvidence } from '../core/review/goals.ts';
import type { SessionReview } from '../core/review/sessionReview.ts';
import { learnerGoals } from '../store/learnerNotes.ts';
import type { LogStore } from '../store/logStore.ts';
import { h } from '../ui/dom.ts';
import { sessionDate } from './words.ts';

export interface SessionEvidence {
  /** The learner's goals with this session's evidence for each, then the agreement with hand-tagged turns. */
  readonly elements: HTMLElement[];
  /** Reads the learner's goals (once per session opened); the section fills in when they are read. */
  load(learnerId: string): Promise<void>;
  /** The session as now worked out (again after each correction). */
  update(review: SessionReview): void;
  clear(): void;
}

/** A name that opens its definition, beside its value: how every figure in review is shown. */
function defined(label: string, definition: string, value: string, extra?: string): HTMLElement {
  return h(
    'div',
    {},
    h('dt', {}, h('details', {}, h('summary', {}, label), h('p', { class: 'definition' }, definition))),
    h('dd', {}, value, extra ? h('span', { class: 'hint' }, ` (${extra})`) : null),
  );
}

function goalNode(goal: Goal, review: SessionReview): HTMLElement {
  const items = goalEvidence(goal, review);
  return h(
    'li',
    { 'data-goal': goal.id },
    h('p', { class: 'goal-text' }, goal.text),
    h('p', { class: 'hint' }, `Set ${sessionDate(goal.setAt)}. What this session shows for it:`),
    items.length
      ? h(
          'dl',
          { class: 'figures', 'aria-label': `Evidence for: ${goal.text}` },
          ...items.map((i) => defined(i.label, i.definition, i.words)),
        )
      : h(
          'p',
          { class: 'hint' },
          'This goal names no figure or tag: edit it under Goals to see evidence here.',
        ),
  );
}

/**
 * The session page's goals (the learner's goals in use, each with what this session shows for the figures and
 * tags it names) and the agreement of Attune's turns with the practitioner's hand-tagged ones. Attune shows the
 * evidence; whether a goal is met is for staff to judge.
 */
export function createSessionEvidence(store: LogStore): SessionEvidence {
  const goalsList = h('ul', { class: 'goals' });
  const goalsHint = h('p', { class: 'hint' });
  const goals = h(
    'section',
    { class: 'session-goals', 'aria-labelledby': 'session-goals-title' },
    h('h3', { id: 'session-goals-title' }, 'Goals'),
    goalsHint,
    goalsList,
  );
  const agreementList = h('dl', { class: 'figures', 'aria-label': 'Agreement with hand-tagged turns' });
  const agreementCounts = h('p', { class: 'hint' });
  const agreement = h(
    'section',
    { class: 'agreement', 'aria-labelledby': 'session-agreement-title' },
    h('h3', { id: 'session-agreement-title' }, 'Agreement with your hand-tagged turns'),
    agreementList,
    agreementCounts,
  );
  let shown: Goal[] | null = null;
  /** Why the goals could not be read, in words; null when they were. */
  let failed: string | null = null;
  let latest: SessionReview | null = null;
  let generation = 0;

  const draw = () => {
    if (!latest) return;
    const a = agreementWords(turnAgreement(latest.corrected, latest.analysis.params));
    agreementList.replaceChildren(defined('Agreement (Cohen’s kappa)', AGREEMENT_DEFINITION, a.value));
    agreementCounts.textContent = a.counts;
    if (shown === null || failed !== null) {
      goalsHint.textContent = failed ?? 'Reading the learner’s goals…';
      return;
    }
    const review = latest;
    goalsHint.textContent = shown.length
      ? 'The learner’s goals, with what this session shows for each. Choose a name to see how it is defined.'
      : 'No goals set for this learner yet. Set them with Goals, beside the learner’s name in review.';
    goalsList.replaceChildren(...shown.map((g) => goalNode(g, review)));
  };

  return {
    elements: [goals, agreement],
    async load(learnerId) {
      const mine = ++generation;
      shown = null;
      failed = null;
      try {
        const edits = await learnerGoals(store.db, learnerId);
        if (mine !== generation) return;
        shown = activeGoals(edits);
      } catch (error) {
        if (mine !== generation) return;
        failed = `The learner’s goals could not be read: ${error instanceof Error ? error.message : String(error)}`;
      }
      draw();
    },
    update(review) {
      latest = review;
      draw();
    },
    clear() {
      generation++;
      shown = null;
      failed = null;
      latest = null;
      goalsList.replaceChildren();
      agreementList.replaceChildren();
      agreementCounts.textContent = '';
      goalsHint.textContent = '';
    },
  };
}
