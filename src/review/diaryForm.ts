import {
  currentDiary,
  DIARY_FIELDS,
  DIARY_MAX_CHARS,
  type DiaryEdit,
  type DiaryField,
} from '../core/review/diary.ts';
import type { LogStore } from '../store/logStore.ts';
import { addDiaryEdit } from '../store/reviewNotes.ts';
import { h } from '../ui/dom.ts';
import type { Messages } from './messages.ts';

export interface DiaryForm {
  readonly element: HTMLElement;
  show(sessionId: string, edits: readonly DiaryEdit[]): void;
  clear(): void;
}

/** The practitioner's diary of the session: four fields and the best moment, each save kept as a record. */
export function createDiaryForm(needs: { store: LogStore; messages: Messages }): DiaryForm {
  const boxes = new Map<DiaryField, HTMLTextAreaElement>();
  const fields = DIARY_FIELDS.map((f) => {
    const id = `diary-${f.id}`;
    const box = h('textarea', { id, rows: 3, maxlength: DIARY_MAX_CHARS });
    boxes.set(f.id, box);
    return h('div', { class: 'field' }, h('label', { for: id }, f.label), box);
  });
  const save = h('button', { type: 'button' }, 'Save diary');
  const element = h(
    'form',
    { class: 'diary', 'aria-labelledby': 'diary-title' },
    h('h3', { id: 'diary-title' }, 'Diary'),
    ...fields,
    save,
  );
  element.addEventListener('submit', (e) => e.preventDefault());
  let sessionId: string | null = null;
  let saved: Record<DiaryField, string> = currentDiary([]);

  save.addEventListener('click', async () => {
    const id = sessionId;
    if (!id) return;
    const changed = DIARY_FIELDS.filter((f) => (boxes.get(f.id)?.value ?? '') !== saved[f.id]);
    if (changed.length === 0) {
      needs.messages.say('The diary has no changes to save.');
      return;
    }
    try {
      for (const f of changed) {
        const text = boxes.get(f.id)?.value ?? '';
        await addDiaryEdit(needs.store.db, id, f.id, text);
        saved[f.id] = text;
      }
      needs.messages.say(`Diary saved: ${changed.map((f) => f.label.toLowerCase()).join(', ')}.`);
    } catch (error) {
      needs.messages.complain(
        `The diary could not be saved (${error instanceof Error ? error.message : String(error)}). Your words are still in the boxes: copy them before leaving this page.`,
      );
    }
  });

  return {
    element,
    show(id, edits) {
      sessionId = id;
      saved = currentDiary(edits);
      for (const f of DIARY_FIELDS) {
        const box = boxes.get(f.id);
        if (box) box.value = saved[f.id];
      }
    },
    clear() {
      sessionId = null;
      saved = currentDiary([]);
      for (const box of boxes.values()) box.value = '';
    },
  };
}
