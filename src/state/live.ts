import type { PerfMs } from '../core/clock.ts';
import type { TapState } from '../core/motion/personTracker.ts';
import { DEFAULT_PROFILE, type Intensity, type PaletteId } from '../core/profile.ts';
import type { Dbfs } from '../core/units.ts';

/**
 * Hot per-frame signals, kept out of the stores on purpose so that nothing re-renders at 60 Hz. The engine
 * (src/engine/) is their only writer; the stage and the panel's meters read them each frame through
 * `LiveView`.
 */
export interface LiveSignals {
  /** The followed person's pose: 33 landmarks as x, y (0..1 of the camera image), visibility. */
  pose: Float32Array;
  /** People the pose model found on its latest frame; 0 when nobody, or no camera. */
  poseCount: number;
  /** Performance-clock capture time of the camera frame the pose came from. */
  poseFramePerfMs: PerfMs;
  /**
   * Width / height of the camera frames the pose was found on: landmarks are fractions of that frame, so
   * drawing them needs its shape (4:3, 16:9 or anything else a webcam delivers).
   */
  cameraAspect: number;
  /** Motion energy of the latest frame, relative to the movement threshold (1 = at threshold). */
  motion: number;
  /**
   * Where the latest camera frame moved: every grid cell's motion energy relative to the movement threshold
   * (1 = at threshold), row-major, of the camera's own unmirrored image; `motionCols` x `motionRows` are in use.
   * From the motion worker on every camera frame, with or without a body found: a finger or a nod lights here.
   */
  motionCells: Float32Array;
  motionCols: number;
  motionRows: number;
  /** Performance-clock capture time of the camera frame `motionCells` came from (0 before any). */
  motionFramePerfMs: PerfMs;
  /** The voice's pitch on the latest voiced frame (null when unvoiced or no pitch was found). */
  pitchHz: number | null;
  /** Attune's latest answer in sound: its pitch and when it started (performance clock); null before any. */
  answer: { pitchHz: number | null; startPerfMs: PerfMs; endPerfMs: PerfMs } | null;
  /** What the stage shows: the scene and its colours and intensity (the chosen learner's profile). */
  look: { scene: string; palette: PaletteId; intensity: Intensity };
  /** Voice level and the voice threshold in force. */
  levelDbfs: Dbfs;
  thresholdDbfs: Dbfs;
  voiced: boolean;
  /**
   * How much of the stage's response to show, 0..1: 1 normally, low in calm, 0 in listen-only. The stage
   * fades toward it (within 2 s), never jumps.
   */
  stageGain: number;
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

/** What the readers get: the same object, read-only to the type checker. */
export type LiveView = Readonly<LiveSignals>;

export const POSE_LANDMARKS = 33;
export const POSE_STRIDE = 3;
/** Room for the motion worker's grid (8 x 6 today) and a finer one. */
export const MAX_MOTION_CELLS = 256;

export function createLiveSignals(): LiveSignals {
  return {
    pose: new Float32Array(POSE_LANDMARKS * POSE_STRIDE),
    poseCount: 0,
    poseFramePerfMs: 0,
    // Nothing is drawn from the camera before its first frame sets this.
    cameraAspect: 1,
    motion: 0,
    motionCells: new Float32Array(MAX_MOTION_CELLS),
    motionCols: 0,
    motionRows: 0,
    motionFramePerfMs: 0,
    pitchHz: null,
    answer: null,
    look: {
      scene: DEFAULT_PROFILE.scene,
      palette: DEFAULT_PROFILE.palette,
      intensity: DEFAULT_PROFILE.intensity,
    },
    levelDbfs: -120,
    thresholdDbfs: -120,
    voiced: false,
    stageGain: 1,
    mouthMovement: { learner: 0, practitioner: 0 },
    people: [],
    learnerTap: null,
  };
}

/** Indices into the pose (BlazePose topology) that the stage follows: wrists and index fingertips. */
export const HAND_LANDMARKS = { leftWrist: 15, rightWrist: 16, leftIndex: 19, rightIndex: 20 } as const;
