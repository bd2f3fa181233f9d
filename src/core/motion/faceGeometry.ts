import type { Ms, Unit } from '../units.ts';

/**
 * Face geometry from MediaPipe's FaceLandmarker output, without blendshapes:
 * - head yaw and pitch from the facial transformation matrix;
 * - smile and mouth opening from the 478 landmarks;
 * - mouth movement over time (a cue for voice attribution: whose mouth moves while a voice is heard);
 * - where the face is turned: the camera and screen, the other person, or away.
 *
 * Coordinates. The matrix maps MediaPipe's canonical face model (centimetres; +y up, +z out of the face) into
 * the camera's metric space (camera at the origin looking down -z, +x to the right of the picture, +y up), so a
 * face looking straight into the lens has its forward axis R * (0, 0, 1) pointing back at the origin. Landmarks
 * are x, y normalised to the image's width and height (y down) and z roughly in x's scale. Everything here is in
 * the camera's own (unmirrored) image: a mirrored preview must mirror a tapped point before it gets here.
 */

export type Vec3 = readonly [number, number, number];

export interface HeadPose {
  /** Degrees; positive when the face turns toward the right of the picture (the person's own left). */
  yawDeg: number;
  /** Degrees; positive when the face tilts up. */
  pitchDeg: number;
  /** Unit vector the face points along, camera space. */
  forward: Vec3;
  /** Face position in camera space, centimetres (z is negative: in front of the camera). */
  positionCm: Vec3;
}

export type MatrixLayout = 'column-major' | 'row-major' | 'auto';

/**
 * Yaw and pitch of the face's forward axis, which is independent of roll and of how the rotation is factored.
 * `layout` 'auto' tells the two layouts apart by where the translation sits: the face is always some way in front
 * of the camera, so the translation column is never all zeros while the bottom row of an affine matrix is.
 */
export function headPoseFromMatrix(m: ArrayLike<number>, layout: MatrixLayout = 'auto'): HeadPose {
  if (m.length < 16) throw new Error(`a 4x4 matrix needs 16 values, got ${m.length}`);
  const v = (i: number): number => m[i] as number;
  const colMajor =
    layout === 'auto'
      ? Math.abs(v(12)) + Math.abs(v(13)) + Math.abs(v(14)) >=
        Math.abs(v(3)) + Math.abs(v(7)) + Math.abs(v(11))
      : layout === 'column-major';
  // Element (row r, column c).
  const at = (r: number, c: number): number => (colMajor ? v(c * 4 + r) : v(r * 4 + c));
  // Third column of the rotation (possibly scaled): R * (0, 0, 1).
  const fx = at(0, 2);
  const fy = at(1, 2);
  const fz = at(2, 2);
  const n = Math.hypot(fx, fy, fz) || 1;
  const forward: Vec3 = [fx / n, fy / n, fz / n];
  return {
    yawDeg: toDeg(Math.atan2(forward[0], forward[2])),
    pitchDeg: toDeg(Math.asin(Math.max(-1, Math.min(1, forward[1])))),
    forward,
    positionCm: [at(0, 3), at(1, 3), at(2, 3)],
  };
}

/**
 * Landmark indices (MediaPipe face mesh, 468 + 10 iris points), and why each was chosen:
 * - 33, 263: outer eye corners. Their distance is the face's scale: it hardly changes with expression, unlike
 *   mouth width (smiles) or face height (jaw opening).
 * - 61, 291: mouth corners (outer). They widen and rise in a smile.
 * - 13, 14: inner lip midpoints, upper and lower (13 is also the reference for the corners' lift: it moves
 *   with the skull, not the jaw); 82/87 and 312/317: inner lip pairs either side of the
 *   midline. Three gaps averaged, so one badly placed point does not open or close the mouth.
 */
export const FACE_LANDMARK = Object.freeze({
  rightEyeOuter: 33,
  leftEyeOuter: 263,
  mouthCornerRight: 61,
  mouthCornerLeft: 291,
  upperLipInner: 13,
  lowerLipInner: 14,
  upperLipInnerRight: 82,
  lowerLipInnerRight: 87,
  upperLipInnerLeft: 312,
  lowerLipInnerLeft: 317,
});

export interface Landmark {
  x: number;
  y: number;
  z?: number;
}

export interface MouthGeometry {
  /** Outer eye corner distance in frame heights: the face's scale. */
  eyeSpan: number;
  /** Mouth width / eye span. */
  widthRatio: number;
  /** Mean inner lip gap / eye span ("mouth-open ratio"): 0.064 in the canonical face, 0.3+ wide open. */
  openRatio: number;
  /** Height of the mouth corners above the upper lip's inner midpoint, along the face's own up axis, / eye span. */
  cornerLift: number;
}

