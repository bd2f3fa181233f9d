import type { Vision } from './sensing/vision.ts';
import type { Voice } from './sound/voice.ts';
import type { Stage } from './stage/stage.ts';
import type { LiveSignals } from './state/live.ts';

/**
 * Read-only figures for the browser tests and the benchmark (`window.attuneDiagnostics`). Local only, like
 * everything else: nothing here is sent anywhere, and nothing here can change a setting.
 */
export interface Diagnostics {
  poseCount(): number;
  /** Where the stage currently draws each hand, in CSS pixels of the stage; null when not seen. */
  handsOnStage(): ({ x: number; y: number } | null)[];
  levelDbfs(): number;
  motionRatio(): number;
  /** Frames analysed by the vision worker, and each one's time in ms. */
  visionStats(): { frames: number; inferenceMs: number[] };
  /** Stage frame intervals since the last call, ms. */
  takeFrameTimes(): number[];
  /** Loudest sound output since the last call, dBFS (-Infinity when silent or sound not started). */
  takeSoundPeakDbfs(): number;
}

declare global {
  interface Window {
    attuneDiagnostics?: Diagnostics;
  }
}

export function installDiagnostics(deps: {
  live: LiveSignals;
  stage: Stage;
  vision: () => Vision | null;
  voice: () => Voice | null;
}): void {
  window.attuneDiagnostics = {
    poseCount: () => deps.live.poseCount,
    handsOnStage: () => deps.stage.scene.handsOnStage.map((p) => (p ? { ...p } : null)),
    levelDbfs: () => deps.live.levelDbfs,
    motionRatio: () => deps.live.motion,
    visionStats: () => deps.vision()?.stats() ?? { frames: 0, inferenceMs: [] },
    takeFrameTimes: () => deps.stage.takeFrameTimes(),
    takeSoundPeakDbfs: () => deps.voice()?.takePeakDbfs() ?? Number.NEGATIVE_INFINITY,
  };
}
