import type { Learner } from '../core/records.ts';
import { eraseLearner, exportLearner } from '../store/learnerData.ts';
import type { LogStore } from '../store/logStore.ts';
import { schoolSync } from '../store/schoolStatus.ts';
import { confirmByTyping } from '../ui/dialog.ts';
import { h } from '../ui/dom.ts';
import { saveExport } from './exportFiles.ts';
import type { Messages } from './messages.ts';
import { saveProgressCsv } from './progressExport.ts';
import { count, describeErase, fileSafe, fileStamp } from './words.ts';

export interface LearnerBarNeeds {
  store: LogStore;
  messages: Messages;
  /** Another learner was picked: show their sessions. */
  pick(learnerId: string): void;
  /** The learners changed here: reload them (choosing `chosen` if it is still there), then say `message`. */
  changed(chosen: string | null, message: string): Promise<void>;
}

export interface LearnerBar {
  readonly element: HTMLElement;
  /** Puts these learners in the picker and picks `chosen` if it is among them, else the first; returns the pick. */
  fill(learners: Learner[], chosen: string | null): string | null;
  /** Makes this the learner export and erase act on; returns them, or undefined when there is no such learner. */
  choose(learnerId: string): Learner | undefined;
  /** Export, progress and erase work only with a learner to act on. */
  enable(on: boolean): void;
  /** Puts the keyboard on the picker. */
  focus(): void;
  /** Empties the picker, so no pseudonym stays in the page. */
  clear(): void;
}

/** The learner picker with what staff do to a whole learner: export them, save their progress, or erase them. */
export function createLearnerBar(needs: LearnerBarNeeds): LearnerBar {
  const { store, messages } = needs;
  const select = h('select', { id: 'review-learner' });
  const exportButton = h('button', { type: 'button' }, 'Export learner');
  const progressButton = h('button', { type: 'button' }, 'Export progress CSV');
  const eraseButton = h('button', { type: 'button', class: 'danger' }, 'Erase learner');
  let learners: Learner[] = [];
  let current: string | null = null;

  select.addEventListener('change', () => {
    messages.say('');
    needs.pick(select.value);
  });
  exportButton.addEventListener('click', async () => {
    if (!current) return;
    const data = await exportLearner(store.db, current);
    if (!data) {
      messages.complain('That learner is no longer on this computer.');
      return;
    }
    saveExport(`attune-${fileSafe(data.learner.pseudonym)}-all-sessions-${fileStamp(data.exportedAt)}`, data);
    messages.say(
      `Saved ${data.learner.pseudonym} with ${count(data.sessions.length, 'session')} as one file.`,
    );
  });
  let savingProgress = false;
  progressButton.addEventListener('click', async () => {
    const learner = learners.find((l) => l.id === current);
    // A second click while a hundred sessions are being read would save the same file twice.
    if (!learner || savingProgress) return;
    savingProgress = true;
    progressButton.setAttribute('aria-busy', 'true');
    try {
      await saveProgressCsv(store, messages, learner);
    } finally {
      savingProgress = false;
      progressButton.removeAttribute('aria-busy');
    }
  });
  eraseButton.addEventListener('click', () => {
    const learner = learners.find((l) => l.id === current);
    if (learner) void erase(needs, learner);
  });

  return {
    element: h(
      'div',
      { class: 'row' },
      h('label', { for: 'review-learner' }, 'Learner'),
      select,
      exportButton,
      progressButton,
      eraseButton,
    ),
    fill(list, chosen) {
      learners = list;
      const pick = learners.some((l) => l.id === chosen) ? chosen : (learners[0]?.id ?? null);
      select.replaceChildren(
        ...learners.map((l) => h('option', { value: l.id, selected: l.id === pick }, l.pseudonym)),
      );
      select.disabled = learners.length === 0;
      return pick;
    },
    choose(learnerId) {
      current = learnerId;
      return learners.find((l) => l.id === learnerId);
    },
    enable(on) {
      exportButton.disabled = !on;
      progressButton.disabled = !on;
      eraseButton.disabled = !on;
    },
    focus() {
      select.focus();
    },
    clear() {
      select.replaceChildren();
    },
  };
}

/** Erases a learner once staff have typed the pseudonym; what cannot be undone asks for more than a click. */
async function erase(needs: LearnerBarNeeds, learner: Learner): Promise<void> {
  const { store, messages } = needs;
  const sessions = await store.sessions(learner.id);
  const ok = await confirmByTyping({
    title: `Erase ${learner.pseudonym}?`,
    text: `This removes ${learner.pseudonym}, their ${count(sessions.length, 'session')} and everything logged in them from this computer. It cannot be undone: use Export learner first if the data may be needed.`,
    expected: learner.pseudonym,
    label: 'Type the pseudonym to confirm',
    confirmLabel: 'Erase',
  });
  if (!ok) return;
  try {
    const result = await eraseLearner(store.db, learner.id);
    if (!result.ok) {
      messages.complain(result.message);
      return;
    }
    // The school server still has them: this PC must not take them back.
    await (await schoolSync())?.forgetLearner(learner.id);
    await needs.changed(null, describeErase(result));
  } catch (error) {
    messages.complain(`Nothing was erased: ${error instanceof Error ? error.message : String(error)}`);
  }
}
