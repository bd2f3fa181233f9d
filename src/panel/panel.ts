import type { VoiceParty } from '../core/audio/attribution.ts';
import { ALL_TAGS, type TagDefinition } from '../core/fundamentals.ts';
import type { Learner } from '../core/records.ts';
import { RESPONSE_MODES, type ResponseMode } from '../core/respond/modes.ts';
import { ENROL_MS } from '../engine/voiceIdentity.ts';
import type { RoomCheck } from '../sensing/mic.ts';
import type { LiveView } from '../state/live.ts';
import { type DeviceStatus, type SessionState, sessionStore, settingsStore } from '../state/stores.ts';
import { isStaffUnlocked, requestPin, UNLOCK_MS } from '../ui/dialog.ts';
import { h } from '../ui/dom.ts';
import { KEY_TABLE, keyFor } from './keys.ts';
import { drawPreview, setPreviewTapHandler, tapHint } from './preview.ts';

/** What the panel asks of the engine (src/engine/engine.ts has each of these) and of review. */
export interface PanelActions {
  addLearner(pseudonym: string): Promise<void>;
  chooseLearner(id: string | null): Promise<void>;
  startSession(): Promise<void>;
  endSession(): Promise<void>;
  showPanel(open: boolean): void;
  /** The practitioner tapped the learner in the preview (a point of the unmirrored camera image). */
  markLearner(point: { x: number; y: number }): void;
  /** Listens to the room for 3 s and sets the noise floor; null when no microphone answers. */
  roomCheck(): Promise<RoomCheck | null>;
  /** Starts the 3-second "hold still" calibration of the movement thresholds. */
  holdStill(): void;
  tag(tag: TagDefinition): void;
  note(text: string): void;
  /** Records a few seconds of one voice and enrols it for the chosen learner; the message says how it went. */
  recordVoice(party: VoiceParty): Promise<{ ok: boolean; message: string }>;
}

/** The panel renders the session store and the live signals; these are the few things asked of it directly. */
export interface Panel {
  readonly element: HTMLElement;
  /** Called every animation frame while the panel is open: meters and preview, no store traffic. */
  drawLive(video: HTMLVideoElement | null): void;
  /** Shows the key list and brings the panel up (the "?" key). */
  showKeys(): void;
  /** Brings the panel up with the note field ready to type in (the "N" key). */
  focusNote(): void;
}

const PARTY_WORDS = { learner: 'Learner', practitioner: 'Practitioner' } as const;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function describe(name: string, s: DeviceStatus): string {
  if (s.state === 'starting') return `${name}: starting…`;
  if (s.state === 'on') return `${name}: on (${s.label})`;
  return `${name}: ${s.message}`;
}

/**
 * The practitioner's panel: learner, start and end, sound, meters and the camera preview. It sits over the
 * stage; during a session it hides and comes back with the key or a long press in a corner of the stage.
 */
