import {
  DEFAULT_PROFILE,
  type LearnerProfile,
  movementSensitivityFactor,
  normaliseProfile,
  sameProfile,
} from '../core/profile.ts';
import type { MotionResult } from '../sensing/motionProtocol.ts';
import type { LiveSignals } from '../state/live.ts';
import { type SettingsState, settingsStore } from '../state/stores.ts';
import type { LogStore } from '../store/logStore.ts';

/** Changes are written this long after the last one, so dragging a slider is one write, not fifty. */
const SAVE_AFTER_MS = 400;

export function profileOf(s: SettingsState): LearnerProfile {
  return {
    scene: s.scene,
    palette: s.palette,
    intensity: s.intensity,
    movementSensitivity: s.movementSensitivity,
    voiceSensitivity: s.sensitivity,
    volume: s.volume,
  };
}

function settingsOf(p: LearnerProfile): Partial<SettingsState> {
  return {
    scene: p.scene,
    palette: p.palette,
    intensity: p.intensity,
    movementSensitivity: p.movementSensitivity,
    sensitivity: p.voiceSensitivity,
    volume: p.volume,
  };
}

/**
 * Each learner's profile (scene, palette, intensity, sensitivities, volume cap): applied to the settings when
 * the learner is chosen, and every change staff make while they are chosen is kept on their record.
 */
export class LearnerProfiles {
  private learnerId: string | null = null;
  private saved: LearnerProfile = { ...DEFAULT_PROFILE };
  private timer: number | null = null;

  constructor(private readonly store: LogStore) {
    settingsStore.subscribe((s) => this.changed(s));
  }

  /** Applies the learner's stored profile (the defaults for a learner with none, or nobody chosen). */
  async choose(learnerId: string | null): Promise<void> {
    this.flush();
    this.learnerId = learnerId;
    const learner = learnerId ? await this.store.learner(learnerId) : undefined;
    // A quicker later choice wins.
    if (this.learnerId !== learnerId) return;
    this.saved = normaliseProfile(learner?.profile);
    settingsStore.setState(settingsOf(this.saved));
  }

  /** Writes a change still waiting (the learner is about to change, or the page to go). */
  flush(): void {
    if (this.timer === null) return;
    window.clearTimeout(this.timer);
    this.timer = null;
    this.save();
  }

  private changed(s: SettingsState): void {
    if (!this.learnerId || sameProfile(profileOf(s), this.saved)) return;
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.save();
    }, SAVE_AFTER_MS);
  }

  private save(): void {
    const id = this.learnerId;
    if (!id) return;
    const profile = profileOf(settingsStore.getState());
    this.saved = profile;
    // A failed write loses only this setting, never logged data; the next change tries again.
    this.store.setProfile(id, profile).catch(() => {
      this.saved = { ...DEFAULT_PROFILE, scene: '' };
    });
  }
}

/** What the stage shows and how movement is counted, from the settings, into the live signals. */
export function publishLook(live: LiveSignals, s: SettingsState): void {
  const look = live.look;
  look.scene = s.scene;
  look.palette = s.palette;
  look.intensity = s.intensity;
}

export function movementSensitivityOf(s: SettingsState): number {
  return movementSensitivityFactor(s.movementSensitivity);
}

/**
 * One camera frame's grid of motion energy into the live signals, relative to the threshold in force, so the
 * stage lights where the movement the log counts happened. No allocation: the cells are copied into place.
 */
export function publishMotionCells(live: LiveSignals, m: MotionResult, threshold: number): void {
  const n = Math.min(m.cells.length, m.gridCols * m.gridRows, live.motionCells.length);
  const scale = m.ready && threshold > 0 ? 1 / threshold : 0;
  for (let i = 0; i < n; i++) live.motionCells[i] = (m.cells[i] ?? 0) * scale;
  live.motionCols = m.gridCols;
  live.motionRows = n === m.gridCols * m.gridRows ? m.gridRows : Math.floor(n / Math.max(1, m.gridCols));
  live.motionFramePerfMs = m.framePerfMs;
}