/**
 * `mouthGeometry` of MediaPipe's canonical face model (canonical_face_model.obj, in cm): eye span 8.89, mouth
 * width 4.91, inner lip gap 0.57. The corners sit 0.35 cm below the upper lip but 0.9 cm further back, and the
 * face's up axis (upper lip to eyes) leans back with the forehead, so their lift along it comes out small.
 * A learner's own relaxed face, measured with `mouthGeometry` during calibration, is a better neutral: faces
 * differ, and some learners' do not rest symmetrically.
 */
export const CANONICAL_NEUTRAL_MOUTH: Readonly<MouthGeometry> = Object.freeze({
  eyeSpan: 8.892,
  widthRatio: 0.5525,
  openRatio: 0.064,
  cornerLift: -0.0065,
});

/**
 * Mouth measures from 478 landmarks, in 3D (x and z scaled by the frame's aspect into frame heights), along the
 * face's own axes, so head roll, and within reason yaw, do not change them.
 */
export function mouthGeometry(landmarks: readonly Landmark[], aspect: number): MouthGeometry {
  const P = (i: number): Vec3 => {
    const l = landmarks[i];
    if (!l) throw new Error(`landmark ${i} missing (${landmarks.length} given; 468 or 478 expected)`);
    return [l.x * aspect, l.y, (l.z ?? 0) * aspect];
  };
  const L = FACE_LANDMARK;
  const eyeR = P(L.rightEyeOuter);
  const eyeL = P(L.leftEyeOuter);
  const eyeSpan = dist(eyeR, eyeL) || 1e-9;
  const cornerR = P(L.mouthCornerRight);
  const cornerL = P(L.mouthCornerLeft);
  const up13 = P(L.upperLipInner);
  const lo14 = P(L.lowerLipInner);
  const gap =
    (dist(up13, lo14) +
      dist(P(L.upperLipInnerRight), P(L.lowerLipInnerRight)) +
      dist(P(L.upperLipInnerLeft), P(L.lowerLipInnerLeft))) /
    3;
  // Face axes: across = eye to eye; up = from the upper lip toward the eyes, made perpendicular to across. The
  // lift is measured from the upper lip because it stays with the skull: the lower lip, and so the lip centre,
  // drop with the jaw, which would make an open mouth read as raised corners.
  const across = norm(sub(eyeL, eyeR));
  const toEyes = sub(mid(eyeR, eyeL), up13);
  const up = norm(sub(toEyes, scale(across, dot(toEyes, across))));
  const cornerLift = dot(sub(mid(cornerR, cornerL), up13), up) / eyeSpan;
  return { eyeSpan, widthRatio: dist(cornerR, cornerL) / eyeSpan, openRatio: gap / eyeSpan, cornerLift };
}

export interface SmileParams {
  /** Mouth widening (relative to neutral) that counts as a full smile on its own. */
  fullSmileWidening: number;
  /** Corner lift (eye spans, relative to neutral) that counts as a full smile on its own. */
  fullSmileLift: number;
}

export const DEFAULT_SMILE_PARAMS: Readonly<SmileParams> = Object.freeze({
  fullSmileWidening: 0.2,
  fullSmileLift: 0.06,
});

/**
 * 0..1: the mean of how much wider the mouth is than neutral and how much the corners have risen, each scaled to
 * a full smile and clipped. Both are needed for a high score: a wide-open mouth (a shout, a yawn) widens little
 * and lowers the corners; pursed lips raise nothing.
 */
export function smileScore(
  g: MouthGeometry,
  neutral: Readonly<MouthGeometry> = CANONICAL_NEUTRAL_MOUTH,
  params: Readonly<SmileParams> = DEFAULT_SMILE_PARAMS,
): Unit {
  const widening = g.widthRatio / neutral.widthRatio - 1;
  const lift = g.cornerLift - neutral.cornerLift;
  return (clamp01(widening / params.fullSmileWidening) + clamp01(lift / params.fullSmileLift)) / 2;
}

export interface MouthMovementParams {
  /** Smoothing of the mouth-opening speed. */
  timeConstantMs: Ms;
  /** Speed of opening and closing, eye spans per second, above which the mouth counts as moving (speech). */
  movingPerSecond: number;
}

export const DEFAULT_MOUTH_MOVEMENT_PARAMS: Readonly<MouthMovementParams> = Object.freeze({
  timeConstantMs: 150,
  movingPerSecond: 0.3,
});

/**
 * How much the mouth opens and closes: the smoothed |d openRatio / dt|. Speech and vocal play move the jaw
 * several times a second; a held open mouth or a held smile does not, so the level, not the opening, is offered
 * to voice attribution.
 */
export class MouthMovement {
  readonly params: Readonly<MouthMovementParams>;
  /** Smoothed speed, eye spans per second. */
  level = 0;
  private lastMs: Ms | null = null;
  private lastOpen = 0;

  constructor(params: Partial<MouthMovementParams> = {}) {
    this.params = Object.freeze({ ...DEFAULT_MOUTH_MOVEMENT_PARAMS, ...params });
  }

