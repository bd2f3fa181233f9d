import type { PerfMs } from '../core/clock.ts';
import type { LogEvent } from '../core/events.ts';
import { MouthCueHistory } from '../core/motion/mouthCues.ts';
import { type MotionRegion, SceneAnalyser, type SceneUpdate } from '../core/motion/scene.ts';
import type { MotionResult } from '../sensing/motionProtocol.ts';
import type { VisionResult } from '../sensing/visionProtocol.ts';

/**
 * The camera's two feeds into the scene analyser (core/motion/scene.ts): movement bursts per party from every
 * camera frame's motion energy, each person's measured in the box of their latest pose; attention, smiles,
 * closeness and distance from the analysed frames. Until the learner is tapped in the preview, a burst with one
 * person (or nobody) in view is the learner's, and with two or more it is nobody's in particular. Everything it
 * finds stays on the performance clock: the scene runs between sessions too (for the meters and the preview).
 */
export class SceneWatcher {
  readonly scene = new SceneAnalyser();
  /** Whose mouth moved when: asked by each vocal segment once it is final (voice attribution's live cue). */
  readonly mouthCues = new MouthCueHistory();
  private lastPerfMs: PerfMs = 0;

  /** One frame the models analysed: the events it ended, and the index of the person to follow (the learner). */
  frame(r: VisionResult): { events: LogEvent<PerfMs>[]; follow: number } {
    const events = eventsOf(
      this.scene.pushSeen({
        tMs: r.framePerfMs,
        aspect: r.frameWidth / Math.max(1, r.frameHeight),
        people: r.people,
        faces: r.faces,
      }),
    );
    const { mouth, mouthSeen } = this.scene;
    // Only frames the face model ran on say anything about mouths.
    if (r.faces) {
      this.mouthCues.push(
        r.framePerfMs,
        mouthSeen.learner ? mouth.learner : null,
        mouthSeen.practitioner ? mouth.practitioner : null,
      );
    }
    const learner = r.people ? this.scene.people.findIndex((t) => t.identity === 'learner') : -1;
    return { events, follow: Math.max(0, learner) };
  }

  /** One camera frame's motion energy: the movement bursts it ended. */
  motion(m: MotionResult): LogEvent<PerfMs>[] {
    // The first frame after a (re)start has nothing to difference against: it is no evidence of stillness.
    if (!m.ready) return [];
    this.lastPerfMs = m.framePerfMs;
    const byRegion = new Map(m.regionIds.map((id, i) => [id, m.regionEnergy[i] ?? 0]));
    return eventsOf(
      this.scene.pushMotion({
        tMs: m.framePerfMs,
        anywhereEnergy: m.anywhere,
        cells: m.cells,
        gridCols: m.gridCols,
        gridRows: m.gridRows,
        byRegion,
      }),
    );
  }

  /** Where each tracked person's motion is to be measured, for the motion worker. */
  regions(): MotionRegion[] {
    return this.scene.regions();
  }

  /** "Hold still" for 3 s: the movement thresholds relearn the stillness. */
  startCalibration(): LogEvent<PerfMs>[] {
    return eventsOf(this.scene.startCalibration(this.lastPerfMs));
  }

  /** Ends bursts and episodes under way (session end, camera lost) so they are logged, not lost. */
  flush(): LogEvent<PerfMs>[] {
    return eventsOf(this.scene.flush());
  }
}

function eventsOf(updates: readonly SceneUpdate[]): LogEvent<PerfMs>[] {
  return updates.map((u) => u.event);
}
