import { Container, Sprite } from 'pixi.js';
import { BrightnessGovernor, slew } from '../../core/safety/slew.ts';
import { type LiveView, POSE_STRIDE } from '../../state/live.ts';
import { sceneInfo } from './catalogue.ts';
import {
  DEFAULT_RIPPLES,
  GainFollower,
  MIN_VISIBILITY,
  MotionLights,
  pitchUnit,
  Ripples,
  SpritePool,
  StageMap,
  VoiceBloom,
  voiceAmount,
} from './kit.ts';
import type { SceneContext, SceneDefinition, StageScene } from './types.ts';

/** Pose landmarks joined into a body (BlazePose topology): shoulders, arms, hands, trunk, legs. */
const BONES: readonly (readonly [number, number])[] = [
  [11, 12],
  [11, 13],
  [13, 15],
  [15, 19],
  [12, 14],
  [14, 16],
  [16, 20],
  [11, 23],
  [12, 24],
  [23, 24],
  [23, 25],
  [25, 27],
  [24, 26],
  [26, 28],
];

const PARAMS = Object.freeze({
  /** Lights along each bone, and their size (share of the stage's shorter side). */
  perBone: 6,
  size: 0.09,
  headSize: 0.22,
  /** The body's light at rest, and how much a voice adds. */
  restAlpha: 0.28,
  voiceAlpha: 0.25,
  /** Each light follows its landmark over about this long: smooth, never a jump when the model wavers. */
  followMs: 90,
  /** A body not seen fades out over this long (and in again as quickly). */
  presence: { riseMs: 400, fallMs: 900 },
  motion: { atThreshold: 0.5, maxAlpha: 0.35, sizeInCells: 1.2, rates: { riseMs: 200, fallMs: 700 } },
  pitchLift: 0.15,
});

/**
 * Mirror: the learner's own body as a soft silhouette of light, mirrored, that moves as they move; any
 * movement glows where it happened; the voice brightens the whole figure and blooms from the head, higher for
 * a higher voice; a touch ripples. "That is me."
 */
class ShadowScene implements StageScene {
  readonly root = new Container();
  private readonly body: SpritePool;
  private readonly head: Sprite;
  private readonly motion: MotionLights;
  private readonly bloom: VoiceBloom;
  private readonly ripples: Ripples;
  private readonly gain = new GainFollower();
  private readonly map = new StageMap();
  private readonly voice = new BrightnessGovernor();
  /** Smoothed stage position of every landmark drawn. */
  private readonly lx = new Float32Array(33);
  private readonly ly = new Float32Array(33);
  private presence = 0;
  private seen = false;
  private lift = 0;

  constructor(private readonly ctx: SceneContext) {
    this.motion = new MotionLights(this.root, ctx.glow, ctx.palette.primary, PARAMS.motion);
    const layer = new Container();
    this.root.addChild(layer);
    this.body = new SpritePool(layer, ctx.glow, ctx.palette.primary, BONES.length * PARAMS.perBone);
    for (let i = 0; i < this.body.sprites.length; i++) this.body.take(0);
    this.head = new Sprite(ctx.glow);
    this.head.anchor.set(0.5);
    this.head.tint = ctx.palette.primary;
    layer.addChild(this.head);
    this.bloom = new VoiceBloom(this.root, ctx.glow, ctx.palette.primary);
    this.ripples = new Ripples(this.root, ctx.palette.primary, DEFAULT_RIPPLES, ctx.glow);
  }

  touch(x: number, y: number, nowMs: number): void {
    this.ripples.touch(x, y, nowMs);
  }

  update(live: LiveView, nowMs: number, dtMs: number, width: number, height: number): void {
    this.map.update(width, height, live.cameraAspect);
    const size = Math.min(width, height);
    const k = this.ctx.scale;
    this.root.alpha = this.gain.step(live, dtMs);
    this.motion.update(live, this.map, dtMs, k.size);
    const visible = live.poseCount > 0 && (live.pose[11 * POSE_STRIDE + 2] ?? 0) >= MIN_VISIBILITY;
    this.presence = slew(this.presence, visible ? 1 : 0, dtMs, PARAMS.presence);
    if (visible) this.follow(live, dtMs);
    const v = this.voice.step(voiceAmount(live), dtMs, nowMs);
    const alpha = this.presence * (PARAMS.restAlpha + PARAMS.voiceAlpha * v);
    const d = size * PARAMS.size * k.size;
    const sprites = this.body.sprites;
    for (let b = 0; b < BONES.length; b++) {
      const [p, q] = BONES[b] as readonly [number, number];
      const shown = this.shown(live, p) && this.shown(live, q);
      for (let j = 0; j < PARAMS.perBone; j++) {
        const s = sprites[b * PARAMS.perBone + j] as Sprite;
        s.visible = shown && alpha > 0.004;
        if (!s.visible) continue;
        const t = (j + 0.5) / PARAMS.perBone;
        s.position.set(
          (this.lx[p] ?? 0) + ((this.lx[q] ?? 0) - (this.lx[p] ?? 0)) * t,
          (this.ly[p] ?? 0) + ((this.ly[q] ?? 0) - (this.ly[p] ?? 0)) * t,
        );
        s.width = s.height = d;
        s.alpha = alpha;
      }
    }
    this.head.visible = this.shown(live, 0) && alpha > 0.004;
    this.head.position.set(this.lx[0] ?? 0, this.ly[0] ?? 0);
    this.head.width = this.head.height = size * PARAMS.headSize * k.size;
    this.head.alpha = alpha;
    const pitch = pitchUnit(live.pitchHz);
    if (pitch !== null) this.lift += Math.min(1, dtMs / 200) * (pitch - this.lift);
    const hx = this.seen ? (this.lx[0] ?? width / 2) : width / 2;
    const hy = (this.seen ? (this.ly[0] ?? height / 2) : height / 2) - this.lift * PARAMS.pitchLift * height;
    this.bloom.update(live, dtMs, nowMs, hx, hy, size * 0.8 * k.size, 0.6);
    this.ripples.update(nowMs, size, k.size);
  }

  private shown(live: LiveView, landmark: number): boolean {
    return this.seen && (live.pose[landmark * POSE_STRIDE + 2] ?? 0) >= MIN_VISIBILITY;
  }

  private follow(live: LiveView, dtMs: number): void {
    const a = this.seen ? Math.min(1, dtMs / PARAMS.followMs) : 1;
    for (let i = 0; i < 33; i++) {
      const x = this.map.x(live.pose[i * POSE_STRIDE] ?? 0);
      const y = this.map.y(live.pose[i * POSE_STRIDE + 1] ?? 0);
      this.lx[i] = (this.lx[i] ?? 0) + a * (x - (this.lx[i] ?? 0));
      this.ly[i] = (this.ly[i] ?? 0) + a * (y - (this.ly[i] ?? 0));
    }
    this.seen = true;
  }

  destroy(): void {
    this.root.destroy({ children: true });
  }
}

export const shadow: SceneDefinition<typeof PARAMS> = {
  ...sceneInfo('shadow'),
  params: PARAMS,
  create: (ctx) => new ShadowScene(ctx),
};
