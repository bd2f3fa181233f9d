import type { VoiceParty } from '../core/audio/attribution.ts';
import { ENROL_MS } from '../engine/voiceIdentity.ts';
import { type SessionState, sessionStore } from '../state/stores.ts';
import { requestPin } from '../ui/dialog.ts';
import { h, setLiveText } from '../ui/dom.ts';
import { keyFor } from './keys.ts';
import type { PanelActions } from './panel.ts';

export interface VoiceEnrolment {
  readonly element: HTMLElement;
  render(s: SessionState): void;
}

/** Whose voice: a few seconds of each voice, recorded here, let Attune tell the two apart. */
export function createVoiceEnrolment(actions: Pick<PanelActions, 'recordVoice'>): VoiceEnrolment {
  const parts = (['learner', 'practitioner'] as const).map((party) => {
    const button = h(
      'button',
      { type: 'button' },
      `Record ${party === 'learner' ? 'learner' : 'practitioner'}’s voice (${ENROL_MS / 1000} s)`,
    );
    const status = h('span', { class: 'hint', role: 'status', id: `voice-status-${party}` });
    return { party, button, status };
  });
  const correction = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  let hasVoices = false;
  let recording = false;

  const renderButtons = (s: SessionState) => {
    // Not during a session: the recording would also be logged as the learner's vocalisations.
    const off = !hasVoices || recording || s.learnerId === null || s.sessionId !== null;
    for (const v of parts) v.button.disabled = off;
  };
  for (const v of parts) {
    v.button.addEventListener('click', async () => {
      // A recording replaces the voice stored for this learner: staff only.
      if (!(await requestPin(`record the ${v.party}’s voice`))) return;
      recording = true;
      renderButtons(sessionStore.getState());
      v.status.textContent = `Recording for ${ENROL_MS / 1000} seconds: only the ${v.party} makes sounds now…`;
      try {
        const r = await actions.recordVoice(v.party);
        v.status.textContent = r.message;
      } finally {
        recording = false;
        renderButtons(sessionStore.getState());
      }
    });
  }
  const setVoices = (status: Record<VoiceParty, string> | null) => {
    hasVoices = status !== null;
    for (const v of parts) {
      v.status.textContent = status === null ? 'Choose a learner first.' : status[v.party];
    }
  };

  let shownVoices: SessionState['voices'] | undefined;
  return {
    element: h(
      'section',
      { 'aria-label': 'Voices' },
      h('h2', {}, 'Voices'),
      h(
        'p',
        { class: 'hint' },
        `Record each voice alone, close to the microphone. During a session, press ${keyFor('voice', 'learner')} or ${keyFor('voice', 'practitioner')} to say whose the last vocalisation was.`,
      ),
      h('div', { class: 'grid' }, ...parts.flatMap((v) => [v.button, v.status])),
      correction,
    ),
    render(s) {
      if (shownVoices !== s.voices) {
        shownVoices = s.voices;
        setVoices(s.voices);
      }
      setLiveText(correction, s.voiceCorrection);
      renderButtons(s);
    },
  };
}
