import type { PerfMs } from '../clock.ts';
import type { MovementEvent, Party, SeenEvent } from '../events.ts';
import type { Ms, Unit } from '../units.ts';
import { EpisodeSegmenter } from './episodes.ts';
import {
  attentionTarget,
  CANONICAL_NEUTRAL_MOUTH,
  type HeadPose,
  type MouthGeometry,
  MouthMovement,
  smileScore,
} from './faceGeometry.ts';
import { type MotionEnergy, maxCellTouching, type NormRect } from './motionEnergy.ts';
import { type BurstUpdate, MovementBurstDetector, type MovementBurstParams } from './movementBursts.ts';
import {
  distanceBetween,
  PersonTracker,
  type PersonTrackerParams,
  type TrackedPerson,
} from './personTracker.ts';

/**
 * Everything the camera tells about the two people, on the performance clock (the camera frames' capture
 * times): it runs between sessions too, and the engine moves what it finds onto a session's clock. Two streams come in, each in its own time order:
 * - `pushSeen`: what the models found on the frames they analysed (people, faces), a few frames a second;
 * - `pushMotion`: motion energy of every camera frame, measured apart from the models, so burst edges land on
 *   camera frames and not on the model's slower, uneven analysis steps. Each person's energy is measured inside
 *   the boxes `regions()` gives (the latest pose's tracked people), so identities stay the tracker's.
 *
 * From them:
 * - who is who (PersonTracker; the practitioner taps the learner in the preview);
 * - movement bursts per party, from motion energy inside each person's box, or anywhere in view while nobody
 *   has been marked (then one person, or nobody found, is the learner: a finger moves where no body is found;
 *   two or more are nobody in particular);
 * - per face: attention episodes (toward the screen or the other person), smiles, and mouth movement (offered
 *   to voice attribution);
 * - the distance between the two: "close" episodes and a summary every `distanceWindowMs`.
 */

/** One person the pose model found, as the vision worker sends it. */
export interface ScenePerson {
  /** Box of the visible landmarks, normalised 0..1 of the frame. */
  box: NormRect;
  /** Where the head is (the nose landmark), normalised; null when not visible. */
  head: { x: Unit; y: Unit } | null;
}

/** One face the face model found. */
export interface SceneFace {
  box: NormRect;
  pose: HeadPose;
  mouth: MouthGeometry;
}

/** What the models found on one analysed frame. */
export interface SeenFrame {
  tMs: PerfMs;
  /** The analysed frame's width / height: boxes and points are fractions of it (cameras differ: 4:3, 16:9). */
  aspect: number;
  /** Null when the pose model did not run (not loaded); [] when it ran and found nobody. */
  people: readonly ScenePerson[] | null;
  /** Null when the face model did not run on this frame (it runs when the frame's budget leaves room). */
  faces: readonly SceneFace[] | null;
}

/** A place to measure motion in: a tracked person's box, by track id. */
export interface MotionRegion {
  id: number;
  box: NormRect;
}

/** Motion energy of one camera frame. */
export interface SceneMotion {
  tMs: PerfMs;
  /** Busiest grid cell anywhere in view ("something moved somewhere"). */
  anywhereEnergy: MotionEnergy;
  /** Every grid cell's energy, row-major: the fallback for a tracked person not in `byRegion`. */
  cells: ArrayLike<number>;
  gridCols: number;
  gridRows: number;
  /**
   * Energy inside each region (by `MotionRegion.id`, the track id) that `regions()` last gave, measured on this
   * frame: the busiest grid cell's share of the box (MotionEnergyAnalyser.maxCellEnergyIn).
   */
  byRegion: ReadonlyMap<number, MotionEnergy>;
}

