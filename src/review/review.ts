import type { LogStore } from '../store/logStore.ts';
import { changeStaffPin, lockStaff, type RequestPinOptions, requestPin } from '../ui/dialog.ts';
import { h } from '../ui/dom.ts';
import { closeWhenIdle } from './idleClose.ts';
import { createImportRow } from './importRow.ts';
import { createLearnerBar } from './learnerBar.ts';
import { createLearnerNotesPages } from './learnerNotesPages.ts';
import { createMessages } from './messages.ts';
import { createOverviewSection } from './overviewSection.ts';
import { createReviewPages } from './reviewPages.ts';
import { createSessionsTable } from './sessionsTable.ts';
import { createStorageSection } from './storageSection.ts';
import { createSyncSection } from './syncSection.ts';
import { FIGURES_HINT } from './words.ts';

export { REVIEW_IDLE_MS } from './idleClose.ts';

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
  /** Review was shown or hidden (by any path: the PIN, Back to panel, the idle close). */
  onShown?: (shown: boolean) => void;
}

/**
 * Staff review, behind the staff PIN: each learner's sessions with their turn-taking figures, export (JSON and
 * CSV) of a session or a whole learner, a learner's progress CSV, import of an export file, erasing a learner,
 * and the school overview (every learner's sessions week by week), which takes the learner view's place.
 */

export function createReview(
  host: HTMLElement,
  store: LogStore,
  onClose: () => void,
  options: ReviewOptions = {},
): Review {
  const gate = options.requestPin ?? requestPin;
  const messages = createMessages();
  const pages = createReviewPages(store, messages, () => ({ table, showLearnerView }));
  const table = createSessionsTable(store, messages, pages);
  const changed = async (chosen: string | null, message: string) => {
    await loadLearners(chosen);
    messages.say(message);
    options.onLearnersChanged?.();
  };
  const learnerBar = createLearnerBar({ store, messages, pick: (id) => void showSessions(id), changed });
  const importRow = createImportRow({ store, messages, changed });
  const storage = createStorageSection({ store, messages, changed });
  const sync = createSyncSection(store, () => options.onLearnersChanged?.());
  const closeButton = h('button', { type: 'button' }, 'Back to panel');
  const changePinButton = h('button', { type: 'button' }, 'Change staff PIN');
  const overviewButton = h('button', { type: 'button' }, 'School overview');
  // The learner view is the picker and import above the messages and the sessions below them; the school
  // overview takes its place, below the messages, which both views share.
  const notesPages = createLearnerNotesPages(store, messages, (on) => showLearnerView(on));
  const learnerTop = h('div', {}, learnerBar.element, notesPages.buttons, importRow.element);
  const learnerBottom = h('div', {}, ...table.nodes, h('p', { class: 'hint' }, FIGURES_HINT));
  const showLearnerView = (on: boolean) => {
    learnerTop.hidden = !on;
    learnerBottom.hidden = !on;
    for (const p of [pages, notesPages]) p.clear();
    if (on) overview.hide();
  };
  const overview = createOverviewSection({
    store,
    messages,
    back() {
      showLearnerView(true);
      overviewButton.focus();
    },
    openLearner(learnerId) {
      showLearnerView(true);
      learnerBar.focus();
      void loadLearners(learnerId);
    },
  });
  const element = h(
    'section',
    { class: 'review', 'aria-label': 'Review', hidden: true },
    h('header', { class: 'row' }, h('h1', {}, 'Review'), overviewButton, closeButton, changePinButton),
    sync.element,
    learnerTop,
    ...messages.nodes,
    learnerBottom,
    overview.element,
    ...pages.elements,
    ...notesPages.elements,
    storage.element,
  );
  if (options.onShown) watchShown(element, options.onShown);
  host.append(element);

  const showSessions = async (learnerId: string) => {
    const learner = notesPages.setLearner(learnerBar.choose(learnerId));
    await table.show(learner, () => learnerBar.enable(learner !== undefined));
  };
  const loadLearners = async (chosen: string | null) => {
    const pick = learnerBar.fill(await store.learners(), chosen);
    await showSessions(pick ?? '');
  };

  closeButton.addEventListener('click', () => onClose());
  overviewButton.addEventListener('click', () => {
    messages.say('');
    showLearnerView(false);
    void overview.show();
  });
  changePinButton.addEventListener('click', async () => {
    if (await changeStaffPin()) messages.say('The staff PIN is changed. Use the new PIN from now on.');
  });

  const idle = closeWhenIdle(element, () => {
    lockStaff();
    onClose();
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
        idle.stillHere();
        void storage.refresh();
        await loadLearners(learnerId);
      } finally {
        opening = false;
      }
    },
    close() {
      idle.stop();
      element.hidden = true;
      // Nothing about learners stays in the page once review is closed.
      table.clear();
      overview.clear();
      showLearnerView(true);
      learnerBar.clear();
      messages.clear();
      importRow.clear();
      storage.clear();
    },
  };
}

/** Tells `onShown` each time `element` is shown or hidden, whichever code path did it. */
function watchShown(element: HTMLElement, onShown: (shown: boolean) => void): void {
  new MutationObserver(() => onShown(!element.hidden)).observe(element, {
    attributes: true,
    attributeFilter: ['hidden'],
  });
}
