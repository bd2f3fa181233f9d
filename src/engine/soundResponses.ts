import type { SessionMs } from '../core/clock.ts';
import type { Channel, TouchEvent } from '../core/events.ts';
import {
  type MovementInput,
  MovementSound,
  movementFromGrid,
  TouchSound,
} from '../core/respond/movementSound.ts';
import type { VoiceChain } from '../sound/voice.ts';
import type { LiveView } from '../state/live.ts';

/** How often the movement tone follows the live movement: faster than the eye notices a lag, slow for the CPU. */
const FOLLOW_MS = 40;

/** What a sound response needs from the running session. */
export interface SoundResponseDeps {
  voice: VoiceChain;
  live: LiveView;
  /** Session time now. */
  now(): SessionMs;
  /** Whether Attune answers at all now (not in listen-only). */
  answering(): boolean;
  /** Logs a sound Attune made, with what caused it. */
  logResponse(startMs: SessionMs, endMs: SessionMs, cause: Channel): void;
}

/**
 * Movement and touch that sound, during a session: the movement tone follows the live motion grid (where, how
 * much) every FOLLOW_MS, a touch plays a note, and each sounding is logged as a response with its cause. The
 * decisions are core's (core/respond/movementSound.ts); this only reads the live signals and plays.
 */
export class SoundResponses {
  private readonly movement = new MovementSound();
  private readonly touches = new TouchSound();
  private readonly timer: number;

  constructor(private readonly deps: SoundResponseDeps) {
    this.timer = window.setInterval(() => this.follow(), FOLLOW_MS);
  }

  /** A touch that was logged: answered with a note (not more often than the touch sound allows). */
  touch(event: TouchEvent): void {
    if (!this.deps.answering()) return;
    const now = this.deps.now();
    const note = this.touches.touch(now, event.x, event.y);
    if (!note) return;
    this.deps.voice.touch(note.noteHz, note.pan);
    this.deps.logResponse(now, now + this.touches.params.noteMs, 'touch');
  }

  /** The session ends: a movement tone still sounding is logged to now and faded out. */
  end(): void {
    window.clearInterval(this.timer);
    const now = this.deps.now();
    const last = this.movement.flush(now);
    if (last) this.deps.logResponse(last.startMs, last.endMs, 'movement');
    this.deps.voice.movement(0, 0, 0);
  }

  private follow(): void {
    const live = this.deps.live;
    const input: MovementInput =
      live.motionCols > 0 && live.motionRows > 0
        ? movementFromGrid(live.motionCells, live.motionCols, live.motionRows)
        : { ratio: 0, x: null, y: null };
    input.ratio = Math.max(input.ratio, live.motion);
    // Listen-only: the tone fades out, and nothing it would have played is logged.
    if (!this.deps.answering()) input.ratio = 0;
    const { tone, ended } = this.movement.update(this.deps.now(), input);
    this.deps.voice.movement(tone.level, tone.noteHz, tone.pan);
    if (ended) this.deps.logResponse(ended.startMs, ended.endMs, 'movement');
  }
}
