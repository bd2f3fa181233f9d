import { DEFAULT_SCENE } from '../../core/profile.ts';
import { bubbles } from './bubbles.ts';
import { SCENE_CATALOGUE, type SceneId } from './catalogue.ts';
import { echo } from './echo.ts';
import { glow } from './glow.ts';
import { shadow } from './shadow.ts';
import { swarm } from './swarm.ts';
import { trails } from './trails.ts';
import type { SceneDefinition } from './types.ts';

const BY_ID: Readonly<Record<SceneId, SceneDefinition>> = { glow, trails, swarm, shadow, bubbles, echo };

/** Every scene, in the catalogue's order (the ladder): the stage draws them, tests iterate over them. */
export const SCENES: readonly SceneDefinition[] = SCENE_CATALOGUE.map((s) => BY_ID[s.id]);

/** The scene with this id; an unknown id (a profile from a newer Attune) gets the default scene. */
export function sceneById(id: string): SceneDefinition {
  return BY_ID[id as SceneId] ?? BY_ID[DEFAULT_SCENE as SceneId];
}