export interface SceneParams {
  movement: Partial<MovementBurstParams>;
  tracker: Partial<PersonTrackerParams>;
  /** A smile score at or above this is a smile. */
  smileOn: Unit;
  /** Attention: a direction held this long is an episode; glances away this short do not end one. */
  attentionMinMs: Ms;
  attentionGapMs: Ms;
  smileMinMs: Ms;
  smileGapMs: Ms;
  /** Boxes closer than this, in body sizes, are "close" (sharing personal space). */
  closeGap: number;
  closeMinMs: Ms;
  closeGapMs: Ms;
  /** One distance summary per window while both people are in view at some point of it. */
  distanceWindowMs: Ms;
  /** A face unseen this long starts afresh (its mouth movement is not read across the gap). */
  faceLostMs: Ms;
  /**
   * On a frame where one party's energy is under this fraction of the other's, it counts as spill from the
   * other's movement (overlapping boxes) and is dropped. The cost: a small movement made at the same moment as
   * the other person's large one is missed.
   */
  crossTalkRatio: Unit;
}

export const DEFAULT_SCENE_PARAMS: Readonly<SceneParams> = Object.freeze({
  movement: {},
  tracker: {},
  smileOn: 0.5,
  attentionMinMs: 1000,
  attentionGapMs: 500,
  smileMinMs: 300,
  smileGapMs: 300,
  closeGap: 0.25,
  closeMinMs: 1000,
  closeGapMs: 500,
  distanceWindowMs: 10_000,
  faceLostMs: 1000,
  crossTalkRatio: 0.25,
});

/** What a frame produced for the log: bursts (on `tMs`'s clock) and the other kinds. */
/** Events on the performance clock (the scene runs between sessions too); the engine moves them to a session's. */
export type SceneUpdate =
  | { type: 'movement'; event: MovementEvent<PerfMs> }
  | { type: 'seen'; event: SeenEvent<PerfMs> };

interface FaceState {
  attention: EpisodeSegmenter<'screen' | 'person'>;
  smile: EpisodeSegmenter<'smile'>;
  mouth: MouthMovement;
  lastSeenMs: Ms;
  party: Party;
}

/** Track id for a face that no tracked person holds (the pose model found nobody, the face model did). */
const NO_TRACK = -1;

export class SceneAnalyser {
  readonly params: Readonly<SceneParams>;
  readonly tracker: PersonTracker;
  /** Movement anywhere in view, used while nobody is marked as the learner. */
  readonly anywhere: MovementBurstDetector;
  /** Movement inside the learner's and the practitioner's boxes, once the learner is marked. */
  readonly learner: MovementBurstDetector;
  readonly practitioner: MovementBurstDetector;
  private byPerson = false;
  private readonly faces = new Map<number, FaceState>();
  private readonly close: EpisodeSegmenter<'close'>;
  private windowStartMs: Ms | null = null;
  private bothMs = 0;
  private sumCentres = 0;
  private countCentres = 0;
  private minCentres = Number.POSITIVE_INFINITY;
  private lastMs: Ms | null = null;
  /** The latest analysed frame's width / height. */
  private aspect = 1;
  private tracked: readonly TrackedPerson[] = [];
  /** Head (nose) of each tracked person on the latest pose frame, by track id. */
  private readonly heads = new Map<number, { x: Unit; y: Unit }>();
  /** Mouth movement of each party's face, eye spans per second (0 when not seen), for voice attribution. */
  readonly mouth = { learner: 0, practitioner: 0 };
  /** Whether each party's face was on the latest face frame (a 0 in `mouth` is then a still mouth). */
  readonly mouthSeen = { learner: false, practitioner: false };
  /** Energy / threshold of the last frame for the party the meter shows (the learner, or anywhere). */
  ratio = 0;

  constructor(params: Partial<SceneParams> = {}) {
    this.params = Object.freeze({ ...DEFAULT_SCENE_PARAMS, ...params });
    this.tracker = new PersonTracker(this.params.tracker);
    this.anywhere = new MovementBurstDetector('learner', this.params.movement);
    this.learner = new MovementBurstDetector('learner', this.params.movement);
    this.practitioner = new MovementBurstDetector('practitioner', this.params.movement);
    this.close = new EpisodeSegmenter({
      minEpisodeMs: this.params.closeMinMs,
      maxGapMs: this.params.closeGapMs,
    });
  }

  /** Each detection of the latest frame's people, in the same order, with its tracked identity. */
  get people(): readonly TrackedPerson[] {
    return this.tracked;
  }

