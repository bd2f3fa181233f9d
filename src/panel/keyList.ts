import { h } from '../ui/dom.ts';
import { KEY_TABLE } from './keys.ts';

export interface KeyList {
  /** "Keys": shows or hides the list. */
  readonly button: HTMLButtonElement;
  readonly list: HTMLElement;
  /** Shows the list, or hides it; toggles when not told which. */
  toggle(show?: boolean): void;
}

/** Every key Attune answers to, drawn from the key table itself so that the list cannot drift from the keys. */
export function createKeyList(): KeyList {
  const button = h(
    'button',
    { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'key-list' },
    'Keys',
  );
  const list = h(
    'dl',
    { id: 'key-list', class: 'keys' },
    ...KEY_TABLE.flatMap((b) => [h('dt', {}, h('kbd', {}, b.key.toUpperCase())), h('dd', {}, b.label)]),
  );
  list.hidden = true;
  const toggle = (show = list.hidden) => {
    list.hidden = !show;
    button.setAttribute('aria-expanded', String(show));
  };
  button.addEventListener('click', () => toggle());
  return { button, list, toggle };
}
