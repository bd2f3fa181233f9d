import type { TapState } from '../core/motion/personTracker.ts';
import type { Dbfs, Ms } from '../core/units.ts';

/**
 * Hot per-frame signals. Written by the sensing adapters, read by the stage and the meters each frame; kept
 * out of the stores on purpose so that nothing re-renders at 60 Hz.
 */
export interface LiveSignals {
  /** Latest pose: 33 landmarks as x, y (0..1 of the camera image), visibility; empty when nobody is seen. */
  pose: Float32Array;
  poseCount: number;
  /** performance.now() of the camera frame the pose came from. */
  poseFramePerfMs: Ms;
  /** Milliseconds the vision worker took for its latest frame. */
  visionMs: Ms;
  /** Motion energy of the latest frame, relative to the movement threshold (1 = at threshold). */
  motion: number;
  /** Voice level and the current voice threshold. */
  levelDbfs: Dbfs;
  noiseFloorDbfs: Dbfs;
  thresholdDbfs: Dbfs;
  voiced: boolean;
  /**
   * How much of the stage's response to show, 0..1: 1 normally, low in calm, 0 in listen-only. The stage
   * fades toward it (within 2 s), never jumps.
   */
  stageGain: number;
  /** Latest hands (up to two): 21 landmarks each as x, y (0..1 of the camera image), z. */
  hands: Float32Array;
  handCount: number;
  /**
   * How much each party's mouth is opening and closing, eye spans per second (0 when their face is not seen):
   * a cue for voice attribution (see MouthMovement in core/motion/faceGeometry.ts; 0.3 and over is moving).
   */
  mouthMovement: { learner: number; practitioner: number };
  /** Everyone in view with who they are, for the preview (boxes 0..1 of the unmirrored camera image). */
  people: { box: { x: number; y: number; width: number; height: number }; identity: string }[];
  /** What the latest tap on the preview did, and where a tap waits for someone to be seen (unmirrored). */
  learnerTap: { state: TapState; waitingAt: { x: number; y: number } | null } | null;
}

export const POSE_LANDMARKS = 33;
export const POSE_STRIDE = 3;

export function createLiveSignals(): LiveSignals {
  return {
    pose: new Float32Array(POSE_LANDMARKS * POSE_STRIDE),
    poseCount: 0,
    poseFramePerfMs: 0,
    visionMs: 0,
    motion: 0,
    levelDbfs: -120,
    noiseFloorDbfs: -120,
    thresholdDbfs: -120,
    voiced: false,
    stageGain: 1,
    hands: new Float32Array(2 * 21 * 3),
    handCount: 0,
    mouthMovement: { learner: 0, practitioner: 0 },
    people: [],
    learnerTap: null,
  };
}

/** Indices into the pose (BlazePose topology) that the stage follows: wrists and index fingertips. */
export const HAND_LANDMARKS = { leftWrist: 15, rightWrist: 16, leftIndex: 19, rightIndex: 20 } as const;
