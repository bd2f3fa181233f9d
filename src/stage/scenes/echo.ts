import { Container, type Sprite } from 'pixi.js';
import { answerNote } from '../../core/respond/pentatonic.ts';
import type { LiveView } from '../../state/live.ts';
import { sceneInfo } from './catalogue.ts';
import {
  DEFAULT_RIPPLES,
  GainFollower,
  MotionLights,
  pitchUnit,
  Ripples,
  SpritePool,
  StageMap,
  voiceAmount,
} from './kit.ts';
import type { SceneContext, SceneDefinition, StageScene } from './types.ts';

const PARAMS = Object.freeze({
  /** A point of contour every this often while someone sounds, kept on screen this long. */
  stepMs: 40,
  lifeMs: 5000,
  pool: 260,
  /** How far a point travels outward over its life, share of the stage's width. */
  travel: 0.4,
  /** Points' size at full voice (share of the stage's shorter side) and brightness. */
  size: 0.07,
  alpha: 0.6,
  fadeIn: 0.05,
  /** The contour's height: pitch from low (bottom of this band) to high (top), shares of the stage's height. */
  low: 0.8,
  high: 0.2,
  motion: { atThreshold: 0.5, maxAlpha: 0.3, sizeInCells: 1.3, rates: { riseMs: 200, fallMs: 700 } },
});

/**
 * Echo: the learner's voice is drawn on the left as a line of light, high for a high voice and big for a loud
 * one, moving leftward as it ages; Attune's answer is drawn on the right in the second colour, at the height of
 * the note it plays, moving rightward: the two turns side by side, the same shape answered. Movement glows where
 * it happened; a touch ripples. "You answered me; now it is my turn."
 */
class EchoScene implements StageScene {
  readonly root = new Container();
  private readonly learner: SpritePool;
  private readonly attune: SpritePool;
  private readonly learnerPitch: Float32Array;
  private readonly attunePitch: Float32Array;
  private readonly learnerLevel: Float32Array;
  private readonly motion: MotionLights;
  private readonly ripples: Ripples;
  private readonly gain = new GainFollower();
  private readonly map = new StageMap();
  private lastLearnerMs = Number.NEGATIVE_INFINITY;
  private lastAttuneMs = Number.NEGATIVE_INFINITY;
  private lastPitch = 0.4;

  constructor(private readonly ctx: SceneContext) {
    this.motion = new MotionLights(this.root, ctx.glow, ctx.palette.primary, PARAMS.motion);
    const n = Math.round(PARAMS.pool * Math.max(0.6, ctx.scale.density));
    this.learner = new SpritePool(this.root, ctx.glow, ctx.palette.primary, n);
    this.attune = new SpritePool(this.root, ctx.glow, ctx.palette.secondary, n);
    for (const p of [this.learner, this.attune]) for (const s of p.sprites) s.visible = false;
    this.learnerPitch = new Float32Array(n);
    this.attunePitch = new Float32Array(n);
    this.learnerLevel = new Float32Array(n);
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
    const voice = voiceAmount(live);
    if (voice > 0 && nowMs - this.lastLearnerMs >= PARAMS.stepMs) {
      this.lastLearnerMs = nowMs;
      const pitch = pitchUnit(live.pitchHz);
      // An unpitched sound (a breath with voice) is drawn at the height of the last pitched one.
      if (pitch !== null) this.lastPitch = pitch;
      const i = this.learner.take(nowMs);
      this.learnerPitch[i] = this.lastPitch;
      this.learnerLevel[i] = voice;
      (this.learner.sprites[i] as Sprite).alpha = 0;
    }
    const a = live.answer;
    if (a && nowMs >= a.startPerfMs && nowMs <= a.endPerfMs && nowMs - this.lastAttuneMs >= PARAMS.stepMs) {
      this.lastAttuneMs = nowMs;
      const i = this.attune.take(nowMs);
      this.attunePitch[i] = pitchUnit(answerNote(a.pitchHz)) ?? 0.4;
      (this.attune.sprites[i] as Sprite).alpha = 0;
    }
    const life = PARAMS.lifeMs / Math.max(0.5, k.speed);
    this.draw(this.learner, this.learnerPitch, this.learnerLevel, -1, nowMs, life, width, height, size);
    this.draw(this.attune, this.attunePitch, null, 1, nowMs, life, width, height, size);
    this.ripples.update(nowMs, size, k.size);
  }

  /** One side's contour: `side` -1 is the learner's (left, moving left), 1 Attune's (right, moving right). */
  private draw(
    pool: SpritePool,
    pitch: Float32Array,
    level: Float32Array | null,
    side: number,
    nowMs: number,
    life: number,
    width: number,
    height: number,
    size: number,
  ): void {
    const { sprites, born } = pool;
    const d = size * PARAMS.size * this.ctx.scale.size;
    for (let i = 0; i < sprites.length; i++) {
      const s = sprites[i] as Sprite;
      if (!s.visible) continue;
      const age = (nowMs - (born[i] ?? 0)) / life;
      if (age >= 1) {
        s.visible = false;
        continue;
      }
      const x = width / 2 + side * width * (0.04 + PARAMS.travel * age);
      const y = height * (PARAMS.low + (PARAMS.high - PARAMS.low) * (pitch[i] ?? 0));
      s.position.set(x, y);
      s.width = s.height = d * (level ? 0.5 + (level[i] ?? 0) : 1);
      s.alpha = PARAMS.alpha * Math.min(1, age / PARAMS.fadeIn) * (1 - age);
    }
  }

  destroy(): void {
    this.root.destroy({ children: true });
  }
}

export const echo: SceneDefinition<typeof PARAMS> = {
  ...sceneInfo('echo'),
  params: PARAMS,
  create: (ctx) => new EchoScene(ctx),
};
