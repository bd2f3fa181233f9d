import { createStore } from 'zustand/vanilla';
import type { ResponseMode } from '../core/respond/modes.ts';
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
  turns: TurnView;
  /** Last tag added, for the panel to confirm it (label and session time). */
  lastTag: { label: string; atMs: number } | null;
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
  turns: EMPTY_TURNS,
  lastTag: null,
}));
