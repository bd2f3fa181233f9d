import { importSizeProblem, parseExport } from '../core/exportFormat.ts';
import type { LogStore } from '../store/logStore.ts';
import { importAndFigure } from '../store/progressData.ts';
import { h } from '../ui/dom.ts';
import type { Messages } from './messages.ts';
import { describeImport, describeStorageError } from './words.ts';

export interface ImportRowNeeds {
  store: LogStore;
  messages: Messages;
  /** A file was imported: reload the learners, choosing `chosen`, then say `message`. */
  changed(chosen: string | null, message: string): Promise<void>;
}

/** Imports an Attune export file; nothing is imported from a file that cannot be read or is not an export. */
export function createImportRow(needs: ImportRowNeeds): { readonly element: HTMLElement; clear(): void } {
  const { store, messages } = needs;
  const input = h('input', { id: 'review-import-file', type: 'file', accept: '.json,application/json' });
  const button = h('button', { type: 'button' }, 'Import');

  // A large file (a learner's year, tens of thousands of events) takes seconds to read, check and store: the
  // row says so and takes no second click meanwhile, which would import the same file twice over.
  const busy = (on: boolean) => {
    button.disabled = on;
    input.disabled = on;
    button.textContent = on ? 'Importing…' : 'Import';
  };

  // A disabled button gets no clicks, so a second click while busy never reaches this.
  button.addEventListener('click', async () => {
    busy(true);
    try {
      await importChosen();
    } finally {
      busy(false);
    }
  });

  async function importChosen(): Promise<void> {
    const file = input.files?.[0];
    if (!file) {
      messages.complain('Choose a file to import first (an Attune export, ending in .json).');
      input.focus();
      return;
    }
    // By its size, before a byte is read: a huge file would freeze the page while it was read and parsed.
    const tooLarge = importSizeProblem(file.size);
    if (tooLarge) {
      messages.complain(`Nothing was imported from ${file.name}. ${tooLarge}`);
      return;
    }
    messages.say(`Importing ${file.name}…`);
    let text: string;
    try {
      text = await file.text();
    } catch {
      messages.complain(`Nothing was imported: the file ${file.name} could not be read.`);
      return;
    }
    const parsed = parseExport(text);
    if (!parsed.ok) {
      messages.complain(`Nothing was imported from ${file.name}. ${parsed.message}`);
      return;
    }
    try {
      const result = await importAndFigure(store, parsed.data);
      input.value = '';
      await needs.changed(result.learner.id, describeImport(result));
    } catch (error) {
      messages.complain(describeStorageError(error));
    }
  }

  return {
    element: h(
      'div',
      { class: 'row review-import' },
      h('label', { for: 'review-import-file' }, 'Import file'),
      input,
      button,
    ),
    clear() {
      input.value = '';
    },
  };
}
