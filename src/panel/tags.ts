import { ALL_TAGS } from '../core/fundamentals.ts';
import type { SessionState } from '../state/stores.ts';
import { formatSeconds, h } from '../ui/dom.ts';
import { createCalmButton } from './calmButton.ts';
import { createKeyList } from './keyList.ts';
import type { PanelActions } from './panel.ts';

export interface TagsSection {
  readonly element: HTMLElement;
  render(s: SessionState): void;
  /** Shows the key list and brings the panel up, with focus on the list's button. */
  showKeys(): void;
  /** Brings the panel up with the note field ready to type in. */
  focusNote(): void;
}

/** Marking moments of a session: a button per tag, a free note, the key list and calm beside them. */
export function createTagsSection(actions: Pick<PanelActions, 'tag' | 'note' | 'showPanel'>): TagsSection {
  const tagButtons = ALL_TAGS.map((t) => {
    const b = h(
      'button',
      { type: 'button', class: 'tag', 'aria-keyshortcuts': t.key.toUpperCase() },
      h('kbd', {}, t.key.toUpperCase()),
      ` ${t.label}`,
    );
    b.addEventListener('click', () => actions.tag(t));
    return b;
  });
  const tagConfirm = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  const noteInput = h('input', { id: 'note', type: 'text', autocomplete: 'off', maxlength: 500 });
  const noteButton = h('button', { type: 'button' }, 'Add note');
  const keys = createKeyList();

  const addNote = () => {
    const text = noteInput.value.trim();
    if (!text) return;
    actions.note(text);
    noteInput.value = '';
  };
  noteButton.addEventListener('click', addNote);
  noteInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') addNote();
  });

  return {
    element: h(
      'section',
      { 'aria-label': 'Tags' },
      h('div', { class: 'row' }, h('h2', {}, 'Tag a moment'), keys.button, createCalmButton()),
      keys.list,
      h('div', { class: 'tags' }, ...tagButtons),
      tagConfirm,
      h('div', { class: 'row' }, h('label', { for: 'note' }, 'Note'), noteInput, noteButton),
    ),
    render(s) {
      const running = s.sessionId !== null;
      tagConfirm.textContent = s.lastTag
        ? `Tagged “${s.lastTag.label}” at ${formatSeconds(s.lastTag.atMs)}.`
        : '';
      for (const b of tagButtons) b.disabled = !running;
      noteButton.disabled = !running;
    },
    showKeys() {
      keys.toggle(true);
      actions.showPanel(true);
      keys.button.focus();
    },
    focusNote() {
      actions.showPanel(true);
      noteInput.focus();
    },
  };
}
