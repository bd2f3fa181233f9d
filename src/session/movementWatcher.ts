import type { Party, SeenEvent } from '../core/events.ts';
import { MouthCueHistory } from '../core/motion/mouthCues.ts';
import { type MotionRegion, SceneAnalyser, type SceneUpdate } from '../core/motion/scene.ts';
import type { MotionResult } from '../sensing/motionProtocol.ts';
import type { VisionResult } from '../sensing/visionProtocol.ts';
import type { LiveSignals } from '../state/live.ts';

export type BurstHandler = (startPerfMs: number, endPerfMs: number, peakEnergy: number, party: Party) => void;
/** A seen event with its times on the performance clock (the session maps them). */
export type SeenHandler = (event: SeenEvent) => void;

/**
 * The vision and motion workers' results into the scene analyser (core/motion/scene.ts): movement bursts per
 * party from every camera frame's motion energy, each person's measured in the box of their latest pose
 * (DESIGN.md: at least 200 ms, gaps under 500 ms merge); attention, smiles, closeness and distance. Times stay
 * on the performance clock; the session maps them. Until the learner is tapped in the preview, a burst with one
 * person (or nobody) in view is the learner's, and with two or more it is nobody's in particular.
 */
export class MovementWatcher {
  readonly scene = new SceneAnalyser();
  /** Whose mouth moved when: asked by each vocal segment once it is final (voice attribution's live cue). */
  readonly mouthCues = new MouthCueHistory();
  private lastPerfMs = 0;

  constructor(
    private readonly onBurst: BurstHandler,
    private readonly onSeen: SeenHandler = () => undefined,
  ) {}

  /**
   * One frame the models analysed. Updates the live signals (mouth movement, who is where) and returns the index
   * of the person the stage should follow: the learner once marked.
   */
  frame(r: VisionResult, live: LiveSignals): number | undefined {
    this.route(this.scene.pushSeen({ tMs: r.framePerfMs, people: r.people, faces: r.faces }));
    const { mouth, mouthSeen } = this.scene;
    live.mouthMovement.learner = mouth.learner;
    live.mouthMovement.practitioner = mouth.practitioner;
    // Only frames the face model ran on say anything about mouths.
    if (r.faces) {
      this.mouthCues.push(
        r.framePerfMs,
        mouthSeen.learner ? mouth.learner : null,
        mouthSeen.practitioner ? mouth.practitioner : null,
      );
    }
    if (!r.people) return undefined;
    const tracked = this.scene.people;
    live.people = tracked.map((t) => ({ box: t.box, identity: t.identity }));
    this.publishTap(live);
    const learner = tracked.findIndex((t) => t.identity === 'learner');
    return learner >= 0 ? learner : undefined;
  }

  /** One camera frame's motion energy: movement bursts, and the movement meter. */
  motion(m: MotionResult, live: LiveSignals): void {
    // The first frame after a (re)start has nothing to difference against: it is no evidence of stillness.
    if (!m.ready) return;
    this.lastPerfMs = m.framePerfMs;
    const byRegion = new Map(m.regionIds.map((id, i) => [id, m.regionEnergy[i] ?? 0]));
    this.route(
      this.scene.pushMotion({
        tMs: m.framePerfMs,
        anywhereEnergy: m.anywhere,
        cells: m.cells,
        gridCols: m.gridCols,
        gridRows: m.gridRows,
        byRegion,
      }),
    );
    live.motion = this.scene.ratio;
  }

  /** Where each tracked person's motion is to be measured, for the motion worker. */
  regions(): MotionRegion[] {
    return this.scene.regions();
  }

  /**
   * The practitioner tapped the learner in the preview, at a point of the camera's own (unmirrored) image.
   * True when someone was there; a tap on nobody waits a moment for someone to be seen there (live.learnerTap).
   */
  markLearner(point: { x: number; y: number }, live: LiveSignals): boolean {
    const chosen = this.scene.markLearner(point);
    this.publishTap(live);
    return chosen;
  }

  private publishTap(live: LiveSignals): void {
    const { tapState, waitingTap } = this.scene.tracker;
    live.learnerTap = tapState === null ? null : { state: tapState, waitingAt: waitingTap };
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
