import type { Rung } from './types.ts';

/**
 * Every scene's id, name and rung, in the order of the ladder they serve: from "anything I do makes something
 * happen" (Glow) to "we take turns" (Echo). Kept apart from the scenes themselves (which need pixi.js) so that
 * the panel, the tests and the benchmarks can list them anywhere; `registry.ts` holds the scenes for each id.
 * An id is stored in profiles and logged in the scene tag: never change one.
 */
export const SCENE_CATALOGUE = [
  { id: 'glow', label: 'Glow', rung: 'anything' },
  { id: 'trails', label: 'Trails', rung: 'where' },
  { id: 'swarm', label: 'Particles', rung: 'where' },
  { id: 'shadow', label: 'Mirror', rung: 'myself' },
  { id: 'bubbles', label: 'Bubbles', rung: 'touch' },
  { id: 'echo', label: 'Echo', rung: 'turns' },
] as const satisfies readonly { id: string; label: string; rung: Rung }[];

export type SceneId = (typeof SCENE_CATALOGUE)[number]['id'];
export type SceneInfo = (typeof SCENE_CATALOGUE)[number];

export function sceneInfo<I extends SceneId>(id: I): Extract<SceneInfo, { id: I }> {
  return SCENE_CATALOGUE.find((s) => s.id === id) as Extract<SceneInfo, { id: I }>;
}