  get moving(): boolean {
    return this.level >= this.params.movingPerSecond;
  }

  push(tMs: Ms, openRatio: number): number {
    if (this.lastMs !== null && tMs > this.lastMs) {
      const dt = tMs - this.lastMs;
      const speed = (Math.abs(openRatio - this.lastOpen) / dt) * 1000;
      const a = 1 - Math.exp(-dt / this.params.timeConstantMs);
      this.level += a * (speed - this.level);
    }
    this.lastMs = tMs;
    this.lastOpen = openRatio;
    return this.level;
  }

  /** The face was lost: start again rather than read a jump across the gap as movement. */
  reset(): void {
    this.lastMs = null;
    this.level = 0;
  }
}

export type AttentionTarget = 'screen' | 'person' | 'away';

export interface AttentionParams {
  /**
   * Where the screen's centre is, in camera space (cm). A webcam usually sits on top of the whiteboard, so the
   * default is 40 cm below the lens.
   */
  screenCentreCm: Vec3;
  /** Face within this angle of the screen centre (or the lens) counts as toward the screen. */
  screenToleranceDeg: number;
  /** Face within this angle of the other person's head counts as toward them (their depth is a guess). */
  personToleranceDeg: number;
  /** The camera model MediaPipe's face geometry assumes (a perspective camera of 63° vertical field of view). */
  verticalFovDeg: number;
}

export const DEFAULT_ATTENTION_PARAMS: Readonly<AttentionParams> = Object.freeze({
  screenCentreCm: Object.freeze([0, -40, 0]) as Vec3,
  screenToleranceDeg: 20,
  personToleranceDeg: 25,
  verticalFovDeg: 63,
});

export interface AttentionReading {
  target: AttentionTarget;
  /** Angle between where the face points and the nearer of the lens and the screen centre. */
  screenAngleDeg: number;
  /** Angle to the other person's head, NaN when nobody else is in view. */
  personAngleDeg: number;
}

/**
 * Where a face is turned. `otherHead` is the other person's head (e.g. their nose landmark or the top of their
 * box), normalised image coordinates; their depth is taken as this face's own (two people side by side), or as
 * this face's depth times `otherDepthRatio` when sizes suggest one is further back (size ratio inverted).
 */
export function attentionTarget(
  pose: HeadPose,
  otherHead: { x: Unit; y: Unit } | null,
  /** The frame's width / height. */
  aspect: number,
  params: Readonly<AttentionParams> = DEFAULT_ATTENTION_PARAMS,
  otherDepthRatio = 1,
): AttentionReading {
  const p = pose.positionCm;
  const toLens = sub([0, 0, 0], p);
  const toScreen = sub(params.screenCentreCm, p);
  const screenAngleDeg = Math.min(angleDeg(pose.forward, toLens), angleDeg(pose.forward, toScreen));
  let personAngleDeg = Number.NaN;
  if (otherHead) {
    const other = imagePointToCamera(otherHead, -p[2] * otherDepthRatio, aspect, params);
    personAngleDeg = angleDeg(pose.forward, sub(other, p));
  }
  const toScreenOk = screenAngleDeg <= params.screenToleranceDeg;
  const toPersonOk = personAngleDeg <= params.personToleranceDeg;
  let target: AttentionTarget = 'away';
  if (toScreenOk && toPersonOk) target = personAngleDeg < screenAngleDeg ? 'person' : 'screen';
  else if (toScreenOk) target = 'screen';
  else if (toPersonOk) target = 'person';
  return { target, screenAngleDeg, personAngleDeg };
}

/** Where an image point lies in camera space at a given depth, under the same camera model (for tests and UI). */
export function imagePointToCamera(
  point: { x: Unit; y: Unit },
  depthCm: number,
  aspect: number,
  params: Pick<AttentionParams, 'verticalFovDeg'> = DEFAULT_ATTENTION_PARAMS,
): Vec3 {
  const t = Math.tan(toRad(params.verticalFovDeg) / 2);
  return [(2 * point.x - 1) * t * aspect * depthCm, (1 - 2 * point.y) * t * depthCm, -depthCm];
}

function toDeg(r: number): number {
  return (r * 180) / Math.PI;
}
function toRad(d: number): number {
  return (d * Math.PI) / 180;
}
function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
function mid(a: Vec3, b: Vec3): Vec3 {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
}
function scale(a: Vec3, k: number): Vec3 {
  return [a[0] * k, a[1] * k, a[2] * k];
}
function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
function dist(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
function norm(a: Vec3): Vec3 {
  const n = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
}
function angleDeg(a: Vec3, b: Vec3): number {
  const c = dot(a, b) / ((Math.hypot(...a) || 1) * (Math.hypot(...b) || 1));
  return toDeg(Math.acos(Math.max(-1, Math.min(1, c))));
}
function clamp01(v: number): number {
  return Math.max(0, Math.min(1, v));
}
