import { describe, expect, it } from 'vitest';
import {
  attentionTarget,
  CANONICAL_NEUTRAL_MOUTH,
  FACE_LANDMARK,
  type HeadPose,
  headPoseFromMatrix,
  imagePointToCamera,
  type Landmark,
  MouthMovement,
  mouthGeometry,
  smileScore,
  type Vec3,
} from '../../../../src/core/motion/faceGeometry.ts';

/** 3x3 matrices as row-major arrays of nine. */
type M3 = readonly number[];
const rad = (d: number) => (d * Math.PI) / 180;
const el = (m: M3, r: number, c: number): number => m[r * 3 + c] as number;
function mul(a: M3, b: M3): M3 {
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++)
      out.push(el(a, r, 0) * el(b, 0, c) + el(a, r, 1) * el(b, 1, c) + el(a, r, 2) * el(b, 2, c));
  }
  return out;
}
const rotX = (t: number): M3 => [1, 0, 0, 0, Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t)];
const rotY = (t: number): M3 => [Math.cos(t), 0, Math.sin(t), 0, 1, 0, -Math.sin(t), 0, Math.cos(t)];
const rotZ = (t: number): M3 => [Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t), 0, 0, 0, 1];
/** Head rotation: yaw about +y (toward +x), pitch up, roll about the face's own axis. */
function headRotation(yawDeg: number, pitchDeg: number, rollDeg: number): M3 {
  return mul(mul(rotY(rad(yawDeg)), rotX(-rad(pitchDeg))), rotZ(rad(rollDeg)));
}
function apply(m: M3, v: Vec3): Vec3 {
  const row = (r: number) => el(m, r, 0) * v[0] + el(m, r, 1) * v[1] + el(m, r, 2) * v[2];
  return [row(0), row(1), row(2)];
}
function matrix4(r: M3, t: Vec3, scale: number, layout: 'column-major' | 'row-major'): Float32Array {
  const m = new Float32Array(16);
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      m[layout === 'column-major' ? col * 4 + row : row * 4 + col] = el(r, row, col) * scale;
    }
    m[layout === 'column-major' ? 12 + row : row * 4 + 3] = t[row] as number;
  }
  m[15] = 1;
  return m;
}

describe('head pose from the facial transformation matrix', () => {
  it('recovers yaw and pitch within 2° over a grid, with roll, scale and either layout', () => {
    let worst = 0;
    for (const layout of ['column-major', 'row-major'] as const) {
      for (let yaw = -70; yaw <= 70; yaw += 10) {
        for (let pitch = -45; pitch <= 45; pitch += 15) {
          for (const roll of [-25, 0, 25]) {
            const m = matrix4(headRotation(yaw, pitch, roll), [8, -5, -60], 1.05, layout);
            const pose = headPoseFromMatrix(m);
            worst = Math.max(worst, Math.abs(pose.yawDeg - yaw), Math.abs(pose.pitchDeg - pitch));
            expect(pose.positionCm[2]).toBeCloseTo(-60, 4);
          }
        }
      }
    }
    console.log(`head pose: worst yaw/pitch error ${worst.toExponential(1)}°`);
    expect(worst).toBeLessThan(2);
  });
});

/** Canonical face model points (cm; +y up, +z out of the face) for the landmarks used. */
const CANONICAL: Record<number, Vec3> = {
  [FACE_LANDMARK.rightEyeOuter]: [-4.445859, 2.663991, 3.173422],
  [FACE_LANDMARK.leftEyeOuter]: [4.445859, 2.663991, 3.173422],
  [FACE_LANDMARK.mouthCornerRight]: [-2.456206, -4.342621, 4.283884],
  [FACE_LANDMARK.mouthCornerLeft]: [2.456206, -4.342621, 4.283884],
  [FACE_LANDMARK.upperLipInner]: [0, -3.994436, 5.219482],
  [FACE_LANDMARK.lowerLipInner]: [0, -4.5424, 5.404754],
  [FACE_LANDMARK.upperLipInnerRight]: [-0.533422, -3.993222, 5.138202],
  [FACE_LANDMARK.lowerLipInnerRight]: [-0.583218, -4.517982, 5.339869],
  [FACE_LANDMARK.upperLipInnerLeft]: [0.533422, -3.993222, 5.138202],
  [FACE_LANDMARK.lowerLipInnerLeft]: [0.583218, -4.517982, 5.339869],
};

type Expression = (i: number, p: Vec3) => Vec3;
const neutral: Expression = (_i, p) => p;
/** Corners 15 % further out and 0.5 cm up: a clear smile. */
const smile: Expression = (i, p) =>
  i === FACE_LANDMARK.mouthCornerLeft || i === FACE_LANDMARK.mouthCornerRight
    ? [p[0] * 1.15, p[1] + 0.5, p[2]]
    : p;
/** Jaw dropped: the lower lip 2.5 cm down, the corners a little down and in. */
const open: Expression = (i, p) => {
  if (i === FACE_LANDMARK.mouthCornerLeft || i === FACE_LANDMARK.mouthCornerRight)
    return [p[0] * 0.95, p[1] - 0.6, p[2]];
  if (
    i === FACE_LANDMARK.lowerLipInner ||
    i === FACE_LANDMARK.lowerLipInnerLeft ||
    i === FACE_LANDMARK.lowerLipInnerRight
  )
    return [p[0], p[1] - 2.5, p[2]];
  return p;
};

