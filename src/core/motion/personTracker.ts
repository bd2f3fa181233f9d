import type { Ms, Unit } from '../units.ts';
import type { NormRect } from './motionEnergy.ts';

/**
 * Who is who when two people are in view. The pose model gives a list of people per frame, in no stable
 * order; the practitioner taps the learner once in the camera preview, and from then on identities are kept by
 * position and size (learners mostly stay where they are; the practitioner moves around them).
 *
 * Geometry is done in "square" units, frame heights: x is multiplied by the frame's aspect (width / height) so
 * that a distance means the same across and down the picture. A person's size is sqrt(width x height) of their
 * box in those units unless the caller gives a better one (e.g. from shoulder and hip landmarks, which cropping
 * at the frame edge does not shrink).
 */

export interface DetectedPerson {
  /** Bounding box of the person's landmarks, normalised 0..1 of the frame. */
  box: NormRect;
  /** Body centre if known (e.g. the mean of torso landmarks), normalised; defaults to the box centre. */
  centroid?: { x: Unit; y: Unit };
  /** Body size in frame heights if known; defaults to sqrt(box width x box height) in square units. */
  size?: number;
}

export type PersonIdentity = 'learner' | 'practitioner' | 'unknown';

export interface TrackedPerson {
  readonly trackId: number;
  identity: PersonIdentity;
  /** Last box seen, normalised. */
  box: NormRect;
  /** Centre, normalised 0..1 of the frame. */
  x: Unit;
  y: Unit;
  /** Size in frame heights. */
  size: number;
  /** Velocity in frame heights per ms (square units), smoothed; used to predict through crossings. */
  vx: number;
  vy: number;
  lastSeenMs: Ms;
  /** Seen in the latest frame. */
  visible: boolean;
}

export interface PersonTrackerParams {
  /** Weight of |ln(size ratio)| in the matching cost, against centre distance in body sizes. */
  sizeWeight: number;
  /** A visible track and a detection further apart than this cost are different people. */
  maxMatchCost: number;
  /** Same for a track that is out of view (remembered at its last place): it may have moved a little. */
  reacquireMaxCost: number;
  /** Extra cost for matching a remembered track, so that a person in view wins a tie. */
  reacquirePenalty: number;
  /** How long a lost learner or practitioner is remembered for re-finding by position and size. */
  rememberNamedMs: Ms;
  /** How long a lost unknown person is remembered (a missed detection or two). */
  rememberUnknownMs: Ms;
  /** Velocity smoothing: the weight of the newest frame's velocity. */
  velocityWeight: Unit;
  /** Velocity is extrapolated at most this long after a person was last seen. */
  maxPredictMs: Ms;
  /** A tap this close to a person's box (frame heights) is on them; one further from everyone is on nobody. */
  tapReach: number;
  /**
   * A tap on nobody is kept this long and given to the first person seen where it landed: the pose model misses
   * a still person for a frame now and then, and the tap should not go to someone else meanwhile.
   */
  tapMemoryMs: Ms;
}

export const DEFAULT_PERSON_TRACKER_PARAMS: Readonly<PersonTrackerParams> = Object.freeze({
  sizeWeight: 1.5,
  maxMatchCost: 1.2,
  reacquireMaxCost: 1.5,
  reacquirePenalty: 0.2,
  rememberNamedMs: 120_000,
  rememberUnknownMs: 1000,
  velocityWeight: 0.5,
  maxPredictMs: 500,
  tapReach: 0.1,
  tapMemoryMs: 2000,
});

/**
 * How far a point lies outside a box, in frame heights (x scaled by the frame's aspect); 0 inside it.
 */
export function gapToBox(point: { x: Unit; y: Unit }, box: NormRect, aspect: number): number {
  const dx = Math.max(box.x - point.x, 0, point.x - (box.x + box.width)) * aspect;
  const dy = Math.max(box.y - point.y, 0, point.y - (box.y + box.height));
  return Math.hypot(dx, dy);
}

/** A tap that found nobody yet, waiting for someone to be seen there. */
interface PendingTap {
  point: { x: Unit; y: Unit };
  identity: 'learner' | 'practitioner';
  /**
   * Frame time after which it is dropped: `tapMemoryMs` after the tap when its time is known, else after the
   * latest frame before it; null until the first frame when neither is.
   */
  untilMs: Ms | null;
}

