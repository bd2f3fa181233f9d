import { Container, type Sprite } from 'pixi.js';
import { HAND_LANDMARKS, type LiveView, POSE_STRIDE } from '../../state/live.ts';
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
} from './kit.ts';
import type { SceneContext, SceneDefinition, StageScene } from './types.ts';

const PARAMS = Object.freeze({
  /** How long a trail stays on screen: long enough for slow looking (cerebral visual impairment). */
  trailLifeMs: 1800,
  trailPool: 260,
  trailAlpha: 0.5,
  trailFadeInMs: 150,
  /** A dot's size, share of the stage's shorter side. */
  trailSize: 0.12,
  /** Movement away from the hands (a nod, a finger the pose model does not place) glows softly in place. */
  motion: { atThreshold: 0.6, maxAlpha: 0.55, sizeInCells: 1.4, rates: { riseMs: 200, fallMs: 700 } },
  /** The voice's light rises above the mouth with the voice's pitch, this share of the stage's height. */
  pitchLift: 0.25,
});

/**
 * Trails: the hands leave soft glowing trails where they move, any other movement glows where it happened, a
 * voice blooms light from the mouth (higher as the voice rises), a touch makes a ripple. The mirror the learner
 * sees of their own hands: "where I move, it draws".
 */
class TrailsScene implements StageScene {
  readonly root = new Container();
  private readonly trails = new Container();
  private readonly dots: SpritePool;
  private readonly motion: MotionLights;
  private readonly bloom: VoiceBloom;
  private readonly ripples: Ripples;
  private readonly gain = new GainFollower();
  private readonly map = new StageMap();
  private readonly lastHand: ({ x: number; y: number } | null)[] = [null, null];
  readonly handsOnStage: ({ x: number; y: number } | null)[] = [null, null];
  private lift = 0;

  constructor(private readonly ctx: SceneContext) {
    const motionLayer = new Container();
    this.root.addChild(motionLayer);
    this.motion = new MotionLights(motionLayer, ctx.glow, ctx.palette.primary, PARAMS.motion);
    this.bloom = new VoiceBloom(this.root, ctx.glow, ctx.palette.primary);
    this.root.addChild(this.trails);
    const count = Math.round(PARAMS.trailPool * Math.min(1.3, ctx.scale.density));
    // Normal blending: overlapping trails settle on the learner's colour instead of adding up to white, which
    // keeps the one saturated colour that cerebral visual impairment needs, and bounds brightness.
    this.dots = new SpritePool(this.trails, ctx.glow, ctx.palette.primary, count);
    this.ripples = new Ripples(this.root, ctx.palette.primary, DEFAULT_RIPPLES, ctx.glow);
  }

  touch(x: number, y: number, nowMs: number): void {
    this.ripples.touch(x, y, nowMs);
  }

  update(live: LiveView, nowMs: number, dtMs: number, width: number, height: number): void {
    this.map.update(width, height, live.cameraAspect);
    const size = Math.min(width, height);
    this.root.alpha = this.gain.step(live, dtMs);
    this.motion.update(live, this.map, dtMs, this.ctx.scale.size);
    this.updateHands(live, nowMs, size);
    this.fadeTrails(nowMs);
    const nose = live.poseCount > 0 && (live.pose[2] ?? 0) >= MIN_VISIBILITY;
    const pitch = pitchUnit(live.pitchHz);
    // The light drifts toward the voice's pitch, so a rising voice is seen rising.
    if (pitch !== null) this.lift += Math.min(1, dtMs / 200) * (pitch - this.lift);
    const x = nose ? this.map.x(live.pose[0] ?? 0.5) : width / 2;
    const y = (nose ? this.map.y(live.pose[1] ?? 0.5) : height / 2) - this.lift * PARAMS.pitchLift * height;
    this.bloom.update(live, dtMs, nowMs, x, y, size * 0.9 * this.ctx.scale.size);
    this.ripples.update(nowMs, size, this.ctx.scale.size);
  }

  private updateHands(live: LiveView, nowMs: number, size: number): void {
    const tips = [HAND_LANDMARKS.leftIndex, HAND_LANDMARKS.rightIndex];
    const wrists = [HAND_LANDMARKS.leftWrist, HAND_LANDMARKS.rightWrist];
    for (let h = 0; h < 2; h++) {
      const tip = tips[h] ?? 0;
      const wrist = wrists[h] ?? 0;
      const useTip = (live.pose[tip * POSE_STRIDE + 2] ?? 0) >= MIN_VISIBILITY;
      const i = (useTip ? tip : wrist) * POSE_STRIDE;
      const visible = live.poseCount > 0 && (live.pose[i + 2] ?? 0) >= MIN_VISIBILITY;
      if (!visible) {
        this.lastHand[h] = null;
        this.handsOnStage[h] = null;
        continue;
      }
      const x = this.map.x(live.pose[i] ?? 0);
      const y = this.map.y(live.pose[i + 1] ?? 0);
      const last = this.lastHand[h];
      // Fill the gap between two detections so a quick movement leaves a continuous stroke.
      const steps = last
        ? Math.min(8, Math.max(1, Math.ceil(Math.hypot(x - last.x, y - last.y) / (size * 0.02))))
        : 1;
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        const dot = this.dots.sprites[this.dots.take(nowMs)] as Sprite;
        dot.position.set(last ? last.x + (x - last.x) * t : x, last ? last.y + (y - last.y) * t : y);
        dot.width = dot.height = size * PARAMS.trailSize * this.ctx.scale.size;
      }
      const held = this.handsOnStage[h];
      if (held) {
        held.x = x;
        held.y = y;
      } else this.handsOnStage[h] = { x, y };
      this.lastHand[h] = this.handsOnStage[h] ?? null;
    }
  }

  private fadeTrails(nowMs: number): void {
    const life = PARAMS.trailLifeMs / Math.max(0.5, this.ctx.scale.speed);
    const { sprites, born } = this.dots;
    for (let i = 0; i < sprites.length; i++) {
      const dot = sprites[i] as Sprite;
      if (!dot.visible) continue;
      const age = (nowMs - (born[i] ?? 0)) / life;
      if (age >= 1) {
        dot.visible = false;
        continue;
      }
      // Fades in, then out slowly and evenly: a hand passing over the same place again and again cannot
      // make that place flash (a fall of 10 % takes over half a second).
      dot.alpha = PARAMS.trailAlpha * Math.min(1, (age * life) / PARAMS.trailFadeInMs) * (1 - age);
    }
  }

  destroy(): void {
    this.root.destroy({ children: true });
  }
}

export const trails: SceneDefinition<typeof PARAMS> = {
  ...sceneInfo('trails'),
  params: PARAMS,
  create: (ctx) => new TrailsScene(ctx),
};