const ASPECT = 4 / 3;
/** 478 landmarks as MediaPipe gives them: x, y normalised to width and height (y down), z in x's scale. */
function landmarks(expr: Expression, yaw = 0, pitch = 0, roll = 0): Landmark[] {
  const r = headRotation(yaw, pitch, roll);
  const out: Landmark[] = Array.from({ length: 478 }, () => ({ x: 0, y: 0, z: 0 }));
  const cmPerHeight = 60; // the frame's height covers 60 cm at the face (orthographic is enough here)
  for (const [k, p] of Object.entries(CANONICAL)) {
    const i = Number(k);
    const q = apply(r, expr(i, p));
    out[i] = {
      x: 0.5 + q[0] / cmPerHeight / ASPECT,
      y: 0.45 - q[1] / cmPerHeight,
      z: -q[2] / cmPerHeight / ASPECT,
    };
  }
  return out;
}

describe('smile and mouth opening from landmarks', () => {
  it('tells neutral, smiling and open apart, the same under head roll and turn', () => {
    const rows: string[] = [];
    for (const [yaw, pitch, roll] of [
      [0, 0, 0],
      [20, 0, 30],
      [-25, 15, -20],
    ] as const) {
      const g0 = mouthGeometry(landmarks(neutral, yaw, pitch, roll), ASPECT);
      const gs = mouthGeometry(landmarks(smile, yaw, pitch, roll), ASPECT);
      const go = mouthGeometry(landmarks(open, yaw, pitch, roll), ASPECT);
      const s0 = smileScore(g0);
      const ss = smileScore(gs);
      const so = smileScore(go);
      rows.push(
        `pose ${yaw}/${pitch}/${roll}: smile ${s0.toFixed(2)} ${ss.toFixed(2)} ${so.toFixed(2)}, ` +
          `open ${g0.openRatio.toFixed(3)} ${gs.openRatio.toFixed(3)} ${go.openRatio.toFixed(3)}`,
      );
      expect(s0).toBeLessThan(0.05);
      expect(ss).toBeGreaterThan(0.8);
      expect(so).toBeLessThan(0.1);
      expect(g0.openRatio).toBeCloseTo(CANONICAL_NEUTRAL_MOUTH.openRatio, 3);
      expect(g0.cornerLift).toBeCloseTo(CANONICAL_NEUTRAL_MOUTH.cornerLift, 3);
      expect(g0.widthRatio).toBeCloseTo(CANONICAL_NEUTRAL_MOUTH.widthRatio, 3);
      expect(go.openRatio).toBeGreaterThan(0.3);
      expect(gs.openRatio).toBeLessThan(0.1);
    }
    console.log(`neutral / smile / open: ${rows.join('; ')}`);
  });

  it('mouth movement: talking-like opening and closing moves, a held open mouth does not', () => {
    const talk = new MouthMovement();
    const held = new MouthMovement();
    let talkMin = Number.POSITIVE_INFINITY;
    let heldMax = 0;
    for (let t = 0; t <= 3000; t += 33) {
      talk.push(t, 0.1 + 0.08 * Math.abs(Math.sin((2 * Math.PI * 4 * t) / 1000)));
      held.push(t, t < 500 ? 0.06 + (0.24 * t) / 500 : 0.3);
      if (t > 500) talkMin = Math.min(talkMin, talk.level);
      if (t > 1500) heldMax = Math.max(heldMax, held.level);
    }
    expect(talk.moving).toBe(true);
    expect(talkMin).toBeGreaterThan(talk.params.movingPerSecond);
    expect(heldMax).toBeLessThan(0.05);
    expect(held.moving).toBe(false);
  });
});

function poseLookingAt(positionCm: Vec3, target: Vec3): HeadPose {
  const d: Vec3 = [target[0] - positionCm[0], target[1] - positionCm[1], target[2] - positionCm[2]];
  const n = Math.hypot(...d);
  const forward: Vec3 = [d[0] / n, d[1] / n, d[2] / n];
  const yaw = (Math.atan2(forward[0], forward[2]) * 180) / Math.PI;
  const pitch = (Math.asin(forward[1]) * 180) / Math.PI;
  // Through the matrix, so the test covers the whole path.
  return headPoseFromMatrix(matrix4(headRotation(yaw, pitch, 0), positionCm, 1, 'column-major'));
}

/** The synthetic camera is a 640x480 webcam's. */
const FRAME_ASPECT = 4 / 3;

describe('attention: toward the screen, the other person, or away', () => {
  const learnerAt: Vec3 = [-20, -10, -150];
  const practitionerHead = { x: 0.75, y: 0.35 };
  const practitionerAt = imagePointToCamera(practitionerHead, 150, FRAME_ASPECT);

  it('classifies where the face points', () => {
    expect(attentionTarget(poseLookingAt(learnerAt, [0, 0, 0]), practitionerHead, FRAME_ASPECT).target).toBe(
      'screen',
    );
    expect(
      attentionTarget(poseLookingAt(learnerAt, [0, -40, 0]), practitionerHead, FRAME_ASPECT).target,
    ).toBe('screen');
    const toPerson = attentionTarget(
      poseLookingAt(learnerAt, practitionerAt),
      practitionerHead,
      FRAME_ASPECT,
    );
    expect(toPerson.target).toBe('person');
    expect(toPerson.personAngleDeg).toBeLessThan(1);
    // Turned the other way, and down at the floor.
    expect(
      attentionTarget(poseLookingAt(learnerAt, [-200, -10, -150]), practitionerHead, FRAME_ASPECT).target,
    ).toBe('away');
    expect(
      attentionTarget(poseLookingAt(learnerAt, [-20, -150, -100]), practitionerHead, FRAME_ASPECT).target,
    ).toBe('away');
    // Nobody else in view: only the screen or away.
    expect(attentionTarget(poseLookingAt(learnerAt, practitionerAt), null, FRAME_ASPECT).target).toBe('away');
  });
});
