import { progressCsv } from '../core/progress/progressCsv.ts';
import type { Learner } from '../core/records.ts';
import type { LogStore } from '../store/logStore.ts';
import { learnerProgressRows } from '../store/progressData.ts';
import { saveFile } from '../ui/dom.ts';
import type { Messages } from './messages.ts';
import { count, fileSafe, fileStamp } from './words.ts';

/** The name of a learner's progress file: `attune-<pseudonym>-progress-<when saved>.csv`. */
export function progressFileName(learner: Learner, savedAt: number): string {
  return `attune-${fileSafe(learner.pseudonym)}-progress-${fileStamp(savedAt)}.csv`;
}

/**
 * Saves a learner's progress as one CSV file, a row per session (core/progress/progressCsv.ts says what each
 * column is), and says what was saved; a learner with no sessions gets words instead of an empty sheet.
 */
export async function saveProgressCsv(store: LogStore, messages: Messages, learner: Learner): Promise<void> {
  // A learner with a hundred long sessions takes seconds to read: say that something is happening.
  messages.say(`Reading ${learner.pseudonym}’s sessions for the progress file…`);
  try {
    const rows = await learnerProgressRows(store, learner.id);
    if (rows.length === 0) {
      messages.say(`${learner.pseudonym} has no sessions yet: there is no progress to save.`);
      return;
    }
    saveFile(progressFileName(learner, Date.now()), progressCsv(rows), 'text/csv');
    messages.say(
      `Saved ${learner.pseudonym}’s progress as a CSV file: ${count(rows.length, 'session')}, one row each, oldest first.`,
    );
  } catch (error) {
    messages.complain(
      `The progress file was not saved: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
