import type { Learner } from '../core/records.ts';
import type { LogStore, StoredSession } from '../store/logStore.ts';
import type { Messages } from './messages.ts';
import { createProgressPage } from './progressPage.ts';
import { createReportPage } from './reportPage.ts';
import { createSessionPage } from './sessionPage.ts';
import type { SessionsTable } from './sessionsTable.ts';

export interface ReviewPages {
  readonly elements: HTMLElement[];
  /** A session's page, in the learner view's place. */
  open(learner: Learner, session: StoredSession): Promise<void>;
  /** The learner's progress page, in the learner view's place. */
  progress(learner: Learner): Promise<void>;
  /** The learner's printable report, in the learner view's place. */
  report(learner: Learner): Promise<void>;
  /** Empties and hides them all: nothing about a learner stays in the page unseen. */
  clear(): void;
}

/**
 * The pages opened from the sessions table: a session's page and the learner's progress. Each takes the learner
 * view's place and gives it back with focus on what opened it. `views` is read when needed (they are made after).
 */
export function createReviewPages(
  store: LogStore,
  messages: Messages,
  views: () => { table: SessionsTable; showLearnerView(on: boolean): void },
): ReviewPages {
  const showLearnerView = (on: boolean) => views().showLearnerView(on);
  const sessionPage = createSessionPage(store, messages, {
    showLearnerView,
    focusRow: (id) => views().table.focusOpen(id),
  });
  const progressPage = createProgressPage(store, messages, {
    showLearnerView,
    back: () => views().table.focusProgress(),
  });
  const reportPage = createReportPage(store, messages, {
    showLearnerView,
    back: () => views().table.focusReport(),
  });
  return {
    elements: [sessionPage.element, progressPage.element, reportPage.element],
    open: (learner, session) => sessionPage.show(learner, session),
    progress: (learner) => progressPage.show(learner),
    report: (learner) => reportPage.show(learner),
    clear() {
      sessionPage.clear();
      progressPage.clear();
      reportPage.clear();
    },
  };
}