  /**
   * The practitioner tapped the preview at a point in the camera's own (unmirrored) image. Returns whether a
   * person was there to mark (nobody in view: nothing changes). `atMs` is the tap's time on the frames' clock.
   */
  markLearner(point: { x: Unit; y: Unit }, atMs?: Ms): boolean {
    return this.tracker.markLearner(point, atMs) !== null;
  }

  /** Per learner: 2 halves every movement threshold (smaller movements count), 0.5 doubles it. */
  setMovementSensitivity(sensitivity: number): void {
    for (const d of [this.anywhere, this.learner, this.practitioner]) d.setSensitivity(sensitivity);
  }

  /**
   * The movement threshold in force for the party the meter shows (the learner once marked, else anywhere): what
   * a grid cell's energy is measured against for the stage, so light answers what the log counts.
   */
  get motionThreshold(): MotionEnergy {
    return (this.byPerson ? this.learner : this.anywhere).threshold.value;
  }

  /** "Hold still": every movement threshold relearns the stillness over the next 3 s. */
  startCalibration(tMs: Ms): SceneUpdate[] {
    const out: SceneUpdate[] = [];
    for (const d of [this.anywhere, this.learner, this.practitioner]) burst(out, d.startCalibration(tMs));
    return out;
  }

  /** The boxes to measure each tracked person's motion in (on every camera frame until the next pose). */
  regions(): MotionRegion[] {
    return this.tracker.all.map((t) => ({ id: t.trackId, box: t.box }));
  }

  /** What the models found on an analysed frame: who is where, faces, and the distance between the two. */
  pushSeen(f: SeenFrame): SceneUpdate[] {
    const out: SceneUpdate[] = [];
    const dt = this.lastMs === null ? 0 : Math.min(500, Math.max(0, f.tMs - this.lastMs));
    this.lastMs = f.tMs;
    this.aspect = f.aspect;
    if (f.people) {
      this.tracked = this.tracker.update(f.tMs, f.people, f.aspect);
      this.heads.clear();
      this.tracked.forEach((t, i) => {
        const head = f.people?.[i]?.head;
        if (head) this.heads.set(t.trackId, head);
      });
    }
    const visible = this.tracker.all.filter((t) => t.visible);
    if (f.faces) this.pushFaces(f.tMs, f.faces, visible, out);
    this.pushDistance(f.tMs, dt, visible, out);
    return out;
  }

  /** One camera frame's motion energy: movement bursts per party. */
  pushMotion(m: SceneMotion): SceneUpdate[] {
    const out: SceneUpdate[] = [];
    const learner = this.tracker.get('learner');
    if (!learner) {
      if (this.byPerson) {
        burst(out, this.learner.flush());
        burst(out, this.practitioner.flush());
        this.byPerson = false;
      }
      const visible = this.tracker.all.filter((t) => t.visible).length;
      this.anywhere.segmenter.party = visible >= 2 ? 'unknown' : 'learner';
      burst(out, this.anywhere.push(m.tMs, m.anywhereEnergy));
      this.ratio = this.anywhere.lastRatio;
      return out;
    }
    if (!this.byPerson) {
      burst(out, this.anywhere.flush());
      this.byPerson = true;
    }
    const practitioner = this.tracker.get('practitioner');
    let el = energyOf(learner, m);
    let ep = practitioner ? energyOf(practitioner, m) : 0;
    // Boxes overlap (padding, an arm reaching across): one person's big movement spills into the other's box.
    // Within a frame, the much weaker of the two is taken as that spill, not as a movement of its own.
    const k = this.params.crossTalkRatio;
    if (el < k * ep) el = 0;
    else if (ep < k * el) ep = 0;
    burst(out, this.learner.push(m.tMs, el));
    burst(out, this.practitioner.push(m.tMs, ep));
    this.ratio = this.learner.lastRatio;
    return out;
  }

  /** Ends everything under way (session end, camera lost), so it is logged rather than lost. */
  flush(): SceneUpdate[] {
    const out: SceneUpdate[] = [];
    for (const d of [this.anywhere, this.learner, this.practitioner]) burst(out, d.flush());
    for (const s of this.faces.values()) this.flushFace(s, out);
    this.faces.clear();
    const c = this.close.flush();
    if (c?.type === 'end') {
      out.push({
        type: 'seen',
        event: { kind: 'proximity', startMs: c.startMs, endMs: c.endMs, minGap: c.minValue },
      });
    }
    if (this.lastMs !== null) this.closeWindow(this.lastMs, out);
    this.mouth.learner = 0;
    this.mouth.practitioner = 0;
    this.mouthSeen.learner = false;
    this.mouthSeen.practitioner = false;
    return out;
  }

