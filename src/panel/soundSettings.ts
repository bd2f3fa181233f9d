import { RESPONSE_MODES, type ResponseMode } from '../core/respond/modes.ts';
import { settingsStore } from '../state/stores.ts';
import { onStaffLock, requestPin } from '../ui/dialog.ts';
import { h } from '../ui/dom.ts';

/**
 * How Attune answers, volume, mute and voice sensitivity. They belong to staff: they stay locked until the
 * staff PIN is given, and lock again after a while. Returns the unlock line, then the settings themselves.
 */
export function createSoundSettings(): readonly HTMLElement[] {
  const unlockButton = h('button', { type: 'button' }, 'Unlock settings');
  const lockText = h('span', { class: 'hint' });
  const modeSelect = h(
    'select',
    { id: 'mode' },
    ...RESPONSE_MODES.map((m) => h('option', { value: m.mode }, m.label)),
  );
  const volume = h('input', { id: 'volume', type: 'range', min: 0, max: 1, step: 0.05 });
  const mute = h('input', { id: 'mute', type: 'checkbox' });
  const sensitivity = h('input', { id: 'sensitivity', type: 'range', min: 0, max: 1, step: 0.05 });

  const lockable = [modeSelect, volume, mute, sensitivity];
  onStaffLock((unlocked) => {
    for (const c of lockable) c.disabled = !unlocked;
    unlockButton.hidden = unlocked;
    lockText.textContent = unlocked
      ? 'Settings unlocked for five minutes, or until a session starts.'
      : 'Settings are locked.';
  });
  unlockButton.addEventListener('click', () => void requestPin('change the settings'));

  modeSelect.addEventListener('change', () =>
    settingsStore.setState({ mode: modeSelect.value as ResponseMode }),
  );
  volume.addEventListener('input', () => settingsStore.setState({ volume: Number(volume.value) }));
  mute.addEventListener('change', () => settingsStore.setState({ muted: mute.checked }));
  sensitivity.addEventListener('input', () =>
    settingsStore.setState({ sensitivity: Number(sensitivity.value) }),
  );
  const render = () => {
    const st = settingsStore.getState();
    // Choosing a learner applies their profile: the sliders show it.
    sensitivity.value = String(st.sensitivity);
    modeSelect.value = st.mode;
    volume.value = String(st.volume);
    mute.checked = st.muted;
  };
  render();
  settingsStore.subscribe(render);

  return [
    h('div', { class: 'row' }, unlockButton, lockText),
    h(
      'section',
      { 'aria-label': 'Sound', class: 'grid' },
      h('label', { for: 'mode' }, 'How Attune answers'),
      modeSelect,
      h('label', { for: 'volume' }, 'Volume'),
      volume,
      h('label', { for: 'mute' }, 'Mute'),
      h('div', {}, mute),
      h('label', { for: 'sensitivity' }, 'Voice sensitivity'),
      sensitivity,
    ),
  ];
}
