import type { VoiceParty } from '../core/audio/attribution.ts';
import { ENROL_MS, NO_PRACTITIONER_TEXT, olderStaffText } from '../engine/voiceIdentity.ts';
import { type SessionState, type StaffChoice, sessionStore } from '../state/stores.ts';
import { requestPin } from '../ui/dialog.ts';
import { h, setLiveText } from '../ui/dom.ts';
import { keyFor } from './keys.ts';
import type { PanelActions } from './panel.ts';

export interface VoiceEnrolment {
  readonly element: HTMLElement;
  render(s: SessionState): void;
  /** Brings the staff voice controls into view with the right one focused (the turns warning's action). */
  focusStaff(): void;
}

type VoiceActions = Pick<
  PanelActions,
  | 'recordVoice'
  | 'recordStaffVoice'
  | 'chooseStaff'
  | 'eraseStaffVoice'
  | 'resetLearnerVoice'
  | 'reattributeVoices'
>;

function staffOptions(staff: StaffChoice[], chosen: string | null): HTMLOptionElement[] {
  return [
    h(
      'option',
      { value: '', selected: chosen === null },
      staff.length ? 'Choose who you are' : 'No staff voices yet',
    ),
    ...staff.map((s) =>
      h(
        'option',
        { value: s.id, selected: s.id === chosen },
        s.older === true ? `${s.name} (record again)` : s.name,
      ),
    ),
  ];
}

type StaffOnly = (
  button: HTMLButtonElement,
  why: string,
  run: () => Promise<string>,
  out: HTMLElement,
) => void;

interface VoiceElements {
  staffSelect: HTMLSelectElement;
  staffName: HTMLInputElement;
  staffStatus: HTMLElement;
  recordStaff: HTMLButtonElement;
  eraseStaff: HTMLButtonElement;
  learnerStatus: HTMLElement;
  recordLearner: HTMLButtonElement;
  forgetLearner: HTMLButtonElement;
  relabel: HTMLButtonElement;
  said: HTMLElement;
}

/** What each control does: choosing who you are at once, everything else behind the PIN. */
function wireButtons(el: VoiceElements, actions: VoiceActions, staffOnly: StaffOnly): void {
  const { staffSelect, staffName, staffStatus, recordStaff, eraseStaff, learnerStatus } = el;
  const { recordLearner, forgetLearner, relabel, said } = el;
  staffSelect.addEventListener('change', () => void actions.chooseStaff(staffSelect.value || null));
  staffOnly(
    recordStaff,
    'record a staff voice',
    async () => {
      const s = sessionStore.getState();
      const name = staffName.value.trim() || (s.staff.find((x) => x.id === s.staffId)?.name ?? '');
      if (name === '') {
        staffName.focus();
        return 'Type your name (or initials) first, then record.';
      }
      staffStatus.textContent = `Recording for ${ENROL_MS / 1000} seconds: only you speak now…`;
      const r = await actions.recordStaffVoice(name);
      if (r.ok) staffName.value = '';
      return r.message;
    },
    said,
  );
  staffOnly(
    eraseStaff,
    'erase a staff voice',
    async () => {
      const s = sessionStore.getState();
      const who = s.staff.find((x) => x.id === s.staffId);
      if (!who) return 'Choose whose voice to erase first.';
      await actions.eraseStaffVoice(who.id);
      return `${who.name}’s voice is erased from this computer.`;
    },
    said,
  );
  staffOnly(
    recordLearner,
    'record the learner’s voice',
    async () => {
      learnerStatus.textContent = `Recording for ${ENROL_MS / 1000} seconds: only the learner makes sounds now…`;
      return (await actions.recordVoice('learner' satisfies VoiceParty)).message;
    },
    said,
  );
  staffOnly(forgetLearner, 'forget the learner’s voice', () => actions.resetLearnerVoice(), said);
  staffOnly(relabel, 'label past vocalisations again', () => actions.reattributeVoices(), said);
}

/**
 * Whose voice: each member of staff records their voice once (kept on this computer under their name) and
 * chooses who they are before a session (remembered); the learner's voice is optional (without it they are the
 * voice that is not the practitioner's, and it is learnt from their sessions). Recording, erasing and relabelling
 * past sessions are staff-only (the PIN).
 */
