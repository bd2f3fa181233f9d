import { Container, type Sprite } from 'pixi.js';
import type { LiveView } from '../../state/live.ts';
import { sceneInfo } from './catalogue.ts';
import { GainFollower, MotionLights, pitchUnit, Ripples, SpritePool, StageMap, VoiceBloom } from './kit.ts';
import type { SceneContext, SceneDefinition, StageScene } from './types.ts';

const PARAMS = Object.freeze({
  /**
   * Big, soft and generous: the smallest movement over threshold already lights a wide patch (a learner at the
   * first rung has to notice that something happened at all).
   */
  motion: { atThreshold: 0.7, maxAlpha: 0.55, sizeInCells: 2.4, rates: { riseMs: 250, fallMs: 900 } },
  /** The voice fills the field's middle, and sits higher for a higher voice (share of the stage's height). */
  voiceSize: 1.4,
  pitchLift: 0.3,
  /** A touch leaves a soft light where it was, as well as its ring. */
  touchGlowMs: 1600,
  touchGlowAlpha: 0.4,
  touchGlowSize: 0.35,
});

/**
 * Glow: a dark field that blooms from the smallest action. Movement anywhere lights wide soft patches where it
 * happened, the voice lights the middle of the field, a touch leaves a light where the hand was: "anything I do
 * makes something happen".
 */
class GlowScene implements StageScene {
  readonly root = new Container();
  private readonly motion: MotionLights;
  private readonly bloom: VoiceBloom;
  private readonly touches: SpritePool;
  private readonly ripples: Ripples;
  private readonly gain = new GainFollower();
  private readonly map = new StageMap();
  private lift = 0;

  constructor(private readonly ctx: SceneContext) {
    this.bloom = new VoiceBloom(this.root, ctx.glow, ctx.palette.primary);
    this.motion = new MotionLights(this.root, ctx.glow, ctx.palette.primary, PARAMS.motion);
    this.touches = new SpritePool(this.root, ctx.glow, ctx.palette.primary, 6);
    this.ripples = new Ripples(this.root, ctx.palette.primary);
  }

  touch(x: number, y: number, nowMs: number): void {
    if (!this.ripples.touch(x, y, nowMs)) return;
    const s = this.touches.sprites[this.touches.take(nowMs)] as Sprite;
    s.position.set(x, y);
    s.alpha = 0;
  }

  update(live: LiveView, nowMs: number, dtMs: number, width: number, height: number): void {
    this.map.update(width, height, live.cameraAspect);
    const size = Math.min(width, height);
    const k = this.ctx.scale;
    this.root.alpha = this.gain.step(live, dtMs);
    this.motion.update(live, this.map, dtMs, k.size);
    const pitch = pitchUnit(live.pitchHz);
    if (pitch !== null) this.lift += Math.min(1, dtMs / 250) * (pitch - 0.4 - this.lift);
    const y = height / 2 - this.lift * PARAMS.pitchLift * height;
    this.bloom.update(live, dtMs, nowMs, width / 2, y, size * PARAMS.voiceSize * k.size, 0.7);
    const { sprites, born } = this.touches;
    for (let i = 0; i < sprites.length; i++) {
      const s = sprites[i] as Sprite;
      if (!s.visible) continue;
      const age = (nowMs - (born[i] ?? 0)) / PARAMS.touchGlowMs;
      if (age >= 1) {
        s.visible = false;
        continue;
      }
      // In over a quarter of its life, out over the rest: a touch is a fade, never a flash.
      s.alpha = PARAMS.touchGlowAlpha * Math.min(1, age * 4) * (1 - age);
      s.width = s.height = size * PARAMS.touchGlowSize * k.size * (0.6 + 0.4 * age);
    }
    this.ripples.update(nowMs, size, k.size);
  }

  destroy(): void {
    this.root.destroy({ children: true });
  }
}

export const glow: SceneDefinition<typeof PARAMS> = {
  ...sceneInfo('glow'),
  params: PARAMS,
  create: (ctx) => new GlowScene(ctx),
};