  /** The party a tracked person's activity is logged under. */
  partyOf(t: TrackedPerson | null): Party {
    if (t && t.identity !== 'unknown') return t.identity;
    // Nobody marked: today's rule, one person in view is the learner.
    if (!this.tracker.get('learner') && this.tracker.all.filter((x) => x.visible).length <= 1)
      return 'learner';
    return 'unknown';
  }

  private pushFaces(
    tMs: Ms,
    faces: readonly SceneFace[],
    visible: TrackedPerson[],
    out: SceneUpdate[],
  ): void {
    const p = this.params;
    const seen = new Set<number>();
    this.mouth.learner = 0;
    this.mouth.practitioner = 0;
    this.mouthSeen.learner = false;
    this.mouthSeen.practitioner = false;
    for (const face of faces) {
      const owner = ownerOf(face.box, visible);
      const key = owner ? owner.trackId : NO_TRACK;
      if (seen.has(key)) continue; // two faces in one box: the first (the model's most confident) counts
      seen.add(key);
      let s = this.faces.get(key);
      if (s && tMs - s.lastSeenMs > p.faceLostMs) s.mouth.reset();
      if (!s) {
        s = {
          attention: new EpisodeSegmenter({ minEpisodeMs: p.attentionMinMs, maxGapMs: p.attentionGapMs }),
          smile: new EpisodeSegmenter({ minEpisodeMs: p.smileMinMs, maxGapMs: p.smileGapMs }),
          mouth: new MouthMovement(),
          lastSeenMs: tMs,
          party: 'unknown',
        };
        this.faces.set(key, s);
      }
      s.lastSeenMs = tMs;
      s.party = this.partyOf(owner);
      const other = visible.find((t) => t !== owner && t.visible);
      const otherHead = other ? (this.heads.get(other.trackId) ?? headOf(other)) : null;
      const reading = attentionTarget(face.pose, otherHead, this.aspect);
      this.episodes(s, s.attention.push(tMs, reading.target === 'away' ? null : reading.target), out);
      const score = smileScore(face.mouth, CANONICAL_NEUTRAL_MOUTH);
      this.episodes(s, s.smile.push(tMs, score >= p.smileOn ? 'smile' : null, score), out);
      const level = s.mouth.push(tMs, face.mouth.openRatio);
      if (s.party === 'learner' || s.party === 'practitioner') {
        this.mouth[s.party] = level;
        this.mouthSeen[s.party] = true;
      }
    }
    for (const [key, s] of this.faces) {
      if (seen.has(key)) continue;
      // Not seen on this face frame: the segmenters bridge short gaps and end episodes after longer ones.
      this.episodes(s, s.attention.push(tMs, null), out);
      this.episodes(s, s.smile.push(tMs, null), out);
      const tracked = key === NO_TRACK || this.tracker.all.some((t) => t.trackId === key);
      if (!tracked || tMs - s.lastSeenMs > 10 * p.faceLostMs) {
        this.flushFace(s, out);
        this.faces.delete(key);
      }
    }
  }

  private episodes(
    s: FaceState,
    updates: readonly { type: 'start' | 'end'; state: string; startMs: Ms; endMs?: Ms; maxValue?: number }[],
    out: SceneUpdate[],
  ): void {
    for (const u of updates) {
      if (u.type !== 'end' || u.endMs === undefined) continue;
      if (u.state === 'smile') {
        out.push({
          type: 'seen',
          event: {
            kind: 'smile',
            party: s.party,
            startMs: u.startMs,
            endMs: u.endMs,
            peakScore: Number.isFinite(u.maxValue) ? (u.maxValue as number) : 0,
          },
        });
      } else if (u.state === 'screen' || u.state === 'person') {
        out.push({
          type: 'seen',
          event: { kind: 'attention', party: s.party, target: u.state, startMs: u.startMs, endMs: u.endMs },
        });
      }
    }
  }

