import { createStore } from 'zustand/vanilla';
import type { VoiceParty } from '../core/audio/attribution.ts';
import { DEFAULT_PROFILE, type Intensity, type PaletteId } from '../core/profile.ts';
import type { Learner } from '../core/records.ts';
import type { ResponseMode } from '../core/respond/modes.ts';
import type { TurnsProblem } from '../core/turns/countable.ts';
import type { Person } from '../core/turns/segments.ts';

/** Whether a sensor is working, and if not, why, in words the panel can show as they are. */
export type DeviceStatus =
  | { state: 'starting' }
  | { state: 'on'; label: string }
  | { state: 'missing' | 'denied' | 'failed'; message: string };

export interface SettingsState {
  /** Practitioner's volume cap, 0..1: the learner has no way to change it. */
  volume: number;
  muted: boolean;
  /** 0..1: higher hears softer sounds. */
  sensitivity: number;
  mode: ResponseMode;
  /** Everything faded to slow, soft, low contrast. */
  calm: boolean;
  /** The stage: scene, colours and intensity (the chosen learner's profile, core/profile.ts). */
  scene: string;
  palette: PaletteId;
  intensity: Intensity;
  /** 0..1: higher counts smaller movements. */
  movementSensitivity: number;
}

/** What the practitioner's live turn view shows. */
export interface TurnView {
  holder: Person | null;
  /** Turns in the running sequence (0 when none is running). */
  sequenceTurns: number;
  lastLatencyMs: number | null;
  lastLatencyParty: Person | null;
  exchanges: number;
  initiations: number;
}

/** A member of staff whose voice is recorded on this computer. */
export interface StaffChoice {
  id: string;
  name: string;
  /** Their voice was recorded by an earlier version of Attune: not used until they record it again. */
  older?: boolean;
}

/**
 * The state the panel shows. The engine (src/engine/engine.ts) is its only writer; the panel and main read it
 * and subscribe to it.
 */
export interface SessionState {
  /** Every learner on this computer, by pseudonym. */
  learners: Learner[];
  learnerId: string | null;
  sessionId: string | null;
  panelOpen: boolean;
  camera: DeviceStatus;
  microphone: DeviceStatus;
  vision: DeviceStatus;
  /** Last problem with the log (for example a full disk), in plain words; null when all is well. */
  logProblem: string | null;
  counts: { vocal: number; movement: number; touch: number };
  turns: TurnView;
  /** Last tag added, for the panel to confirm it (label and session time). */
  lastTag: { label: string; atMs: number } | null;
  /** The chosen learner's enrolled voices, a line per party; null when no learner is chosen. */
  voices: Record<VoiceParty, string> | null;
  /** What the last whose-voice key did, in words ('' before any). */
  voiceCorrection: string;
  /** Staff voices recorded on this computer, and who is running sessions (remembered); null when nobody is chosen. */
  staff: StaffChoice[];
  staffId: string | null;
  /** Why turns cannot be counted now, each with the one thing that fixes it (empty when they can). */
  turnsProblems: TurnsProblem[];
}

export const EMPTY_TURNS: TurnView = {
  holder: null,
  sequenceTurns: 0,
  lastLatencyMs: null,
  lastLatencyParty: null,
  exchanges: 0,
  initiations: 0,
};

export const settingsStore = createStore<SettingsState>(() => ({
  volume: 0.6,
  muted: false,
  sensitivity: 0.5,
  mode: 'mirror',
  calm: false,
  scene: DEFAULT_PROFILE.scene,
  palette: DEFAULT_PROFILE.palette,
  intensity: DEFAULT_PROFILE.intensity,
  movementSensitivity: DEFAULT_PROFILE.movementSensitivity,
}));

export const sessionStore = createStore<SessionState>(() => ({
  learners: [],
  learnerId: null,
  sessionId: null,
  panelOpen: true,
  camera: { state: 'starting' },
  microphone: { state: 'starting' },
  vision: { state: 'starting' },
  logProblem: null,
  counts: { vocal: 0, movement: 0, touch: 0 },
  turns: EMPTY_TURNS,
  lastTag: null,
  voices: null,
  voiceCorrection: '',
  staff: [],
  staffId: null,
  turnsProblems: [],
}));
