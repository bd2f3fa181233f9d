import type { Party, SeenEvent } from '../core/events.ts';
import { SceneAnalyser, type SceneUpdate } from '../core/motion/scene.ts';
import type { VisionResult } from '../sensing/visionProtocol.ts';
import type { LiveSignals } from '../state/live.ts';

export type BurstHandler = (startPerfMs: number, endPerfMs: number, peakEnergy: number, party: Party) => void;
/** A seen event with its times on the performance clock (the session maps them). */
export type SeenHandler = (event: SeenEvent) => void;

/**
 * The vision worker's results into the scene analyser (core/motion/scene.ts): movement bursts per party
 * (DESIGN.md: at least 200 ms, gaps under 500 ms merge), attention, smiles, closeness and distance. Times stay
 * on the performance clock; the session maps them. Until the learner is tapped in the preview, a burst with one
 * person (or nobody) in view is the learner's, and with two or more it is nobody's in particular.
 */
export class MovementWatcher {
  readonly scene = new SceneAnalyser();
  private lastPerfMs = 0;

  constructor(
    private readonly onBurst: BurstHandler,
    private readonly onSeen: SeenHandler = () => undefined,
  ) {}

  /**
   * One analysed frame. Updates the live signals (movement meter, mouth movement, who is where) and returns the
   * index of the person the stage should follow: the learner once marked.
   */
  frame(r: VisionResult, live: LiveSignals): number | undefined {
    this.lastPerfMs = r.framePerfMs;
    this.route(
      this.scene.push({
        tMs: r.framePerfMs,
        anywhereEnergy: r.motion,
        cells: r.cells,
        gridCols: r.gridCols,
        gridRows: r.gridRows,
        people: r.people,
        faces: r.faces,
      }),
    );
    live.motion = this.scene.ratio;
    live.mouthMovement.learner = this.scene.mouth.learner;
    live.mouthMovement.practitioner = this.scene.mouth.practitioner;
    if (!r.people) return undefined;
    const tracked = this.scene.people;
    live.people = tracked.map((t) => ({ box: t.box, identity: t.identity }));
    const learner = tracked.findIndex((t) => t.identity === 'learner');
    return learner >= 0 ? learner : undefined;
  }

  /** The practitioner tapped the learner in the preview, at a point of the camera's own (unmirrored) image. */
  markLearner(point: { x: number; y: number }): boolean {
    return this.scene.markLearner(point);
  }

  /** "Hold still" for 3 s: the movement thresholds relearn the stillness. */
  startCalibration(): void {
    this.route(this.scene.startCalibration(this.lastPerfMs));
  }

  /** Ends bursts and episodes under way (session end, camera lost) so they are logged, not lost. */
  flush(): void {
    this.route(this.scene.flush());
  }

  private route(updates: readonly SceneUpdate[]): void {
    for (const u of updates) {
      if (u.type === 'movement')
        this.onBurst(u.event.startMs, u.event.endMs, u.event.peakEnergy, u.event.party);
      else this.onSeen(u.event);
    }
  }
}
