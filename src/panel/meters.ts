import type { LiveView } from '../state/live.ts';
import { requestPin } from '../ui/dialog.ts';
import { h, setLiveText } from '../ui/dom.ts';
import type { PanelActions } from './panel.ts';

export interface Meters {
  readonly element: HTMLElement;
  /** Twenty times a second while the panel is open (panel/liveDrawing.ts). */
  draw(live: LiveView): void;
}

/** Where a level in dBFS (-90..0) falls along the voice meter. */
function along(db: number): string {
  return `${Math.min(100, Math.max(0, ((db + 90) / 90) * 100)).toFixed(1)}%`;
}

/** The voice meter with the room check that sets its threshold. */
function voiceLevel(actions: Pick<PanelActions, 'roomCheck'>) {
  // A meter of our own rather than <meter>: it must show where the voice threshold sits, so that staff can
  // see what sensitivity does (a sound has to reach the line to count).
  const fill = h('span', { class: 'level-fill' });
  const line = h('span', { class: 'level-threshold', title: 'Voice threshold' });
  const meter = h(
    'span',
    {
      id: 'voice-meter',
      role: 'meter',
      'aria-valuemin': -90,
      'aria-valuemax': 0,
      'aria-label': 'Voice level',
      class: 'level',
    },
    fill,
    line,
  );
  const valueText = h('span', { class: 'meter-value' });
  const checkButton = h('button', { type: 'button' }, 'Room check');
  const checkText = h('span', { class: 'hint', role: 'status' });
  checkButton.addEventListener('click', async () => {
    // It sets what counts as a voice for every session after it: staff only.
    if (!(await requestPin('check the room'))) return;
    checkButton.disabled = true;
    checkText.textContent = 'Listening to the room for 3 seconds: please keep quiet…';
    const r = await actions.roomCheck();
    checkButton.disabled = false;
    checkText.textContent = r
      ? `Room noise ${Math.round(r.noiseFloorDbfs)} dB; a voice counts from ${Math.round(r.thresholdDbfs)} dB.`
      : 'No answer from the microphone: check it is connected, or try again in a moment.';
  });
  // Set again only when the level or the threshold moved: a style or attribute set to the value it had still makes
  // the browser draw the panel again (measured: an idle panel redrawn 20 times a second, ~0.05 of a core).
  let drawn = '';
  const draw = (live: LiveView) => {
    const key = `${live.levelDbfs}|${live.thresholdDbfs}`;
    if (key === drawn) return;
    drawn = key;
    fill.style.width = along(live.levelDbfs);
    line.style.left = along(live.thresholdDbfs);
    meter.setAttribute('aria-valuenow', String(Math.round(Math.max(-90, live.levelDbfs))));
    meter.setAttribute(
      'aria-valuetext',
      `${Math.round(live.levelDbfs)} dB, threshold ${Math.round(live.thresholdDbfs)} dB`,
    );
    // Only when it changes: setting the same text still replaces the text node, so the panel was laid out and
    // painted again 20 times a second with nothing new (on software GL, a third of a core in the compositor).
    setLiveText(valueText, `${Math.round(live.levelDbfs)} dB`);
  };
  return {
    reading: h('span', { class: 'row' }, meter, valueText),
    check: h('span', { class: 'row' }, checkButton, checkText),
    draw,
  };
}

/** The movement meter with the "hold still" calibration that sets its threshold. */
function movement(actions: Pick<PanelActions, 'holdStill'>) {
  const meter = h('meter', { id: 'move-meter', min: 0, max: 3, high: 1, optimum: 1 });
  const stillButton = h('button', { type: 'button' }, 'Hold still (3 s)');
  const stillText = h('span', { class: 'hint', role: 'status' });
  stillButton.addEventListener('click', async () => {
    // It sets what counts as movement: staff only.
    if (!(await requestPin('set the movement threshold'))) return;
    // The learner's own stillness (breathing, small fidgets) becomes the baseline movement must rise above.
    actions.holdStill();
    stillButton.disabled = true;
    stillText.textContent = 'Learning what stillness looks like: 3 seconds…';
    window.setTimeout(() => {
      stillButton.disabled = false;
      stillText.textContent = 'Movement threshold set from 3 seconds of stillness.';
    }, 3000);
  });
  return { meter, calibrate: h('span', { class: 'row' }, stillButton, stillText) };
}

/** What Attune hears and sees, as meters, with the two calibrations staff run before a session. */
export function createMeters(actions: Pick<PanelActions, 'roomCheck' | 'holdStill'>): Meters {
  const voice = voiceLevel(actions);
  const move = movement(actions);
  // The meter's own value is clamped to its range, so it cannot tell whether the motion changed.
  let motionDrawn = Number.NaN;
  return {
    element: h(
      'section',
      { 'aria-label': 'What Attune hears and sees', class: 'grid' },
      h('label', { for: 'voice-meter' }, 'Voice level'),
      voice.reading,
      h('span', {}),
      voice.check,
      h('label', { for: 'move-meter' }, 'Movement'),
      move.meter,
      h('span', {}),
      move.calibrate,
    ),
    draw(live) {
      voice.draw(live);
      if (live.motion !== motionDrawn) move.meter.value = motionDrawn = live.motion;
    },
  };
}
