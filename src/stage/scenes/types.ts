import type { Container, Texture } from 'pixi.js';
import type { IntensityScale, Palette } from '../../core/profile.ts';
import type { LiveView } from '../../state/live.ts';

/** What every scene is made with: the shared soft-light texture, the learner's colours and intensity. */
export interface SceneContext {
  glow: Texture;
  /** A soft ring (bubbles, ripples drawn as sprites). */
  ring: Texture;
  palette: Palette;
  scale: IntensityScale;
}

/**
 * One scene on the stage. The stage's ticker calls `update` every frame with the live signals; a scene reads only
 * them, takes its sprites from pools made in its constructor (nothing allocated per frame), draws camera places
 * mirrored through the camera's own shape, fades everything (never a jump) and follows `live.stageGain`.
 */
export interface StageScene {
  readonly root: Container;
  update(live: LiveView, nowMs: number, dtMs: number, width: number, height: number): void;
  /** A touch on the stage, in stage pixels, on the performance clock. */
  touch(x: number, y: number, nowMs: number): void;
  /** Where the scene draws each hand now (stage pixels; null when not seen): only scenes that follow hands. */
  readonly handsOnStage?: readonly ({ x: number; y: number } | null)[];
  destroy(): void;
}

/**
 * The ladder of contingency awareness a scene serves, from "anything I do makes something happen" to "we take
 * turns": staff pick the scene for where a learner is.
 */
export type Rung = 'anything' | 'where' | 'myself' | 'touch' | 'turns';

export interface SceneDefinition<P extends object = object> {
  /** Stored in profiles and logged in the scene tag: never change one. */
  readonly id: string;
  /** The panel's name for it. */
  readonly label: string;
  readonly rung: Rung;
  /** Every knob of the scene, declared once with its reason. */
  readonly params: Readonly<P>;
  create(ctx: SceneContext): StageScene;
}
