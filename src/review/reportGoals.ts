import { dayMonthYear } from '../core/progress/familySummary.ts';
import {
  evidenceOverTime,
  type Goal,
  overTimeWords,
  type SessionEvidenceSource,
} from '../core/review/goals.ts';
import { h } from '../ui/dom.ts';

/**
 * The report's goals: each goal in use as staff wrote it, and the evidence over the period's sessions for every
 * figure and tag it names, with each one's definition. Whether a goal is met is the practitioner's judgement:
 * the report shows the evidence, never a verdict.
 */
export function goalsSection(goals: readonly Goal[], sources: readonly SessionEvidenceSource[]): HTMLElement {
  return h(
    'section',
    { class: 'report-goals', 'aria-labelledby': 'report-goals-title' },
    h('h3', { id: 'report-goals-title' }, 'Goals and the evidence for each'),
    goals.length === 0
      ? h('p', {}, 'No goals are written for this learner yet (Goals, in the learner view).')
      : h(
          'div',
          {},
          h(
            'p',
            { class: 'hint' },
            'Each goal as staff wrote it, with what this period’s sessions show for the figures and tags it names. Whether a goal is met is for staff to judge.',
          ),
          ...goals.map((g) => goalNode(g, sources)),
        ),
  );
}

function goalNode(goal: Goal, sources: readonly SessionEvidenceSource[]): HTMLElement {
  return h(
    'div',
    { class: 'report-goal', 'data-goal': goal.id },
    h('h4', {}, goal.text),
    h('p', { class: 'hint' }, `Set on ${dayMonthYear(goal.setAt)}.`),
    goal.bearsOn.length === 0
      ? h('p', {}, 'This goal names no figure or tag yet.')
      : h(
          'dl',
          {},
          ...goal.bearsOn.flatMap((ref) => {
            const e = evidenceOverTime(ref, sources);
            return [
              h('dt', {}, e.label),
              h('dd', { 'data-evidence': `${ref.kind}:${ref.id}` }, overTimeWords(e)),
              h('dd', { class: 'hint' }, e.definition),
            ];
          }),
        ),
  );
}