/** What a tap did: someone was chosen, it waits for someone to be seen there, or it was dropped unanswered. */
export type TapState = 'chosen' | 'waiting' | 'missed';

/** Assignment is exact (all combinations) up to this many detections; above, greedy by cost. */
const EXACT_MAX_DETECTIONS = 6;

export class PersonTracker {
  readonly params: Readonly<PersonTrackerParams>;
  private tracks: TrackedPerson[] = [];
  private nextId = 1;
  private lastMs: Ms | null = null;
  /** Per detection of the latest frame, its track. */
  private assigned: TrackedPerson[] = [];
  private pending: PendingTap | null = null;
  private lastTap: TapState | null = null;
  /**
   * Width / height of the latest frame, which each `update` brings (cameras differ: 4:3, 16:9). Before the first
   * frame there is no track to measure against, so its value does not matter.
   */
  private aspect = 1;

  constructor(params: Partial<PersonTrackerParams> = {}) {
    this.params = Object.freeze({ ...DEFAULT_PERSON_TRACKER_PARAMS, ...params });
  }

  /** Everyone tracked, in view or remembered. */
  get all(): readonly TrackedPerson[] {
    return this.tracks;
  }

  /** The learner or practitioner, in view or remembered at their last place; null if unknown or forgotten. */
  get(identity: 'learner' | 'practitioner'): TrackedPerson | null {
    return this.tracks.find((t) => t.identity === identity) ?? null;
  }

  /**
   * One frame's detections in, and for each detection (same order) its tracked person. The returned array is
   * reused by the next call.
   */
  update(tMs: Ms, detections: readonly DetectedPerson[], aspect: number): readonly TrackedPerson[] {
    const p = this.params;
    this.aspect = aspect;
    const dt = this.lastMs === null ? 0 : Math.max(0, tMs - this.lastMs);
    this.lastMs = tMs;
    this.tracks = this.tracks.filter(
      (t) =>
        t.visible ||
        tMs - t.lastSeenMs <= (t.identity === 'unknown' ? p.rememberUnknownMs : p.rememberNamedMs),
    );
    const dets = detections.map((d) => this.measure(d));
    const cost = dets.map((d) => this.tracks.map((t) => this.cost(t, d, tMs)));
    const match = dets.length <= EXACT_MAX_DETECTIONS ? this.exactAssign(cost) : this.greedyAssign(cost);

    for (const t of this.tracks) t.visible = false;
    this.assigned.length = 0;
    dets.forEach((d, i) => {
      const ti = match[i] ?? -1;
      let t = ti >= 0 ? this.tracks[ti] : undefined;
      if (t) {
        const since = tMs - t.lastSeenMs;
        if (since > 0 && since <= p.maxPredictMs && dt > 0) {
          const w = p.velocityWeight;
          t.vx = (1 - w) * t.vx + (w * (d.sx - t.x * this.aspect)) / since;
          t.vy = (1 - w) * t.vy + (w * (d.y - t.y)) / since;
        } else {
          t.vx = 0;
          t.vy = 0;
        }
      } else {
        t = {
          trackId: this.nextId++,
          identity: 'unknown',
          box: d.box,
          x: 0,
          y: 0,
          size: 0,
          vx: 0,
          vy: 0,
          lastSeenMs: tMs,
          visible: true,
        };
        this.tracks.push(t);
      }
      t.box = { ...d.box };
      t.x = d.sx / this.aspect;
      t.y = d.y;
      t.size = d.size;
      t.lastSeenMs = tMs;
      t.visible = true;
      this.assigned.push(t);
    });
    this.settlePendingTap(tMs);
    this.inferPractitioner();
    return this.assigned;
  }

  /** What the latest tap did (null before any): for the preview to say so. */
  get tapState(): TapState | null {
    return this.lastTap;
  }

  /** Where a tap is waiting for someone to be seen, if one is. */
  get waitingTap(): { x: Unit; y: Unit } | null {
    return this.pending?.point ?? null;
  }

  private settlePendingTap(tMs: Ms): void {
    const w = this.pending;
    if (!w) return;
    if (w.untilMs === null) w.untilMs = tMs + this.params.tapMemoryMs;
    const found = this.personAt(w.point);
    if (found) {
      this.pending = null;
      this.assign(found, w.identity);
      this.lastTap = 'chosen';
    } else if (tMs > w.untilMs) {
      this.pending = null;
      this.lastTap = 'missed';
    }
  }

