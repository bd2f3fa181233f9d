import { ensureVoiceFixtures } from '../../../scripts/make-voice-fixtures.ts';

/**
 * Builds the generated voice recordings (~40 s the first time) once, before the test workers start: left to
 * the workers, each file that needs them would build its own copy at the same time on a two-core machine.
 */
export function setup(): void {
  ensureVoiceFixtures();
}
