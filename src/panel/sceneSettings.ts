import { INTENSITIES, type Intensity, PALETTES, type PaletteId } from '../core/profile.ts';
import { SCENE_CATALOGUE } from '../stage/scenes/catalogue.ts';
import { settingsStore } from '../state/stores.ts';
import { onStaffLock } from '../ui/dialog.ts';
import { h } from '../ui/dom.ts';

/**
 * The learner's stage: the scene (any time, even in a session: the switch is a fade and is logged), and behind
 * the staff PIN the colours, the intensity and how small a movement counts. Every change is kept in the chosen
 * learner's profile and comes back when they are chosen again.
 */
export function createSceneSettings(): HTMLElement {
  const scene = h(
    'select',
    { id: 'scene' },
    ...SCENE_CATALOGUE.map((s) => h('option', { value: s.id }, s.label)),
  );
  const palette = h(
    'select',
    { id: 'palette' },
    ...PALETTES.map((p) => h('option', { value: p.id }, p.label)),
  );
  const intensity = h(
    'select',
    { id: 'intensity' },
    ...INTENSITIES.map((i) => h('option', { value: i.id }, i.label)),
  );
  const movement = h('input', { id: 'movement-sensitivity', type: 'range', min: 0, max: 1, step: 0.05 });

  // Colours, intensity and movement sensitivity are a learner's safety and comfort: staff only. The scene is
  // what the practitioner follows the learner with, so it changes without the PIN.
  const lockable = [palette, intensity, movement];
  onStaffLock((unlocked) => {
    for (const c of lockable) c.disabled = !unlocked;
  });
  scene.addEventListener('change', () => settingsStore.setState({ scene: scene.value }));
  palette.addEventListener('change', () => settingsStore.setState({ palette: palette.value as PaletteId }));
  intensity.addEventListener('change', () =>
    settingsStore.setState({ intensity: intensity.value as Intensity }),
  );
  movement.addEventListener('input', () =>
    settingsStore.setState({ movementSensitivity: Number(movement.value) }),
  );
  const render = () => {
    const st = settingsStore.getState();
    scene.value = st.scene;
    palette.value = st.palette;
    intensity.value = st.intensity;
    movement.value = String(st.movementSensitivity);
  };
  render();
  settingsStore.subscribe(render);

  return h(
    'section',
    { 'aria-label': 'Stage', class: 'grid' },
    h('label', { for: 'scene' }, 'Scene'),
    scene,
    h('label', { for: 'palette' }, 'Colours'),
    palette,
    h('label', { for: 'intensity' }, 'Intensity'),
    intensity,
    h('label', { for: 'movement-sensitivity' }, 'Movement sensitivity'),
    movement,
  );
}
