import { ALL_TAGS } from '../core/fundamentals.ts';
import type { Learner } from '../core/records.ts';
import {
  currentGoals,
  type EvidenceRef,
  GOAL_MAX_CHARS,
  type Goal,
  MEASURE_IDS,
  MEASURES,
  refKeyOf,
  refWords,
} from '../core/review/goals.ts';
import { learnerGoals, saveGoal } from '../store/learnerNotes.ts';
import type { LogStore } from '../store/logStore.ts';
import { h } from '../ui/dom.ts';
import type { Messages } from './messages.ts';
import { type LearnerSubview, pageTop } from './pageTop.ts';
import { sessionDate } from './words.ts';

export interface LearnerPage {
  readonly element: HTMLElement;
  show(learner: Learner): Promise<void>;
  clear(): void;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Every figure and tag a goal can name, as checkboxes, with each figure's definition a click away. */
function createBearsOn() {
  const boxes = new Map<string, { ref: EvidenceRef; box: HTMLInputElement }>();
  const choice = (ref: EvidenceRef) => {
    const id = `goal-bears-${refKeyOf(ref).replace(/[^a-z0-9-]/gi, '-')}`;
    const box = h('input', { type: 'checkbox', id });
    boxes.set(refKeyOf(ref), { ref, box });
    return h('div', { class: 'check' }, box, h('label', { for: id }, refWords(ref).label));
  };
  const measures = MEASURE_IDS.map((id) => choice({ kind: 'measure', id }));
  const tags = ALL_TAGS.map((t) => choice({ kind: 'tag', id: t.id }));
  const meanings = h(
    'details',
    {},
    h('summary', {}, 'What each figure means'),
    h(
      'dl',
      {},
      ...MEASURE_IDS.flatMap((id) => [h('dt', {}, MEASURES[id].label), h('dd', {}, MEASURES[id].definition)]),
    ),
  );
  return {
    nodes: [
      h('fieldset', {}, h('legend', {}, 'Figures that bear on it'), ...measures, meanings),
      h('fieldset', {}, h('legend', {}, 'Tags that bear on it'), ...tags),
    ],
    get chosen(): EvidenceRef[] {
      return [...boxes.values()].filter((b) => b.box.checked).map((b) => b.ref);
    },
    set(refs: readonly EvidenceRef[]) {
      const keys = new Set(refs.map(refKeyOf));
      for (const [key, b] of boxes) b.box.checked = keys.has(key);
    },
  };
}

function bearsOnWords(goal: Goal): string {
  return goal.bearsOn.length ? goal.bearsOn.map((r) => refWords(r).label).join('; ') : 'nothing named yet';
}

/** One goal in a list, with its dates, what it names, and its Edit and Retire (or Bring back) buttons. */
function goalItem(goal: Goal, act: { edit(goal: Goal): void; toggle(goal: Goal): void }): HTMLElement {
  const edit = h('button', { type: 'button' }, 'Edit');
  const toggle = h('button', { type: 'button' }, goal.retired ? 'Bring back' : 'Retire');
  edit.addEventListener('click', () => act.edit(goal));
  toggle.addEventListener('click', () => act.toggle(goal));
  const dates =
    goal.editedAt > goal.setAt
      ? `Set ${sessionDate(goal.setAt)}; changed ${sessionDate(goal.editedAt)}.`
      : `Set ${sessionDate(goal.setAt)}.`;
  return h(
    'li',
    { 'data-goal': goal.id },
    h('p', { class: 'goal-text' }, goal.text),
    h('p', { class: 'hint' }, `${dates} Bears on: ${bearsOnWords(goal)}.`),
    h(
      'div',
      { class: 'row', role: 'group', 'aria-label': `Goal: ${goal.text}` },
      goal.retired ? null : edit,
      toggle,
    ),
  );
}

/** The form that writes a new goal or edits one. `save` resolves true once the goal is kept. */
function createGoalForm(
  save: (editing: Goal | null, text: string, bearsOn: EvidenceRef[]) => Promise<boolean>,
) {
  const title = h('h3', { id: 'goal-form-title' }, 'New goal');
  const text = h('textarea', { id: 'goal-text', rows: 2, maxlength: GOAL_MAX_CHARS });
  const bearsOn = createBearsOn();
  const saveButton = h('button', { type: 'button' }, 'Save goal');
  const cancelButton = h('button', { type: 'button', hidden: true }, 'Cancel the edit');
  const element = h(
    'form',
    { class: 'goal-form', 'aria-labelledby': title.id },
    title,
    h('div', { class: 'field' }, h('label', { for: text.id }, 'The goal, in words'), text),
    ...bearsOn.nodes,
    h('div', { class: 'row' }, saveButton, cancelButton),
  );
  element.addEventListener('submit', (e) => e.preventDefault());
  let editing: Goal | null = null;
  const start = (goal: Goal | null) => {
    editing = goal;
    title.textContent = goal ? 'Edit goal' : 'New goal';
    text.value = goal?.text ?? '';
    bearsOn.set(goal?.bearsOn ?? []);
    cancelButton.hidden = goal === null;
    if (goal) text.focus();
  };
  saveButton.addEventListener('click', async () => {
    if (await save(editing, text.value.trim(), bearsOn.chosen)) start(null);
    else text.focus();
  });
  cancelButton.addEventListener('click', () => {
    start(null);
    text.focus();
  });
  return { element, start };
}

const INTRO =
  'The learner’s own goals. Name the figures and tags that bear on each: every session’s page then shows what that session gives for it. Whether a goal is met is for you to judge; Attune only shows the evidence.';

function savedWords(text: string, wasRetired: boolean, retired: boolean): string {
  if (retired) return `Goal retired: “${text}”. It is kept, under Retired goals, and can be brought back.`;
  if (wasRetired) return `Goal brought back: “${text}”.`;
  return `Goal saved: “${text}”. Each session’s page shows its evidence.`;
}

/**
 * A learner's personal goals: staff write, edit, retire and bring back goals, and name the figures and tags that
 * bear on each; every session's page then shows that session's evidence for each goal in use. Each save is kept
 * as a record of its own (core/review/goals.ts), so an edit never loses what was there, and two computers' edits
 * both survive a sync.
 */
export function createGoalsPage(store: LogStore, messages: Messages, view: LearnerSubview): LearnerPage {
  const { heading, backButton } = pageTop(view, 'review-goals-title', 'Goals');
  const inUse = h('ul', { class: 'goals' });
  const inUseTitle = h('h3', { tabindex: -1 }, 'Goals in use');
  const retiredList = h('ul', { class: 'goals' });
  const retiredSummary = h('summary', {}, 'Retired goals');
  const form = createGoalForm(async (editing, text, bearsOn) => {
    if (text !== '') return save(editing, { text, bearsOn, retired: false });
    messages.complain('Write the goal in words first: nothing was saved.');
    return false;
  });
  const element = h(
    'section',
    { class: 'goals-page', 'aria-labelledby': heading.id },
    h('div', { class: 'row' }, heading, backButton),
    h('p', { class: 'hint' }, INTRO),
    inUseTitle,
    inUse,
    h('details', {}, retiredSummary, retiredList),
    form.element,
  );
  element.hidden = true;
  let learner: Learner | null = null;
  let goals: Goal[] = [];
  let generation = 0;
  const act = {
    edit: (goal: Goal) => form.start(goal),
    async toggle(goal: Goal) {
      await save(goal, { retired: !goal.retired });
      // The goal's own buttons are drawn again: the keyboard goes back to the list's heading.
      inUseTitle.focus();
    },
  };

  const draw = () => {
    const active = goals.filter((g) => !g.retired);
    const retired = goals.filter((g) => g.retired);
    inUse.replaceChildren(
      ...(active.length
        ? active.map((g) => goalItem(g, act))
        : [h('li', { class: 'hint' }, 'No goals in use yet.')]),
    );
    retiredSummary.textContent = `Retired goals (${retired.length})`;
    retiredList.replaceChildren(...retired.map((g) => goalItem(g, act)));
  };

  const reload = async () => {
    if (!learner) return;
    const mine = ++generation;
    const edits = await learnerGoals(store.db, learner.id);
    if (mine !== generation) return;
    goals = currentGoals(edits);
    draw();
  };

  /** Saves a goal: new, edited, retired or brought back; every save is a record of its own. */
  async function save(
    goal: Goal | null,
    change: Partial<Pick<Goal, 'text' | 'bearsOn' | 'retired'>>,
  ): Promise<boolean> {
    if (!learner) return false;
    const next = {
      text: change.text ?? goal?.text ?? '',
      bearsOn: change.bearsOn ?? goal?.bearsOn ?? [],
      retired: change.retired ?? goal?.retired ?? false,
    };
    try {
      await saveGoal(store.db, learner.id, goal ? { goalId: goal.id, ...next } : next);
      await reload();
      messages.say(savedWords(next.text, goal?.retired === true, next.retired));
      return true;
    } catch (error) {
      messages.complain(`The goal could not be saved (${reason(error)}). Nothing was changed.`);
      return false;
    }
  }

  return {
    element,
    async show(l) {
      view.showLearnerView(false);
      learner = l;
      heading.textContent = `Goals: ${l.pseudonym}`;
      form.start(null);
      element.hidden = false;
      heading.focus();
      element.setAttribute('aria-busy', 'true');
      try {
        await reload();
      } catch (error) {
        messages.complain(`The goals could not be read: ${reason(error)}`);
      } finally {
        element.removeAttribute('aria-busy');
      }
    },
    clear() {
      generation++;
      learner = null;
      goals = [];
      inUse.replaceChildren();
      retiredList.replaceChildren();
      form.start(null);
      element.hidden = true;
    },
  };
}
