import { DEFAULT_SCENE } from '../../core/profile.ts';
import { bubbles } from './bubbles.ts';
import { echo } from './echo.ts';
import { glow } from './glow.ts';
import { shadow } from './shadow.ts';
import { swarm } from './swarm.ts';
import { trails } from './trails.ts';
import type { SceneDefinition } from './types.ts';

/**
 * Every scene, in the order of the ladder they serve: from "anything I do makes something happen" (Glow) to
 * "we take turns" (Echo). The panel lists them in this order; tests and benchmarks iterate over it.
 */
export const SCENES: readonly SceneDefinition[] = [glow, trails, swarm, shadow, bubbles, echo];

/** The scene with this id; an unknown id (a profile from a newer Attune) gets the default scene. */
export function sceneById(id: string): SceneDefinition {
  return (
    SCENES.find((s) => s.id === id) ??
    SCENES.find((s) => s.id === DEFAULT_SCENE) ??
    (SCENES[0] as SceneDefinition)
  );
}
