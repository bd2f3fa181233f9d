import { backupParts, backupSizeProblem, parseBackup } from '../core/backupFormat.ts';
import { readBackup } from '../store/backup.ts';
import type { LogStore } from '../store/logStore.ts';
import { askToPersist } from '../store/persistence.ts';
import { restoreAndFigure } from '../store/progressData.ts';
import { h } from '../ui/dom.ts';
import type { Messages } from './messages.ts';
import { describeBackup, describeRestore, describeRestoreError, describeStorage } from './storageWords.ts';
import { fileStamp } from './words.ts';

export interface StorageSectionNeeds {
  store: LogStore;
  messages: Messages;
  /** The log changed (a restore): reload the learners, then say `message`. */
  changed(chosen: string | null, message: string): Promise<void>;
}

export interface StorageSection {
  readonly element: HTMLElement;
  /** Asks for persistent storage (staff are here) and says what the browser says. */
  refresh(): Promise<void>;
  clear(): void;
}

/**
 * Whether this computer keeps Attune's data, and the way to keep it elsewhere: "Back up everything" saves one
 * file with every learner and session; "Restore" reads one back after checking all of it.
 */
export function createStorageSection(needs: StorageSectionNeeds): StorageSection {
  const { store, messages } = needs;
  const line = h('p', { id: 'review-storage', class: 'hint' });
  const backupButton = h('button', { type: 'button' }, 'Back up everything');
  const input = h('input', { id: 'review-restore-file', type: 'file', accept: '.json,application/json' });
  const restoreButton = h('button', { type: 'button' }, 'Restore');
  let busy = false;
  const whileBusy = async (button: HTMLButtonElement, fn: () => Promise<void>) => {
    if (busy) return;
    busy = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await fn();
    } finally {
      busy = false;
      button.removeAttribute('aria-busy');
    }
  };

  backupButton.addEventListener('click', () =>
    whileBusy(backupButton, async () => {
      messages.say('Reading everything on this computer for the backup…');
      try {
        const backup = await readBackup(store.db);
        saveParts(`attune-backup-${fileStamp(backup.createdAt)}.json`, backupParts(backup));
        const tally = {
          learners: backup.stores.find((s) => s.name === 'learners')?.records.length ?? 0,
          sessions: backup.stores.find((s) => s.name === 'sessions')?.records.length ?? 0,
          events: backup.stores.find((s) => s.name === 'events')?.records.length ?? 0,
        };
        messages.say(describeBackup(tally));
      } catch (error) {
        messages.complain(
          `The backup was not saved: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }),
  );
  restoreButton.addEventListener('click', () => whileBusy(restoreButton, () => restore(needs, input)));

  return {
    element: h(
      'section',
      { 'aria-labelledby': 'review-storage-heading' },
      h('h2', { id: 'review-storage-heading' }, 'Storage on this computer'),
      line,
      h(
        'div',
        { class: 'row' },
        backupButton,
        h('label', { for: 'review-restore-file' }, 'Backup file'),
        input,
        restoreButton,
      ),
    ),
    async refresh() {
      const said = describeStorage(await askToPersist());
      line.textContent = said.text;
      line.className = said.warning ? 'problem' : 'hint';
    },
    clear() {
      input.value = '';
    },
  };
}

async function restore(needs: StorageSectionNeeds, input: HTMLInputElement): Promise<void> {
  const { store, messages } = needs;
  const file = input.files?.[0];
  if (!file) {
    messages.complain('Choose a backup file first (one that "Back up everything" saved, ending in .json).');
    input.focus();
    return;
  }
  // By its size, before a byte is read: a huge file would freeze the page while it was read and parsed.
  const tooLarge = backupSizeProblem(file.size);
  if (tooLarge) {
    messages.complain(`Nothing was restored from ${file.name}. ${tooLarge}`);
    return;
  }
  messages.say(`Checking ${file.name}…`);
  let text: string;
  try {
    text = await file.text();
  } catch {
    messages.complain(`Nothing was restored: the file ${file.name} could not be read.`);
    return;
  }
  const parsed = parseBackup(text);
  if (!parsed.ok) {
    messages.complain(`Nothing was restored from ${file.name}. ${parsed.message}`);
    return;
  }
  try {
    const result = await restoreAndFigure(store, parsed.backup);
    if (!result.ok) {
      messages.complain(`Nothing was restored from ${file.name}. ${result.message}`);
      return;
    }
    input.value = '';
    await needs.changed(null, describeRestore(parsed.backup.createdAt, result.counts));
  } catch (error) {
    messages.complain(describeRestoreError(error));
  }
}

/** Saves a file made of parts through the browser's download: the parts are joined by the Blob, not here. */
function saveParts(name: string, parts: string[]): void {
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/json' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
