import { startVoiceFixturesBuild } from '../../../scripts/make-voice-fixtures.ts';

let build: ReturnType<typeof startVoiceFixturesBuild> = null;

/**
 * Starts building the generated voice recordings (~60 s of one core the first time) in a process of its own, once,
 * before the test workers start: left to the workers, each file that needs them would build its own copy at the
 * same time. Only three media files read them, and they wait for the build (ensureVoiceFixtures); every other file
 * runs beside it, where before the whole run waited.
 */
export function setup(): void {
  build = startVoiceFixturesBuild();
}

export function teardown(): void {
  build?.stop();
}
