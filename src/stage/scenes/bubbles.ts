import { Container, type Sprite } from 'pixi.js';
import type { LiveView } from '../../state/live.ts';
import { sceneInfo } from './catalogue.ts';
import { GainFollower, MotionLights, pitchUnit, Ripples, SpritePool, StageMap, voiceAmount } from './kit.ts';
import type { SceneContext, SceneDefinition, StageScene } from './types.ts';

const PARAMS = Object.freeze({
  pool: 90,
  /** Bubbles made at most this often at medium density (movement, voice and touch together). */
  minSpawnMs: 110,
  /** A bubble's life, rise (share of the stage's height per second at medium speed) and size. */
  lifeMs: 3200,
  rise: 0.16,
  size: 0.07,
  alpha: 0.6,
  fadeIn: 0.15,
  /** The movement's own direction drifts the bubbles it makes (share of its velocity). */
  carry: 0.4,
  /** Bubbles a touch lets go of, round the finger. */
  perTouch: 5,
  motion: { atThreshold: 0.5, maxAlpha: 0.3, sizeInCells: 1.3, rates: { riseMs: 200, fallMs: 700 } },
});

/**
 * Bubbles: movement lets bubbles go where it happened, drifting the way it went; the voice blows bubbles from
 * the bottom of the board, bigger for a louder voice and further right for a higher one; a touch ripples and
 * lets a handful go round the finger. "I touch, and it answers there."
 */
class BubblesScene implements StageScene {
  readonly root = new Container();
  private readonly pool: SpritePool;
  private readonly motion: MotionLights;
  private readonly ripples: Ripples;
  private readonly gain = new GainFollower();
  private readonly map = new StageMap();
  private readonly vx: Float32Array;
  private readonly baseSize: Float32Array;
  private lastSpawnMs = Number.NEGATIVE_INFINITY;
  private width = 1;
  private height = 1;
  private touches = 0;
  private touchX = 0;
  private touchY = 0;

  constructor(private readonly ctx: SceneContext) {
    this.motion = new MotionLights(this.root, ctx.glow, ctx.palette.primary, PARAMS.motion);
    const n = Math.round(PARAMS.pool * Math.max(0.6, ctx.scale.density));
    this.pool = new SpritePool(this.root, ctx.ring, ctx.palette.primary, n);
    this.vx = new Float32Array(n);
    this.baseSize = new Float32Array(n);
    this.ripples = new Ripples(this.root, ctx.palette.primary);
  }

  touch(x: number, y: number, nowMs: number): void {
    if (!this.ripples.touch(x, y, nowMs)) return;
    // Let go over the next frames (spawn spacing still applies), so a touch storm cannot fill the screen.
    this.touches = PARAMS.perTouch;
    this.touchX = x;
    this.touchY = y;
  }

  update(live: LiveView, nowMs: number, dtMs: number, width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.map.update(width, height, live.cameraAspect);
    const size = Math.min(width, height);
    const k = this.ctx.scale;
    this.root.alpha = this.gain.step(live, dtMs);
    this.motion.update(live, this.map, dtMs, k.size);
    if (nowMs - this.lastSpawnMs >= PARAMS.minSpawnMs / k.density) this.spawn(live, nowMs, size);
    const life = PARAMS.lifeMs / Math.max(0.5, k.speed);
    const rise = (PARAMS.rise * height * k.speed * dtMs) / 1000;
    const { sprites, born } = this.pool;
    for (let i = 0; i < sprites.length; i++) {
      const s = sprites[i] as Sprite;
      if (!s.visible) continue;
      const age = (nowMs - (born[i] ?? 0)) / life;
      if (age >= 1 || s.y < -size * 0.2) {
        s.visible = false;
        continue;
      }
      s.position.set(s.x + (this.vx[i] ?? 0) * dtMs, s.y - rise);
      // A slow wobble as it rises.
      s.width = s.height = (this.baseSize[i] ?? 0) * (1 + 0.06 * Math.sin(age * 12 + i));
      s.alpha = PARAMS.alpha * Math.min(1, age / PARAMS.fadeIn) * (1 - age);
    }
    this.ripples.update(nowMs, size, k.size);
  }

  /** At most one bubble a step: from a touch, else the voice, else the busiest moving cell. */
  private spawn(live: LiveView, nowMs: number, size: number): void {
    const k = this.ctx.scale;
    let x: number;
    let y: number;
    let scale = 1;
    let drift = 0;
    const voice = voiceAmount(live);
    if (this.touches > 0) {
      this.touches--;
      const a = this.touches * 1.3;
      x = this.touchX + Math.cos(a) * size * 0.05;
      y = this.touchY + Math.sin(a) * size * 0.05;
    } else if (voice > 0) {
      const pitch = pitchUnit(live.pitchHz) ?? 0.4;
      x = this.width * (0.2 + 0.6 * pitch);
      y = this.height * 0.95;
      scale = 0.7 + voice;
    } else {
      let best = -1;
      let bestRatio = 1;
      const n = live.motionCols * live.motionRows;
      for (let i = 0; i < n; i++) {
        const r = live.motionCells[i] ?? 0;
        if (r >= bestRatio) {
          bestRatio = r;
          best = i;
        }
      }
      if (best < 0) return;
      x = this.map.x(((best % live.motionCols) + 0.5) / live.motionCols);
      y = this.map.y((Math.floor(best / live.motionCols) + 0.5) / live.motionRows);
      scale = Math.min(1.6, 0.6 + 0.2 * bestRatio);
      drift = this.motion.vx * PARAMS.carry;
    }
    this.lastSpawnMs = nowMs;
    const i = this.pool.take(nowMs);
    const s = this.pool.sprites[i] as Sprite;
    s.position.set(x, y);
    s.alpha = 0;
    this.baseSize[i] = size * PARAMS.size * k.size * scale;
    this.vx[i] = drift;
  }

  destroy(): void {
    this.root.destroy({ children: true });
  }
}

export const bubbles: SceneDefinition<typeof PARAMS> = {
  ...sceneInfo('bubbles'),
  params: PARAMS,
  create: (ctx) => new BubblesScene(ctx),
};