export function createPanel(
  host: HTMLElement,
  live: LiveView,
  actions: PanelActions,
  openReview: () => void,
): Panel {
  const learnerSelect = h('select', { id: 'learner' });
  const newLearner = h('input', { id: 'new-learner', type: 'text', autocomplete: 'off', maxlength: 40 });
  const addButton = h('button', { type: 'button' }, 'Add learner');
  const startButton = h('button', { type: 'button', class: 'primary' }, 'Start session');
  const endButton = h('button', { type: 'button', class: 'danger' }, 'End session');
  const reviewButton = h('button', { type: 'button' }, 'Review sessions');
  const hideButton = h('button', { type: 'button' }, 'Hide panel');
  const volume = h('input', { id: 'volume', type: 'range', min: 0, max: 1, step: 0.05 });
  const mute = h('input', { id: 'mute', type: 'checkbox' });
  const sensitivity = h('input', { id: 'sensitivity', type: 'range', min: 0, max: 1, step: 0.05 });
  // A meter of our own rather than <meter>: it must show where the voice threshold sits, so that staff can
  // see what sensitivity does (a sound has to reach the line to count).
  const voiceFill = h('span', { class: 'level-fill' });
  const voiceLine = h('span', { class: 'level-threshold', title: 'Voice threshold' });
  const voiceMeter = h(
    'span',
    {
      id: 'voice-meter',
      role: 'meter',
      'aria-valuemin': -90,
      'aria-valuemax': 0,
      'aria-label': 'Voice level',
      class: 'level',
    },
    voiceFill,
    voiceLine,
  );
  const roomCheckButton = h('button', { type: 'button' }, 'Room check');
  const roomCheckText = h('span', { class: 'hint', role: 'status' });
  const holdStillButton = h('button', { type: 'button' }, 'Hold still (3 s)');
  const holdStillText = h('span', { class: 'hint', role: 'status' });
  const moveMeter = h('meter', { id: 'move-meter', min: 0, max: 3, high: 1, optimum: 1 });
  const voiceText = h('span', { class: 'meter-value' });
  const preview = h('canvas', {
    width: 320,
    height: 240,
    'aria-label': 'Camera preview with the body landmarks Attune sees',
    role: 'img',
  });
  const tapText = h('p', { class: 'hint', role: 'status' }, tapHint(null));
  const statusList = h('ul', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const problems = h('p', { class: 'problem', role: 'alert' });
  const countsText = h('p', { class: 'counts', 'aria-live': 'off' });
  const unlockButton = h('button', { type: 'button' }, 'Unlock settings');
  const lockText = h('span', { class: 'hint' });
  const modeSelect = h(
    'select',
    { id: 'mode' },
    ...RESPONSE_MODES.map((m) => h('option', { value: m.mode }, m.label)),
  );
  const calmButton = h('button', { type: 'button', 'aria-pressed': 'false', class: 'calm' }, 'Calm');
  const holderText = h('output', { id: 'turn-holder', class: 'big' });
  const sequenceText = h('output', { id: 'turn-sequence', class: 'big' });
  const latencyText = h('output', { id: 'turn-latency', class: 'big' });
  const turnFigures = h('p', { class: 'hint' });
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
  // Whose voice: a few seconds of each voice, recorded here, let Attune tell the two apart.
  const voiceParts = (['learner', 'practitioner'] as const).map((party) => {
    const button = h(
      'button',
      { type: 'button' },
      `Record ${party === 'learner' ? 'learner' : 'practitioner'}’s voice (${ENROL_MS / 1000} s)`,
    );
    const status = h('span', { class: 'hint', role: 'status', id: `voice-status-${party}` });
    return { party, button, status };
  });
  const voiceCorrection = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  let hasVoices = false;
  let recordingVoice = false;
  const keysButton = h(
    'button',
    { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'key-list' },
    'Keys',
  );
  const keyList = h(
    'dl',
    { id: 'key-list', class: 'keys' },
    ...KEY_TABLE.flatMap((b) => [h('dt', {}, h('kbd', {}, b.key.toUpperCase())), h('dd', {}, b.label)]),
  );
  keyList.hidden = true;

  const controls = h(
    'div',
    { class: 'column' },
    h(
      'section',
      { 'aria-label': 'Learner', class: 'grid' },
      h('label', { for: 'learner' }, 'Learner'),
      learnerSelect,
      h('label', { for: 'new-learner' }, 'New learner (pseudonym)'),
      h('div', { class: 'row' }, newLearner, addButton),
    ),
    h('section', { 'aria-label': 'Session', class: 'row' }, startButton, endButton, hideButton, reviewButton),
    countsText,
    problems,
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
    h(
      'section',
      { 'aria-label': 'Voices' },
      h('h2', {}, 'Voices'),
      h(
        'p',
        { class: 'hint' },
        `Record each voice alone, close to the microphone. During a session, press ${keyFor('voice', 'learner')} or ${keyFor('voice', 'practitioner')} to say whose the last vocalisation was.`,
      ),
      h('div', { class: 'grid' }, ...voiceParts.flatMap((v) => [v.button, v.status])),
      voiceCorrection,
    ),
  );
  // Settings belong to staff: they stay locked until the staff PIN is given, and lock again after a while.
  const lockable = [modeSelect, volume, mute, sensitivity];
  let relock: number | null = null;
  const setLocked = (locked: boolean) => {
    for (const c of lockable) c.disabled = locked;
    unlockButton.hidden = !locked;
    lockText.textContent = locked ? 'Settings are locked.' : 'Settings unlocked for five minutes.';
  };
  setLocked(!isStaffUnlocked());
  unlockButton.addEventListener('click', async () => {
    if (!(await requestPin('change the settings'))) return;
    setLocked(false);
    if (relock !== null) window.clearTimeout(relock);
    relock = window.setTimeout(() => setLocked(!isStaffUnlocked()), UNLOCK_MS + 50);
  });

  const live_ = h(
    'section',
    { 'aria-label': 'Turn-taking now', class: 'turns' },
    h('div', {}, h('label', { for: 'turn-holder' }, 'Turn'), holderText),
    h('div', {}, h('label', { for: 'turn-sequence' }, 'Sequence'), sequenceText),
    h('div', {}, h('label', { for: 'turn-latency' }, 'Last response time'), latencyText),
  );
  const tags = h(
    'section',
    { 'aria-label': 'Tags' },
    h('div', { class: 'row' }, h('h2', {}, 'Tag a moment'), keysButton, calmButton),
    keyList,
    h('div', { class: 'tags' }, ...tagButtons),
    tagConfirm,
    h('div', { class: 'row' }, h('label', { for: 'note' }, 'Note'), noteInput, noteButton),
  );
  const senses = h(
    'div',
    { class: 'column' },
    live_,
    turnFigures,
    h(
      'section',
      { 'aria-label': 'What Attune hears and sees', class: 'grid' },
      h('label', { for: 'voice-meter' }, 'Voice level'),
      h('span', { class: 'row' }, voiceMeter, voiceText),
      h('span', {}),
      h('span', { class: 'row' }, roomCheckButton, roomCheckText),
      h('label', { for: 'move-meter' }, 'Movement'),
      moveMeter,
      h('span', {}),
      h('span', { class: 'row' }, holdStillButton, holdStillText),
    ),
    preview,
    tapText,
    statusList,
  );
  const element = h(
    'aside',
    { class: 'panel', role: 'dialog', 'aria-label': 'Practitioner panel', 'aria-modal': 'false' },
    h(
      'header',
      {},
      h('h1', {}, 'Attune'),
      h(
        'p',
        { class: 'hint' },
        `Press ${keyFor('panel')} to show or hide this panel during a session, or hold a corner of the board for two seconds.`,
      ),
    ),
    h('div', { class: 'columns' }, controls, senses),
    tags,
  );
  host.append(element);

  addButton.addEventListener('click', async () => {
    const name = newLearner.value.trim();
    if (!name) {
      problems.textContent = 'Type a pseudonym for the learner first (not their real name).';
      newLearner.focus();
      return;
    }
    await actions.addLearner(name);
    newLearner.value = '';
  });
  newLearner.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') addButton.click();
  });
  learnerSelect.addEventListener('change', () => void actions.chooseLearner(learnerSelect.value || null));
  startButton.addEventListener('click', async () => {
    await actions.startSession();
    // The stage fills the board; this click is the gesture a browser asks for before going full screen.
    if (sessionStore.getState().sessionId !== null)
      await document.documentElement.requestFullscreen?.().catch(() => undefined);
  });
  endButton.addEventListener('click', async () => {
    await actions.endSession();
    if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
  });
  reviewButton.addEventListener('click', () => openReview());
  hideButton.addEventListener('click', () => actions.showPanel(false));
  setPreviewTapHandler((point) => actions.markLearner(point));

  holdStillButton.addEventListener('click', () => {
    // The learner's own stillness (breathing, small fidgets) becomes the baseline movement must rise above.
    actions.holdStill();
    holdStillButton.disabled = true;
    holdStillText.textContent = 'Learning what stillness looks like: 3 seconds…';
    window.setTimeout(() => {
      holdStillButton.disabled = false;
      holdStillText.textContent = 'Movement threshold set from 3 seconds of stillness.';
    }, 3000);
  });
  roomCheckButton.addEventListener('click', async () => {
    roomCheckButton.disabled = true;
    roomCheckText.textContent = 'Listening to the room for 3 seconds: please keep quiet…';
    const r = await actions.roomCheck();
    roomCheckButton.disabled = false;
    roomCheckText.textContent = r
      ? `Room noise ${Math.round(r.noiseFloorDbfs)} dB; a voice counts from ${Math.round(r.thresholdDbfs)} dB.`
      : 'No answer from the microphone: check it is connected, or try again in a moment.';
  });

  const renderVoiceButtons = (s: SessionState) => {
    // Not during a session: the recording would also be logged as the learner's vocalisations.
    const off = !hasVoices || recordingVoice || s.learnerId === null || s.sessionId !== null;
    for (const v of voiceParts) v.button.disabled = off;
  };
  for (const v of voiceParts) {
    v.button.addEventListener('click', async () => {
      recordingVoice = true;
      renderVoiceButtons(sessionStore.getState());
      v.status.textContent = `Recording for ${ENROL_MS / 1000} seconds: only the ${v.party} makes sounds now…`;
      try {
        const r = await actions.recordVoice(v.party);
        v.status.textContent = r.message;
      } finally {
        recordingVoice = false;
        renderVoiceButtons(sessionStore.getState());
      }
    });
  }

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
  const toggleKeys = (show = keyList.hidden) => {
    keyList.hidden = !show;
    keysButton.setAttribute('aria-expanded', String(show));
  };
  keysButton.addEventListener('click', () => toggleKeys());
  calmButton.addEventListener('click', () =>
    settingsStore.setState({ calm: !settingsStore.getState().calm }),
  );
  modeSelect.addEventListener('change', () =>
    settingsStore.setState({ mode: modeSelect.value as ResponseMode }),
  );

  const settings = settingsStore.getState();
  modeSelect.value = settings.mode;
  volume.value = String(settings.volume);
  mute.checked = settings.muted;
  sensitivity.value = String(settings.sensitivity);
  volume.addEventListener('input', () => settingsStore.setState({ volume: Number(volume.value) }));
  mute.addEventListener('change', () => settingsStore.setState({ muted: mute.checked }));
  sensitivity.addEventListener('input', () =>
    settingsStore.setState({ sensitivity: Number(sensitivity.value) }),
  );

  let shownLearners: { learners: Learner[]; id: string | null } | null = null;
  let shownVoices: SessionState['voices'] | undefined;
  const setLearners = (learners: Learner[], selectedId: string | null) => {
    learnerSelect.replaceChildren(
      h(
        'option',
        { value: '', disabled: true, selected: selectedId === null },
        learners.length ? 'Choose a learner' : 'No learners yet',
      ),
      ...learners.map((l) => h('option', { value: l.id, selected: l.id === selectedId }, l.pseudonym)),
    );
  };
  const setVoices = (status: Record<VoiceParty, string> | null) => {
    hasVoices = status !== null;
    for (const v of voiceParts) {
      v.status.textContent = status === null ? 'Choose a learner first.' : status[v.party];
    }
    renderVoiceButtons(sessionStore.getState());
  };
  const render = (s: SessionState) => {
    element.hidden = !s.panelOpen;
    if (shownLearners?.learners !== s.learners || shownLearners.id !== s.learnerId) {
      shownLearners = { learners: s.learners, id: s.learnerId };
      setLearners(s.learners, s.learnerId);
    }
    if (shownVoices !== s.voices) {
      shownVoices = s.voices;
      setVoices(s.voices);
    }
    // Written only on a change: a live region re-announces every write.
    if (voiceCorrection.textContent !== s.voiceCorrection) voiceCorrection.textContent = s.voiceCorrection;
    const running = s.sessionId !== null;
    startButton.disabled = running || s.learnerId === null;
    endButton.disabled = !running;
    learnerSelect.disabled = running;
    hideButton.disabled = !running;
    reviewButton.disabled = running;
    statusList.replaceChildren(
      h('li', {}, describe('Camera', s.camera)),
      h('li', {}, describe('Microphone', s.microphone)),
      h('li', {}, describe('Body tracking', s.vision)),
    );
    problems.textContent = s.logProblem ?? '';
    const t = s.turns;
    holderText.textContent = running ? (t.holder ? PARTY_WORDS[t.holder] : 'Nobody yet') : '–';
    sequenceText.textContent = running
      ? t.sequenceTurns > 1
        ? `${t.sequenceTurns} turns`
        : 'None running'
      : '–';
    latencyText.textContent =
      running && t.lastLatencyMs !== null && t.lastLatencyParty
        ? `${seconds(t.lastLatencyMs)} (${PARTY_WORDS[t.lastLatencyParty].toLowerCase()})`
        : '–';
    turnFigures.textContent = running
      ? `Exchanges ${t.exchanges}, learner initiations ${t.initiations}.`
      : '';
    tagConfirm.textContent = s.lastTag ? `Tagged “${s.lastTag.label}” at ${seconds(s.lastTag.atMs)}.` : '';
    for (const b of tagButtons) b.disabled = !running;
    noteButton.disabled = !running;
    renderVoiceButtons(s);
    countsText.textContent = running
      ? `Session running. Vocalisations ${s.counts.vocal}, movements ${s.counts.movement}, touches ${s.counts.touch}.`
      : s.learnerId === null
        ? 'Choose or add a learner to start.'
        : 'Ready to start.';
  };
  render(sessionStore.getState());
  sessionStore.subscribe(render);
  const renderSettings = () => {
    const st = settingsStore.getState();
    calmButton.setAttribute('aria-pressed', String(st.calm));
    calmButton.textContent = st.calm ? 'Calm is on' : 'Calm';
    modeSelect.value = st.mode;
    volume.value = String(st.volume);
    mute.checked = st.muted;
  };
  renderSettings();
  settingsStore.subscribe(renderSettings);

  return {
    element,
    drawLive(video) {
      const pct = (db: number) => `${Math.min(100, Math.max(0, ((db + 90) / 90) * 100)).toFixed(1)}%`;
      voiceFill.style.width = pct(live.levelDbfs);
      voiceLine.style.left = pct(live.thresholdDbfs);
      voiceMeter.setAttribute('aria-valuenow', String(Math.round(Math.max(-90, live.levelDbfs))));
      voiceMeter.setAttribute(
        'aria-valuetext',
        `${Math.round(live.levelDbfs)} dB, threshold ${Math.round(live.thresholdDbfs)} dB`,
      );
      voiceText.textContent = `${Math.round(live.levelDbfs)} dB`;
      moveMeter.value = live.motion;
      drawPreview(preview, video, live);
      const hint = tapHint(live.learnerTap);
      // Written only on a change: a live region re-announces every write.
      if (tapText.textContent !== hint) tapText.textContent = hint;
    },
    showKeys() {
      toggleKeys(true);
      actions.showPanel(true);
      keysButton.focus();
    },
    focusNote() {
      actions.showPanel(true);
      noteInput.focus();
    },
  };
}
