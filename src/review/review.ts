import type { LogStore } from '../store/logStore.ts';
import { changeStaffPin, lockStaff, type RequestPinOptions, requestPin } from '../ui/dialog.ts';
import { h } from '../ui/dom.ts';
import { createImportRow } from './importRow.ts';
import { createLearnerBar } from './learnerBar.ts';
import { createMessages } from './messages.ts';
import { createSessionsTable } from './sessionsTable.ts';

export interface Review {
  readonly element: HTMLElement;
  /** Asks for the staff PIN, then opens; calls `onClose` instead when the PIN is not given. */
  open(learnerId: string | null): Promise<void>;
  close(): void;
}

export interface ReviewOptions {
  /** The PIN gate; the staff PIN dialog unless a test or another front end passes its own. */
  requestPin?: (reason: string, options?: RequestPinOptions) => Promise<boolean>;
  /** Learners were imported or erased: the panel's list needs refreshing. */
  onLearnersChanged?: () => void;
}

/**
 * Staff review, behind the staff PIN: each learner's sessions with their turn-taking figures, export (JSON and
 * CSV) of a session or a whole learner, import of an export file, and erasing a learner.
 */
/** Review closes after this long with no key, click or scroll in it. */
export const REVIEW_IDLE_MS = 5 * 60_000;

export function createReview(
  host: HTMLElement,
  store: LogStore,
  onClose: () => void,
  options: ReviewOptions = {},
): Review {
  const gate = options.requestPin ?? requestPin;
  const messages = createMessages();
  const table = createSessionsTable(store, messages);
  const changed = async (chosen: string | null, message: string) => {
    await loadLearners(chosen);
    messages.say(message);
    options.onLearnersChanged?.();
  };
  const learnerBar = createLearnerBar({ store, messages, pick: (id) => void showSessions(id), changed });
  const importRow = createImportRow({ store, messages, changed });
  const closeButton = h('button', { type: 'button' }, 'Back to panel');
  const changePinButton = h('button', { type: 'button' }, 'Change staff PIN');
  const element = h(
    'section',
    { class: 'review', 'aria-label': 'Review' },
    h('header', { class: 'row' }, h('h1', {}, 'Review'), closeButton, changePinButton),
    learnerBar.element,
    importRow.element,
    ...messages.nodes,
    ...table.nodes,
    h(
      'p',
      { class: 'hint' },
      'An exchange is a turn answered by the other person within 5 seconds; a sequence is a run of such turns. ' +
        'An initiation is a learner turn with no practitioner turn in the 5 seconds before it. Answer times are ' +
        'from the end of one person’s turn to the start of the other’s answer.',
    ),
  );
  element.hidden = true;
  host.append(element);

  const showSessions = async (learnerId: string) => {
    const learner = learnerBar.choose(learnerId);
    await table.show(learner, () => learnerBar.enable(learner !== undefined));
  };
  const loadLearners = async (chosen: string | null) => {
    const pick = learnerBar.fill(await store.learners(), chosen);
    await showSessions(pick ?? '');
  };

  closeButton.addEventListener('click', () => onClose());
  changePinButton.addEventListener('click', async () => {
    if (await changeStaffPin()) messages.say('The staff PIN is changed. Use the new PIN from now on.');
  });

  // Review shows every learner's logs: left open and unattended, it closes by itself and the PIN is asked again.
  let idleTimer: number | null = null;
  const stopIdle = () => {
    if (idleTimer !== null) window.clearTimeout(idleTimer);
    idleTimer = null;
  };
  const stillHere = () => {
    stopIdle();
    idleTimer = window.setTimeout(() => {
      lockStaff();
      onClose();
    }, REVIEW_IDLE_MS);
  };
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel'] as const)
    element.addEventListener(type, () => {
      if (!element.hidden) stillHere();
    });

  let opening = false;
  return {
    element,
    async open(learnerId) {
      if (opening || !element.hidden) return;
      opening = true;
      try {
        if (!(await gate('open review', { fresh: true }))) {
          onClose();
          return;
        }
        messages.say('');
        element.hidden = false;
        stillHere();
        await loadLearners(learnerId);
      } finally {
        opening = false;
      }
    },
    close() {
      stopIdle();
      element.hidden = true;
      // Nothing about learners stays in the page once review is closed.
      table.clear();
      learnerBar.clear();
      messages.clear();
      importRow.clear();
    },
  };
}