  /**
   * The practitioner tapped the learner in the preview at a normalised point. The person in view whose box
   * contains it (the smallest such box, when boxes overlap), or else whose box is within `tapReach` of it,
   * becomes the learner. A tap on nobody is not given to whoever is nearest (that may be the practitioner): it
   * waits up to `tapMemoryMs` for someone to be seen there. Returns the person chosen now, or null.
   *
   * `atMs`, the tap's time on the frames' clock, starts that wait at the tap: when the pose model is slow (a
   * busy PC gives it a frame a second or less), the latest frame may be long past, and counting from it would
   * drop the tap at the very next frame, before staff could see that it was waiting.
   */
  markLearner(point: { x: Unit; y: Unit }, atMs?: Ms): TrackedPerson | null {
    return this.mark(point, 'learner', atMs);
  }

  /** The same for the practitioner (rarely needed: with two people in view the other one is the practitioner). */
  markPractitioner(point: { x: Unit; y: Unit }, atMs?: Ms): TrackedPerson | null {
    return this.mark(point, 'practitioner', atMs);
  }

  /** Forgets everyone (e.g. a new session or another camera). */
  reset(): void {
    this.tracks = [];
    this.assigned.length = 0;
    this.lastMs = null;
    this.pending = null;
    this.lastTap = null;
  }

  private mark(
    point: { x: Unit; y: Unit },
    identity: 'learner' | 'practitioner',
    atMs: Ms | undefined,
  ): TrackedPerson | null {
    const chosen = this.personAt(point);
    if (!chosen) {
      // A newer tap replaces one still waiting.
      const from = atMs === undefined ? this.lastMs : Math.max(atMs, this.lastMs ?? atMs);
      this.pending = {
        point: { ...point },
        identity,
        untilMs: from === null ? null : from + this.params.tapMemoryMs,
      };
      this.lastTap = 'waiting';
      return null;
    }
    this.pending = null;
    this.assign(chosen, identity);
    this.lastTap = 'chosen';
    return chosen;
  }

  /** The person in view a tap at `point` is on: inside their box (the smallest), else the closest within reach. */
  private personAt(point: { x: Unit; y: Unit }): TrackedPerson | null {
    const visible = this.tracks.filter((t) => t.visible);
    const containing = visible
      .filter((t) => contains(t.box, point))
      .sort((a, b) => a.box.width * a.box.height - b.box.width * b.box.height);
    if (containing[0]) return containing[0];
    let best: TrackedPerson | null = null;
    let bestGap = this.params.tapReach;
    for (const t of visible) {
      const gap = gapToBox(point, t.box, this.aspect);
      if (gap <= bestGap) {
        bestGap = gap;
        best = t;
      }
    }
    return best;
  }

  private assign(chosen: TrackedPerson, identity: 'learner' | 'practitioner'): void {
    const other = identity === 'learner' ? 'practitioner' : 'learner';
    for (const t of this.tracks) {
      if (t !== chosen && t.identity === identity) t.identity = 'unknown';
    }
    chosen.identity = identity;
    if (identity === 'learner') {
      // A tap also corrects a wrong practitioner: with one other person in view, that one is the practitioner,
      // whoever was remembered as such.
      const others = this.tracks.filter((t) => t.visible && t !== chosen);
      if (others.length === 1 && others[0]) {
        for (const t of this.tracks) if (t.identity === other) t.identity = 'unknown';
        others[0].identity = other;
      }
    }
  }

  /**
   * In a session of two, the one in view who is not the learner is the practitioner: the practitioner moves
   * around and may come back anywhere, while a learner who comes back is re-found by place (a visitor walking
   * in is not made the learner).
   */
  private inferPractitioner(): void {
    const visible = this.tracks.filter((t) => t.visible);
    if (visible.length !== 2) return;
    const learner = visible.find((t) => t.identity === 'learner');
    const other = visible.find((t) => t.identity !== 'learner');
    if (!learner || !other || other.identity === 'practitioner') return;
    for (const t of this.tracks) if (t.identity === 'practitioner') t.identity = 'unknown';
    other.identity = 'practitioner';
  }

  private measure(d: DetectedPerson): { box: NormRect; sx: number; y: number; size: number } {
    const a = this.aspect;
    const cx = d.centroid?.x ?? d.box.x + d.box.width / 2;
    const cy = d.centroid?.y ?? d.box.y + d.box.height / 2;
    const size = d.size ?? Math.sqrt(Math.max(1e-9, d.box.width * a * d.box.height));
    return { box: d.box, sx: cx * a, y: cy, size };
  }

