import { sessionStore } from '../state/stores.ts';
import type { Stage } from './stage.ts';

/**
 * Rests the stage (a few frames a second, see stage.ts) while no session runs and the practitioner's panel is over
 * it, and brings it to full rate as a session starts or the panel is put away.
 */
export function restWhileNoSession(stage: Pick<Stage, 'setResting'>): void {
  const rest = (s = sessionStore.getState()) => stage.setResting(!s.sessionId && s.panelOpen);
  rest();
  sessionStore.subscribe((s) => rest(s));
}