export function createVoiceEnrolment(actions: VoiceActions): VoiceEnrolment {
  const staffSelect = h('select', { id: 'staff' });
  const staffName = h('input', { id: 'staff-name', type: 'text', autocomplete: 'off', maxlength: 40 });
  const recordStaff = h('button', { type: 'button' }, `Record my voice (${ENROL_MS / 1000} s)`);
  const eraseStaff = h('button', { type: 'button', class: 'danger' }, 'Erase my voice');
  const staffStatus = h('p', { class: 'hint', role: 'status', id: 'voice-status-practitioner' });
  const recordLearner = h('button', { type: 'button' }, `Record learner’s voice (${ENROL_MS / 1000} s)`);
  const forgetLearner = h('button', { type: 'button' }, 'Forget learner’s voice');
  const relabel = h('button', { type: 'button' }, 'Label past vocalisations again');
  const learnerStatus = h('p', { class: 'hint', role: 'status', id: 'voice-status-learner' });
  const said = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  const correction = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  let busy = false;

  const renderButtons = (s: SessionState) => {
    // Not during a session: a recording would also be logged as vocalisations, and who runs it is fixed at Start.
    const running = s.sessionId !== null;
    staffSelect.disabled = running;
    recordStaff.disabled = busy || running;
    eraseStaff.disabled = busy || running || s.staffId === null;
    const noLearner = busy || running || s.learnerId === null;
    recordLearner.disabled = noLearner;
    forgetLearner.disabled = noLearner;
    relabel.disabled = noLearner;
  };
  /** Runs a staff-only action behind the PIN, one at a time, showing what it says. */
  const staffOnly = (
    button: HTMLButtonElement,
    why: string,
    run: () => Promise<string>,
    out: HTMLElement,
  ) => {
    button.addEventListener('click', async () => {
      if (!(await requestPin(why))) return;
      busy = true;
      renderButtons(sessionStore.getState());
      try {
        out.textContent = await run();
      } finally {
        busy = false;
        renderButtons(sessionStore.getState());
      }
    });
  };

  wireButtons(
    {
      staffSelect,
      staffName,
      staffStatus,
      recordStaff,
      eraseStaff,
      learnerStatus,
      recordLearner,
      forgetLearner,
      relabel,
      said,
    },
    actions,
    staffOnly,
  );

  let shownStaff: { staff: StaffChoice[]; id: string | null } | null = null;
  let shownVoices: SessionState['voices'] | undefined;
  return {
    element: h(
      'section',
      { 'aria-label': 'Voices' },
      h('h2', {}, 'Voices'),
      h(
        'p',
        { class: 'hint' },
        `Each member of staff records their voice once; Attune then knows the learner as the other voice. During a session, press ${keyFor('voice', 'learner')} or ${keyFor('voice', 'practitioner')} to say whose the last vocalisation was.`,
      ),
      h(
        'div',
        { class: 'grid' },
        h('label', { for: 'staff' }, 'Who is running the session'),
        staffSelect,
        h('label', { for: 'staff-name' }, 'Your name (staff)'),
        h('div', { class: 'row' }, staffName, recordStaff, eraseStaff),
      ),
      staffStatus,
      h('div', { class: 'row' }, recordLearner, forgetLearner, relabel),
      learnerStatus,
      said,
      correction,
    ),
    render(s) {
      const staffChanged = shownStaff?.staff !== s.staff || shownStaff.id !== s.staffId;
      if (staffChanged) {
        shownStaff = { staff: s.staff, id: s.staffId };
        staffSelect.replaceChildren(...staffOptions(s.staff, s.staffId));
      }
      if (shownVoices !== s.voices || staffChanged) {
        shownVoices = s.voices;
        const chosen = s.staff.find((x) => x.id === s.staffId);
        const recorded = (c: StaffChoice) =>
          c.older === true ? olderStaffText(c.name) : `${c.name}’s voice is recorded.`;
        staffStatus.textContent =
          s.voices?.practitioner ?? (chosen ? recorded(chosen) : NO_PRACTITIONER_TEXT);
        learnerStatus.textContent = s.voices?.learner ?? 'Choose a learner first.';
      }
      setLiveText(correction, s.voiceCorrection);
      renderButtons(s);
    },
    focusStaff() {
      const target = sessionStore.getState().staff.length > 0 ? staffSelect : staffName;
      target.scrollIntoView({ block: 'center' });
      target.focus();
    },
  };
}
