import { Container, type Sprite } from 'pixi.js';
import { BrightnessGovernor } from '../../core/safety/slew.ts';
import type { LiveView } from '../../state/live.ts';
import { sceneInfo } from './catalogue.ts';
import { GainFollower, MotionLights, pitchUnit, Ripples, SpritePool, StageMap, voiceAmount } from './kit.ts';
import type { SceneContext, SceneDefinition, StageScene } from './types.ts';

const PARAMS = Object.freeze({
  /** Particles at medium intensity (intensity's density scales it). */
  count: 140,
  size: 0.035,
  alpha: 0.55,
  /** Pull toward where movement is, px per ms² per unit of movement at medium speed, and drag per ms. */
  pull: 0.000_004,
  drag: 0.0018,
  /** With nothing happening the swarm rests, drifting slowly round the middle. */
  restPull: 0.000_000_6,
  /** The movement's own direction carries the swarm along (share of the movement's velocity per ms). */
  carry: 0.002,
  /** A voice pushes the swarm outward and lifts it with its pitch. */
  voicePush: 0.000_003,
  pitchLift: 0.3,
  /** A touch draws the swarm to it for this long. */
  touchMs: 1500,
  motion: { atThreshold: 0.5, maxAlpha: 0.3, sizeInCells: 1.3, rates: { riseMs: 200, fallMs: 700 } },
});

/**
 * Particles: a swarm of small lights drawn toward where the learner moves and carried the way they move; a voice
 * spreads the swarm and lifts it with its pitch; a touch calls the swarm to the finger. "It comes to me."
 */
class SwarmScene implements StageScene {
  readonly root = new Container();
  private readonly pool: SpritePool;
  private readonly motion: MotionLights;
  private readonly ripples: Ripples;
  private readonly gain = new GainFollower();
  private readonly map = new StageMap();
  private readonly px: Float32Array;
  private readonly py: Float32Array;
  private readonly vx: Float32Array;
  private readonly vy: Float32Array;
  private touchX = 0;
  private touchY = 0;
  private touchMs = Number.NEGATIVE_INFINITY;
  private placed = false;
  /** How lively the swarm looks (size and brightness), through the flash-safe governor: voice or movement. */
  private readonly lively = new BrightnessGovernor();

  constructor(private readonly ctx: SceneContext) {
    this.motion = new MotionLights(this.root, ctx.glow, ctx.palette.primary, PARAMS.motion);
    const n = Math.round(PARAMS.count * ctx.scale.density);
    this.pool = new SpritePool(this.root, ctx.glow, ctx.palette.primary, n);
    this.px = new Float32Array(n);
    this.py = new Float32Array(n);
    this.vx = new Float32Array(n);
    this.vy = new Float32Array(n);
    for (let i = 0; i < n; i++) this.pool.take(0);
    this.ripples = new Ripples(this.root, ctx.palette.primary);
  }

  touch(x: number, y: number, nowMs: number): void {
    this.touchX = x;
    this.touchY = y;
    this.touchMs = nowMs;
    this.ripples.touch(x, y, nowMs);
  }

  update(live: LiveView, nowMs: number, dtMs: number, width: number, height: number): void {
    this.map.update(width, height, live.cameraAspect);
    const size = Math.min(width, height);
    const k = this.ctx.scale;
    if (!this.placed) this.scatter(width, height);
    this.root.alpha = this.gain.step(live, dtMs);
    this.motion.update(live, this.map, dtMs, k.size);
    const m = this.motion;
    const moving = Math.min(1, m.amount / 2);
    const touching = nowMs - this.touchMs < PARAMS.touchMs;
    const tx = touching ? this.touchX : moving > 0.05 ? m.cx : width / 2;
    const pitch = pitchUnit(live.pitchHz);
    const ty = touching
      ? this.touchY
      : moving > 0.05
        ? m.cy
        : height / 2 - (pitch === null ? 0 : (pitch - 0.4) * PARAMS.pitchLift * height);
    const pull =
      touching || moving > 0.05 ? PARAMS.pull * Math.max(moving, touching ? 1 : 0) : PARAMS.restPull;
    const voice = voiceAmount(live);
    const dt = Math.min(50, dtMs) * k.speed;
    const sprites = this.pool.sprites;
    const d = size * PARAMS.size * k.size;
    const lively = this.lively.step(Math.max(moving, voice), dtMs, nowMs);
    for (let i = 0; i < sprites.length; i++) {
      const dx = tx - (this.px[i] ?? 0);
      const dy = ty - (this.py[i] ?? 0);
      const r = Math.hypot(dx, dy) + 1;
      // Pulled in, pushed out by the voice, a little sideways so that the swarm circles instead of collapsing.
      let ax = pull * dx - (voice * PARAMS.voicePush * size * dx) / r + pull * dy * 0.6 * (i % 2 ? 1 : -1);
      let ay = pull * dy - (voice * PARAMS.voicePush * size * dy) / r - pull * dx * 0.6 * (i % 2 ? 1 : -1);
      ax += PARAMS.carry * m.vx * moving;
      ay += PARAMS.carry * m.vy * moving;
      const vx = ((this.vx[i] ?? 0) + ax * dt) * (1 - PARAMS.drag * dt);
      const vy = ((this.vy[i] ?? 0) + ay * dt) * (1 - PARAMS.drag * dt);
      this.vx[i] = vx;
      this.vy[i] = vy;
      const x = Math.min(width, Math.max(0, (this.px[i] ?? 0) + vx * dt));
      const y = Math.min(height, Math.max(0, (this.py[i] ?? 0) + vy * dt));
      this.px[i] = x;
      this.py[i] = y;
      const s = sprites[i] as Sprite;
      s.position.set(x, y);
      s.width = s.height = d * (1 + 0.6 * lively);
      s.alpha = PARAMS.alpha * (0.5 + 0.5 * lively);
    }
    this.ripples.update(nowMs, size, k.size);
  }

  /** A calm even spread to start from (deterministic: the same scene always starts the same way). */
  private scatter(width: number, height: number): void {
    const n = this.px.length;
    for (let i = 0; i < n; i++) {
      const a = i * 2.399_963;
      const r = Math.sqrt((i + 0.5) / n) * Math.min(width, height) * 0.4;
      this.px[i] = width / 2 + r * Math.cos(a);
      this.py[i] = height / 2 + r * Math.sin(a);
    }
    this.placed = true;
  }

  destroy(): void {
    this.root.destroy({ children: true });
  }
}

export const swarm: SceneDefinition<typeof PARAMS> = {
  ...sceneInfo('swarm'),
  params: PARAMS,
  create: (ctx) => new SwarmScene(ctx),
};
