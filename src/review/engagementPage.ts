import type { Learner } from '../core/records.ts';
import {
  AREA_NAME_MAX_CHARS,
  type AreaDefinition,
  type AreaId,
  type AreaNames,
  areaEvidence,
  ENGAGEMENT_AREAS,
  ENGAGEMENT_NOTE_MAX_CHARS,
  type EngagementNote,
  MILESTONES_MAX_CHARS,
  notesByArea,
} from '../core/review/engagement.ts';
import { type EvidenceOverTime, overTimeWords } from '../core/review/goals.ts';
import {
  addJudgement,
  learnerJudgements,
  loadAreaNames,
  periodEvidence,
  saveAreaNames,
} from '../store/learnerNotes.ts';
import type { LogStore } from '../store/logStore.ts';
import { h } from '../ui/dom.ts';
import type { LearnerPage } from './goalsPage.ts';
import type { Messages } from './messages.ts';
import { type LearnerSubview, pageTop } from './pageTop.ts';
import { sessionDate } from './words.ts';

const DAY_MS = 86_400_000;
/** The period shown first: the last six weeks, about a half term. */
const DEFAULT_PERIOD_DAYS = 42;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A date input's value for an epoch ms, in the computer's own time zone. */
function dateValue(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The start of a date input's day (local time), or null when it is empty or not a date. */
function dayStart(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/** One area: its name and milestones, the practitioner's judgements (dated) and Attune's evidence beside them. */
function createArea(area: AreaDefinition, save: (area: AreaId, text: string) => Promise<boolean>) {
  const title = h('h3', { id: `engagement-${area.id}-title` }, area.name);
  const milestones = h('p', { class: 'milestones' });
  const box = h('textarea', {
    id: `engagement-${area.id}-text`,
    rows: 3,
    maxlength: ENGAGEMENT_NOTE_MAX_CHARS,
  });
  const saveButton = h('button', { type: 'button' }, 'Save judgement');
  const history = h('ul', { class: 'judgements' });
  const evidence = h('dl', { class: 'figures' });
  const boxLabel = h('label', { for: box.id }, 'Your judgement, in your words');
  saveButton.addEventListener('click', async () => {
    const text = box.value.trim();
    if (await save(area.id, text)) box.value = '';
  });
  return {
    id: area.id,
    element: h(
      'section',
      { class: 'engagement-area', 'aria-labelledby': title.id, 'data-area': area.id },
      title,
      h('p', { class: 'hint' }, area.about),
      milestones,
      h(
        'div',
        { class: 'session-columns' },
        h(
          'div',
          {},
          h('h4', {}, 'Your judgement'),
          h('div', { class: 'field' }, boxLabel, box),
          saveButton,
          history,
        ),
        h('div', {}, h('h4', {}, 'What Attune measured'), evidence),
      ),
    ),
    name(names: AreaNames) {
      const n = names[area.id];
      title.textContent = n.name;
      milestones.textContent = n.milestones ? `What we look for: ${n.milestones}` : '';
      milestones.hidden = n.milestones === '';
      evidence.setAttribute('aria-label', `What Attune measured: ${n.name}`);
    },
    /** Empties the box too: nothing written about a learner stays in the page once it closes. */
    reset() {
      box.value = '';
      history.replaceChildren();
      evidence.replaceChildren();
    },
    judgements(notes: readonly EngagementNote[]) {
      history.replaceChildren(
        ...(notes.length
          ? notes.map((n) =>
              h(
                'li',
                {},
                h('span', { class: 'hint' }, `${sessionDate(n.at)}: `),
                n.text === '' ? '(cleared)' : n.text,
              ),
            )
          : [h('li', { class: 'hint' }, 'No judgement written yet.')]),
      );
    },
    evidence(items: readonly EvidenceOverTime[]) {
      evidence.replaceChildren(
        ...items.map((e) =>
          h(
            'div',
            {},
            h(
              'dt',
              {},
              h('details', {}, h('summary', {}, e.label), h('p', { class: 'definition' }, e.definition)),
            ),
            h('dd', {}, overTimeWords(e)),
          ),
        ),
      );
    },
  };
}

/** The school's own names for the areas and what it looks for in each, kept on this computer. */
function createNamesForm(onSaved: (names: AreaNames | null) => void) {
  const fields = ENGAGEMENT_AREAS.map((a) => {
    const name = h('input', { type: 'text', id: `engagement-name-${a.id}`, maxlength: AREA_NAME_MAX_CHARS });
    const look = h('textarea', {
      id: `engagement-milestones-${a.id}`,
      rows: 2,
      maxlength: MILESTONES_MAX_CHARS,
    });
    return {
      id: a.id,
      name,
      look,
      node: h(
        'fieldset',
        {},
        h('legend', {}, a.name),
        h('div', { class: 'field' }, h('label', { for: name.id }, 'Our name for it'), name),
        h(
          'div',
          { class: 'field' },
          h('label', { for: look.id }, 'Our milestones or what we look for'),
          look,
        ),
      ),
    };
  });
  const save = h('button', { type: 'button' }, 'Save names');
  const reset = h('button', { type: 'button' }, 'Use the Engagement Model’s own names');
  save.addEventListener('click', () => {
    const names = Object.fromEntries(
      fields.map((f) => [f.id, { name: f.name.value.trim(), milestones: f.look.value.trim() }]),
    ) as AreaNames;
    onSaved(names);
  });
  reset.addEventListener('click', () => onSaved(null));
  return {
    element: h(
      'details',
      { class: 'engagement-names' },
      h('summary', {}, 'Names used on this computer (Routes for Learning, or your school’s own)'),
      h(
        'p',
        { class: 'hint' },
        'Rename the areas and write the milestones your school uses; they are kept on this computer only. An empty name goes back to the Engagement Model’s.',
      ),
      ...fields.map((f) => f.node),
      h('div', { class: 'row' }, save, reset),
    ),
    fill(names: AreaNames) {
      for (const f of fields) {
        f.name.value = names[f.id].name;
        f.look.value = names[f.id].milestones;
      }
    },
  };
}

/** The period whose sessions give the evidence: two dates, read as whole days in this computer's time zone. */
function createPeriod(show: () => void) {
  const from = h('input', { type: 'date', id: 'engagement-from' });
  const to = h('input', { type: 'date', id: 'engagement-to' });
  const button = h('button', { type: 'button' }, 'Show this period');
  button.addEventListener('click', show);
  return {
    element: h(
      'div',
      { class: 'row', role: 'group', 'aria-label': 'Period' },
      h('label', { for: from.id }, 'From'),
      from,
      h('label', { for: to.id }, 'To'),
      to,
      button,
    ),
    /** The last six weeks, up to today. */
    reset() {
      const today = Date.now();
      to.value = dateValue(today);
      from.value = dateValue(today - DEFAULT_PERIOD_DAYS * DAY_MS);
    },
    /** Start of the first day and end of the last, or null when the dates are missing or the wrong way round. */
    range(): [number, number] | null {
      const start = dayStart(from.value);
      const end = dayStart(to.value);
      return start === null || end === null || end < start ? null : [start, end + DAY_MS];
    },
  };
}

const INTRO =
  'The five areas of the Engagement Model, which are not a ladder. Write your own judgement in each; every one is kept with its date. Beside it is what Attune measured in the learner’s sessions of the period chosen that bears on the area. Attune never gives a level: the judgement is yours.';

/**
 * A learner's Engagement Model page: the five areas (exploration, realisation, anticipation, persistence,
 * initiation), in each the practitioner's own judgements (their words, dated, every one kept) beside what Attune
 * measured in the learner's sessions of a chosen period that bears on the area. Attune never assigns a level.
 */
export function createEngagementPage(store: LogStore, messages: Messages, view: LearnerSubview): LearnerPage {
  const { heading, backButton } = pageTop(view, 'review-engagement-title', 'Engagement Model');
  const period = createPeriod(() => void readEvidence());
  const periodWords = h('p', { class: 'hint', role: 'status' });
  let learner: Learner | null = null;
  let generation = 0;
  const saveJudgement = async (area: AreaId, text: string): Promise<boolean> => {
    if (!learner) return false;
    if (text === '') {
      messages.complain('Write the judgement in words first: nothing was saved.');
      return false;
    }
    try {
      await addJudgement(store.db, learner.id, area, text);
      await readJudgements();
      messages.say(`Judgement saved for ${loadAreaNames()[area].name}, dated today.`);
      return true;
    } catch (error) {
      messages.complain(
        `The judgement could not be saved (${reason(error)}). Your words are still in the box.`,
      );
      return false;
    }
  };
  const areas = ENGAGEMENT_AREAS.map((a) => createArea(a, saveJudgement));
  const names = createNamesForm((chosen) => {
    saveAreaNames(chosen);
    nameAreas();
    messages.say(
      chosen ? 'The names are saved on this computer.' : 'The Engagement Model’s own names are back.',
    );
  });
  const element = h(
    'section',
    { class: 'engagement-page', 'aria-labelledby': heading.id },
    h('div', { class: 'row' }, heading, backButton),
    h('p', { class: 'hint' }, INTRO),
    period.element,
    periodWords,
    ...areas.map((a) => a.element),
    names.element,
  );
  element.hidden = true;

  function nameAreas() {
    const n = loadAreaNames();
    names.fill(n);
    for (const a of areas) a.name(n);
  }

  async function readJudgements() {
    if (!learner) return;
    const by = notesByArea(await learnerJudgements(store.db, learner.id));
    for (const a of areas) a.judgements(by[a.id]);
  }

  async function readEvidence() {
    if (!learner) return;
    const range = period.range();
    if (!range) {
      messages.complain('Choose a period with a start date on or before its end date.');
      element.removeAttribute('aria-busy');
      return;
    }
    const [start, end] = range;
    const mine = ++generation;
    element.setAttribute('aria-busy', 'true');
    try {
      const sessions = await periodEvidence(store, learner.id, start, end);
      if (mine !== generation) return;
      const by = areaEvidence(sessions);
      for (const a of areas) a.evidence(by[a.id]);
      periodWords.textContent = `${sessions.length} session${sessions.length === 1 ? '' : 's'} from ${sessionDate(start)} to ${sessionDate(end - DAY_MS)}. Choose a figure’s name to see how it is defined.`;
    } catch (error) {
      if (mine === generation) messages.complain(`The sessions could not be read: ${reason(error)}`);
    } finally {
      if (mine === generation) element.removeAttribute('aria-busy');
    }
  }

  return {
    element,
    async show(l) {
      view.showLearnerView(false);
      learner = l;
      // Busy from the start, not only once the judgements are read: until then the areas are empty, and a reader
      // (or a test) taking the page as ready read no evidence at all.
      element.setAttribute('aria-busy', 'true');
      heading.textContent = `Engagement Model: ${l.pseudonym}`;
      period.reset();
      nameAreas();
      element.hidden = false;
      heading.focus();
      try {
        await readJudgements();
      } catch (error) {
        messages.complain(`The judgements could not be read: ${reason(error)}`);
      }
      await readEvidence();
    },
    clear() {
      generation++;
      learner = null;
      for (const a of areas) a.reset();
      periodWords.textContent = '';
      element.hidden = true;
      element.removeAttribute('aria-busy');
    },
  };
}
