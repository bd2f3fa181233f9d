import { ensureVoiceFixturesInParallel } from '../../../scripts/make-voice-fixtures.ts';

/**
 * Builds the generated voice recordings (~60 s of one core the first time) once, before the test workers start:
 * left to the workers, each file that needs them would build its own copy at the same time on a two-core
 * machine. Nothing else runs meanwhile, so the build is shared between two processes, one a core.
 */
export async function setup(): Promise<void> {
  await ensureVoiceFixturesInParallel();
}