  /** Centre distance in body sizes plus weighted |ln size ratio|; Infinity beyond the gate. */
  private cost(t: TrackedPerson, d: { sx: number; y: number; size: number }, tMs: Ms): number {
    const p = this.params;
    const since = tMs - t.lastSeenMs;
    const predictMs = Math.min(since, p.maxPredictMs);
    const px = t.x * this.aspect + t.vx * predictMs;
    const py = t.y + t.vy * predictMs;
    const dist = Math.hypot(d.sx - px, d.y - py) / ((t.size + d.size) / 2);
    const c = dist + p.sizeWeight * Math.abs(Math.log(d.size / t.size));
    if (t.visible) return c <= p.maxMatchCost ? c : Number.POSITIVE_INFINITY;
    const r = c + p.reacquirePenalty;
    return c <= p.reacquireMaxCost ? r : Number.POSITIVE_INFINITY;
  }

  /** Minimum total cost, leaving a detection unmatched costing the gate. Few people, so all combinations. */
  private exactAssign(cost: number[][]): number[] {
    const n = cost.length;
    const m = this.tracks.length;
    const unmatched = this.params.reacquireMaxCost + this.params.reacquirePenalty;
    let best = Number.POSITIVE_INFINITY;
    let bestChoice: number[] = new Array(n).fill(-1);
    const choice: number[] = new Array(n).fill(-1);
    const used: boolean[] = new Array(m).fill(false);
    const search = (i: number, acc: number): void => {
      if (acc >= best) return;
      if (i === n) {
        best = acc;
        bestChoice = choice.slice();
        return;
      }
      const row = cost[i] ?? [];
      for (let j = 0; j < m; j++) {
        const c = row[j] ?? Number.POSITIVE_INFINITY;
        if (used[j] || !Number.isFinite(c)) continue;
        used[j] = true;
        choice[i] = j;
        search(i + 1, acc + c);
        used[j] = false;
      }
      choice[i] = -1;
      search(i + 1, acc + unmatched);
    };
    search(0, 0);
    return bestChoice;
  }

  private greedyAssign(cost: number[][]): number[] {
    const pairs: Array<[number, number, number]> = [];
    cost.forEach((row, i) => {
      row.forEach((c, j) => {
        if (Number.isFinite(c)) pairs.push([c, i, j]);
      });
    });
    pairs.sort((a, b) => a[0] - b[0]);
    const out: number[] = new Array(cost.length).fill(-1);
    const usedT = new Set<number>();
    for (const [, i, j] of pairs) {
      if (out[i] !== -1 || usedT.has(j)) continue;
      out[i] = j;
      usedT.add(j);
    }
    return out;
  }
}

function contains(r: NormRect, p: { x: number; y: number }): boolean {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}

export interface PersonDistance {
  /** Centre to centre, in body sizes (the mean of the two sizes). */
  centres: number;
  /** Edge to edge of the boxes, in body sizes; 0 when they overlap (side by side, or one leaning over). */
  gap: number;
  /**
   * Size of b over size of a. Far from 1 means different distances from the camera, which the picture alone
   * cannot measure: the image distance then understates how far apart they are.
   */
  sizeRatio: number;
}

/**
 * How close two people are, for "sharing personal space". Distances in the picture are divided by the mean body
 * size, so the figure is roughly the same whether the pair sit near the camera or far from it (a pair twice as
 * far away look half as big and half as far apart). Depth is not seen: see `sizeRatio`.
 */
export function distanceBetween(
  a: Pick<TrackedPerson, 'box' | 'x' | 'y' | 'size'>,
  b: Pick<TrackedPerson, 'box' | 'x' | 'y' | 'size'>,
  /** The frame's width / height. */
  aspect: number,
): PersonDistance {
  const mean = (a.size + b.size) / 2;
  const centres = Math.hypot((a.x - b.x) * aspect, a.y - b.y) / mean;
  const gx = Math.max(0, Math.max(a.box.x, b.box.x) - Math.min(a.box.x + a.box.width, b.box.x + b.box.width));
  const gy = Math.max(
    0,
    Math.max(a.box.y, b.box.y) - Math.min(a.box.y + a.box.height, b.box.y + b.box.height),
  );
  return { centres, gap: Math.hypot(gx * aspect, gy) / mean, sizeRatio: b.size / a.size };
}