  private flushFace(s: FaceState, out: SceneUpdate[]): void {
    const a = s.attention.flush();
    const m = s.smile.flush();
    this.episodes(s, a ? [a] : [], out);
    this.episodes(s, m ? [m] : [], out);
  }

  private pushDistance(tMs: Ms, dt: Ms, visible: TrackedPerson[], out: SceneUpdate[]): void {
    if (this.windowStartMs === null) this.windowStartMs = tMs;
    if (tMs - this.windowStartMs >= this.params.distanceWindowMs) this.closeWindow(tMs, out);
    const pair = pairOf(visible);
    if (!pair) {
      const c = this.close.push(tMs, null);
      this.proximity(c, out);
      return;
    }
    const d = distanceBetween(pair[0], pair[1], this.aspect);
    this.bothMs += dt;
    this.sumCentres += d.centres;
    this.countCentres++;
    this.minCentres = Math.min(this.minCentres, d.centres);
    this.proximity(this.close.push(tMs, d.gap <= this.params.closeGap ? 'close' : null, d.gap), out);
  }

  private proximity(
    updates: readonly { type: string; startMs: Ms; endMs?: Ms; minValue?: number }[],
    out: SceneUpdate[],
  ): void {
    for (const u of updates) {
      if (u.type !== 'end' || u.endMs === undefined) continue;
      out.push({
        type: 'seen',
        event: {
          kind: 'proximity',
          startMs: u.startMs,
          endMs: u.endMs,
          minGap: Number.isFinite(u.minValue) ? (u.minValue as number) : 0,
        },
      });
    }
  }

  private closeWindow(tMs: Ms, out: SceneUpdate[]): void {
    const start = this.windowStartMs;
    if (start !== null && this.countCentres > 0 && tMs > start) {
      out.push({
        type: 'seen',
        event: {
          kind: 'distance',
          startMs: start,
          endMs: tMs,
          meanCentres: this.sumCentres / this.countCentres,
          minCentres: this.minCentres,
          coverage: Math.min(1, this.bothMs / (tMs - start)),
        },
      });
    }
    this.windowStartMs = tMs;
    this.bothMs = 0;
    this.sumCentres = 0;
    this.countCentres = 0;
    this.minCentres = Number.POSITIVE_INFINITY;
  }
}

/**
 * A tracked person's energy on a motion frame: measured in their box when the motion worker had it (visible or
 * remembered at their last place: lying down, half out of view, covered), else from the grid cells the box
 * touches (a person found since the regions were last sent).
 */
function energyOf(t: TrackedPerson, m: SceneMotion): MotionEnergy {
  return m.byRegion.get(t.trackId) ?? maxCellTouching(m.cells, m.gridCols, m.gridRows, t.box);
}

function burst(out: SceneUpdate[], u: BurstUpdate | null): void {
  if (u?.type === 'end') out.push({ type: 'movement', event: u.event });
}

/** The learner and the practitioner when both are in view, else the two people in view when exactly two. */
function pairOf(visible: TrackedPerson[]): [TrackedPerson, TrackedPerson] | null {
  const l = visible.find((t) => t.identity === 'learner');
  const p = visible.find((t) => t.identity === 'practitioner');
  if (l && p) return [l, p];
  if (visible.length === 2 && visible[0] && visible[1]) return [visible[0], visible[1]];
  return null;
}

/** The person whose box holds the face's centre (the smallest such box), or null. */
function ownerOf(face: NormRect, people: TrackedPerson[]): TrackedPerson | null {
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  let best: TrackedPerson | null = null;
  for (const t of people) {
    const b = t.box;
    if (cx < b.x || cx > b.x + b.width || cy < b.y || cy > b.y + b.height) continue;
    if (!best || b.width * b.height < best.box.width * best.box.height) best = t;
  }
  return best;
}

/** Where a head is when its nose was not seen: the top of the box, a tenth of its height down. */
function headOf(t: TrackedPerson): { x: Unit; y: Unit } {
  return { x: t.box.x + t.box.width / 2, y: t.box.y + t.box.height * 0.1 };
}
