import type { VoiceParty } from '../core/audio/attribution.ts';
import type { TagDefinition } from '../core/fundamentals.ts';
import type { RoomCheck } from '../sensing/mic.ts';
import type { LiveView } from '../state/live.ts';
import { type SessionState, sessionStore } from '../state/stores.ts';
import { h } from '../ui/dom.ts';
import { createCameraPreview } from './cameraPreview.ts';
import { createDeviceStatus } from './deviceStatus.ts';
import { keyFor } from './keys.ts';
import { createLearnerPicker } from './learnerPicker.ts';
import { createMeters } from './meters.ts';
import { createSceneSettings } from './sceneSettings.ts';
import { createSessionControls } from './sessionControls.ts';
import { createSoundSettings } from './soundSettings.ts';
import { createTagsSection } from './tags.ts';
import { createTurnsWarning } from './turnsWarning.ts';
import { createTurnView } from './turnView.ts';
import { createVoiceEnrolment } from './voiceEnrolment.ts';

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
  /** A member of staff records their voice under their name, and is then the one running sessions. */
  recordStaffVoice(name: string): Promise<{ ok: boolean; message: string }>;
  /** Who is running sessions on this computer (remembered); null: nobody chosen. */
  chooseStaff(id: string | null): Promise<void>;
  eraseStaffVoice(id: string): Promise<void>;
  /** Forgets the chosen learner's own voice; the words say what happened. */
  resetLearnerVoice(): Promise<string>;
  /** Attributes again the chosen learner's past vocalisations left unknown; the words say what changed. */
  reattributeVoices(): Promise<string>;
  /** Marks as the learner whoever is where the learner was last session; false when nobody is there. */
  useProposedLearner(): boolean;
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
  const session = createSessionControls(actions, openReview);
  const learner = createLearnerPicker(actions, (text) => session.complain(text));
  const voices = createVoiceEnrolment(actions);
  const warning = createTurnsWarning(actions, () => voices.focusStaff());
  const turns = createTurnView();
  const meters = createMeters(actions);
  const camera = createCameraPreview((point) => actions.markLearner(point));
  const devices = createDeviceStatus();
  const tags = createTagsSection(actions);

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
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        { class: 'column' },
        learner.element,
        ...session.nodes,
        warning.element,
        ...createSoundSettings(),
        createSceneSettings(),
        voices.element,
      ),
      h('div', { class: 'column' }, ...turns.nodes, meters.element, ...camera.nodes, devices.element),
    ),
    tags.element,
  );
  host.append(element);

  const sections = [learner, session, warning, voices, turns, devices, tags];
  const render = (s: SessionState) => {
    element.hidden = !s.panelOpen;
    for (const section of sections) section.render(s);
  };
  render(sessionStore.getState());
  sessionStore.subscribe(render);

  return {
    element,
    drawLive(video) {
      meters.draw(live);
      camera.draw(video, live);
    },
    showKeys() {
      tags.showKeys();
    },
    focusNote() {
      tags.focusNote();
    },
  };
}
