import type { ResponseMode } from '../respond/modes.ts';
import type { Unit } from '../units.ts';

/** Calm: the stage fades to this share of its brightness, the sound to this share of the practitioner's volume. */
export const CALM_STAGE_GAIN: Unit = 0.3;
export const CALM_VOLUME: Unit = 0.25;

export interface OutputSettings {
  /** The practitioner's volume cap, 0..1. */
  volume: Unit;
  muted: boolean;
  mode: ResponseMode;
  calm: boolean;
}

/** How much of Attune's output to let through: the stage's share of its response, and the sound's volume. */
export interface OutputLevels {
  stageGain: Unit;
  volume: Unit;
  muted: boolean;
}

/**
 * Calm and listen-only act on the output only: sensing and logging go on. Listen-only shows and sounds nothing;
 * calm keeps a dim, soft response (the stage and the sound fade to it, never jump: see core/safety/slew.ts).
 */
export function outputLevels(s: OutputSettings): OutputLevels {
  const silent = s.mode === 'listen-only';
  return {
    stageGain: silent ? 0 : s.calm ? CALM_STAGE_GAIN : 1,
    volume: s.calm ? s.volume * CALM_VOLUME : s.volume,
    muted: s.muted || silent,
  };
}
