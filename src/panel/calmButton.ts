import { settingsStore } from '../state/stores.ts';
import { h } from '../ui/dom.ts';

/** Calm fades everything down. Not a locked setting: a practitioner must reach it at once, without the PIN. */
export function createCalmButton(): HTMLButtonElement {
  const button = h('button', { type: 'button', 'aria-pressed': 'false', class: 'calm' }, 'Calm');
  button.addEventListener('click', () => settingsStore.setState({ calm: !settingsStore.getState().calm }));
  const render = () => {
    const calm = settingsStore.getState().calm;
    button.setAttribute('aria-pressed', String(calm));
    button.textContent = calm ? 'Calm is on' : 'Calm';
  };
  render();
  settingsStore.subscribe(render);
  return button;
}
