import { createStore } from 'zustand/vanilla';

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
}

export interface SessionState {
  learnerId: string | null;
  sessionId: string | null;
  /** performance.now() when the running session started. */
  startedPerfMs: number | null;
  panelOpen: boolean;
  camera: DeviceStatus;
  microphone: DeviceStatus;
  vision: DeviceStatus;
  /** Last problem with the log (for example a full disk), in plain words; null when all is well. */
  logProblem: string | null;
  counts: { vocal: number; movement: number; touch: number };
}

export const settingsStore = createStore<SettingsState>(() => ({
  volume: 0.6,
  muted: false,
  sensitivity: 0.5,
}));

export const sessionStore = createStore<SessionState>(() => ({
  learnerId: null,
  sessionId: null,
  startedPerfMs: null,
  panelOpen: true,
  camera: { state: 'starting' },
  microphone: { state: 'starting' },
  vision: { state: 'starting' },
  logProblem: null,
  counts: { vocal: 0, movement: 0, touch: 0 },
}));
