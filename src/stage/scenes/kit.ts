import { type Container, Graphics, Sprite, type Texture } from 'pixi.js';
import { BrightnessGovernor, type SlewRates, slew } from '../../core/safety/slew.ts';
import type { LiveView } from '../../state/live.ts';

/** Calm reaches its soft state within 2 s (a safety rule) and comes back more gently still. */
export const CALM_RATES: SlewRates = { riseMs: 2500, fallMs: 1800 };
/** Landmark visibility below which a point is not drawn: a guess would draw light where nobody moved. */
export const MIN_VISIBILITY = 0.5;

/**
 * Camera coordinates (0..1 of the image) to stage pixels, mirrored and "contain"-fitted as `cameraToStage`,
 * kept in one object that each frame updates instead of making a new mapping.
 */
export class StageMap {
  left = 0;
  top = 0;
  width = 1;
  height = 1;

  update(stageW: number, stageH: number, cameraAspect: number): void {
    this.width = Math.min(stageW, stageH * cameraAspect);
    this.height = this.width / cameraAspect;
    this.left = (stageW - this.width) / 2;
    this.top = (stageH - this.height) / 2;
  }

  x(cameraX: number): number {
    return this.left + (1 - cameraX) * this.width;
  }

  y(cameraY: number): number {
    return this.top + cameraY * this.height;
  }
}

/** How much voice there is now, 0..1: loudness above the voice threshold over a 30 dB range. */
export function voiceAmount(live: LiveView): number {
  const above = live.voiced ? (live.levelDbfs - live.thresholdDbfs) / 30 : 0;
  return above > 0 ? Math.min(1, 0.25 + above) : 0;
}

/** Pitch on a log scale, 0 at 80 Hz (a deep voice) to 1 at 800 Hz (a squeal); null stays null. */
export function pitchUnit(pitchHz: number | null): number | null {
  if (pitchHz === null || !(pitchHz > 0)) return null;
  return Math.min(1, Math.max(0, Math.log10(pitchHz / 80)));
}

/** The whole scene's share of its response: follows `live.stageGain` (calm, listen-only) as a fade. */
export class GainFollower {
  value = 1;
  step(live: LiveView, dtMs: number): number {
    this.value = slew(this.value, live.stageGain, dtMs, CALM_RATES);
    return this.value;
  }
}

export interface MotionLightsParams {
  /** A cell at the movement threshold lights to this share of full; twice over it, to full. */
  atThreshold: number;
  /** Light per cell, 0..1, and its size in cells. */
  maxAlpha: number;
  sizeInCells: number;
  /** A cell's light rises and falls no faster than this (a strobing camera cannot make it flash). */
  rates: SlewRates;
}

/**
 * Light where the camera saw movement: one soft glow per cell of the motion worker's grid, at the cell's place
 * on the stage, as bright as the movement is over the threshold the log counts with. It answers every camera
 * frame, with or without a body found, so a finger or a nod that is logged is also seen. Also measures where
 * the movement is as a whole and which way it goes, for scenes that follow it.
 */
export class MotionLights {
  private readonly sprites: Sprite[] = [];
  private readonly level: Float32Array;
  /** Energy-weighted centre of this frame's movement on the stage, and its smoothed velocity (px per ms). */
  cx = 0;
  cy = 0;
  vx = 0;
  vy = 0;
  /** Sum of the cells' light, 0.. (0 when still). */
  amount = 0;
  /** The motion frame last drawn from (performance clock). */
  drawnFramePerfMs = 0;

  constructor(
    parent: Container,
    glow: Texture,
    colour: number,
    private readonly p: MotionLightsParams,
    cells = 64,
  ) {
    this.level = new Float32Array(cells);
    for (let i = 0; i < cells; i++) {
      const s = new Sprite(glow);
      s.anchor.set(0.5);
      s.tint = colour;
      s.alpha = 0;
      s.visible = false;
      parent.addChild(s);
      this.sprites.push(s);
    }
  }

  update(live: LiveView, map: StageMap, dtMs: number, sizeScale: number): void {
    const cols = live.motionCols;
    const rows = live.motionRows;
    const n = Math.min(cols * rows, this.sprites.length);
    const cw = map.width / Math.max(1, cols);
    const ch = map.height / Math.max(1, rows);
    let sum = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const ratio = live.motionCells[i] ?? 0;
      const target = ratio < 0.5 ? 0 : Math.min(1, this.p.atThreshold * ratio);
      const lv = slew(this.level[i] ?? 0, target, dtMs, this.p.rates);
      this.level[i] = lv;
      const s = this.sprites[i] as Sprite;
      s.visible = lv > 0.004;
      if (!s.visible) continue;
      const x = map.x(((i % cols) + 0.5) / cols);
      const y = map.y((Math.floor(i / cols) + 0.5) / rows);
      s.position.set(x, y);
      const d = Math.max(cw, ch) * this.p.sizeInCells * sizeScale * (0.7 + 0.5 * lv);
      s.width = s.height = d;
      s.alpha = this.p.maxAlpha * lv;
      sum += lv;
      sx += lv * x;
      sy += lv * y;
    }
    for (let i = n; i < this.sprites.length; i++) (this.sprites[i] as Sprite).visible = false;
    this.drawnFramePerfMs = live.motionFramePerfMs;
    if (sum > 0.05) {
      const nx = sx / sum;
      const ny = sy / sum;
      // Velocity smoothed over about a quarter second: "which way" is the movement's, not one frame's jitter.
      const k = Math.min(1, dtMs / 250);
      const dt = Math.max(1, dtMs);
      if (this.amount > 0.05) {
        this.vx += k * ((nx - this.cx) / dt - this.vx);
        this.vy += k * ((ny - this.cy) / dt - this.vy);
      }
      this.cx = nx;
      this.cy = ny;
    } else {
      this.vx *= 0.9;
      this.vy *= 0.9;
    }
    this.amount = sum;
  }
}

/** The voice's light: loudness sets its size and brightness, through the flash-safe governor. */
export class VoiceBloom {
  readonly sprite: Sprite;
  private readonly governor = new BrightnessGovernor();
  level = 0;

  constructor(parent: Container, glow: Texture, colour: number) {
    this.sprite = new Sprite(glow);
    this.sprite.anchor.set(0.5);
    this.sprite.tint = colour;
    this.sprite.alpha = 0;
    this.sprite.blendMode = 'add';
    parent.addChild(this.sprite);
  }

  /** `x`, `y` where it shines; `size` its diameter at full voice. */
  update(live: LiveView, dtMs: number, nowMs: number, x: number, y: number, size: number, alpha = 0.8): void {
    this.level = this.governor.step(voiceAmount(live), dtMs, nowMs);
    this.sprite.alpha = this.level * alpha;
    this.sprite.position.set(x, y);
    this.sprite.width = this.sprite.height = size * (0.4 + 0.6 * this.level);
  }
}

export interface RippleParams {
  /** New ripples at most this often, however fast the board is tapped (each touch is still logged). */
  minIntervalMs: number;
  fadeIn: number;
  /** Kept low enough that a ring crossing any area of the screen changes its luminance by under 10 %. */
  alpha: number;
  lifeMs: number;
  pool: number;
  /** Radius at the end, as a share of the stage's shorter side. */
  reach: number;
  /**
   * With a glow texture, a soft light also rises where the touch was and fades with the ring (its greatest alpha,
   * and its size as a share of the stage's shorter side): a thin ring alone was barely seen a hand's width away.
   */
  glowAlpha: number;
  glowSize: number;
}

export const DEFAULT_RIPPLES: Readonly<RippleParams> = Object.freeze({
  minIntervalMs: 500,
  fadeIn: 0.18,
  alpha: 0.45,
  lifeMs: 1400,
  pool: 8,
  reach: 0.3,
  glowAlpha: 0.4,
  glowSize: 0.3,
});

/**
 * Rings from a touch: they fade in (a touch never flashes), spread and fade out; with a glow texture, a soft
 * light where the touch was comes and goes with each ring.
 */
export class Ripples {
  private readonly rings: { ring: Graphics; glow: Sprite | null; x: number; y: number; bornMs: number }[] =
    [];
  private next = 0;
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(
    parent: Container,
    private readonly colour: number,
    private readonly p: RippleParams = DEFAULT_RIPPLES,
    glowTexture: Texture | null = null,
  ) {
    for (let i = 0; i < p.pool; i++) {
      const ring = new Graphics();
      ring.visible = false;
      let glow: Sprite | null = null;
      if (glowTexture) {
        glow = new Sprite(glowTexture);
        glow.anchor.set(0.5);
        glow.tint = colour;
        glow.visible = false;
        parent.addChild(glow);
      }
      parent.addChild(ring);
      this.rings.push({ ring, glow, x: 0, y: 0, bornMs: -1e9 });
    }
  }

  /** Starts a ripple, unless one started too recently; returns whether it did. */
  touch(x: number, y: number, nowMs: number): boolean {
    if (nowMs - this.lastMs < this.p.minIntervalMs) return false;
    this.lastMs = nowMs;
    const r = this.rings[this.next];
    this.next = (this.next + 1) % this.p.pool;
    if (!r) return false;
    r.x = x;
    r.y = y;
    r.bornMs = nowMs;
    r.ring.visible = true;
    return true;
  }

  update(nowMs: number, size: number, sizeScale: number): void {
    for (const r of this.rings) {
      if (!r.ring.visible) continue;
      const age = (nowMs - r.bornMs) / this.p.lifeMs;
      if (age >= 1) {
        r.ring.visible = false;
        if (r.glow) r.glow.visible = false;
        continue;
      }
      const alpha = Math.min(1, age / this.p.fadeIn) * (1 - age);
      r.ring
        .clear()
        .circle(r.x, r.y, size * sizeScale * (0.04 + this.p.reach * age))
        .stroke({ width: size * 0.015, color: this.colour, alpha: this.p.alpha * alpha });
      if (r.glow) {
        r.glow.visible = true;
        r.glow.position.set(r.x, r.y);
        r.glow.width = r.glow.height = size * sizeScale * this.p.glowSize;
        r.glow.alpha = this.p.glowAlpha * alpha;
      }
    }
  }
}

/** A pool of glow sprites, handed out round-robin (the oldest is reused when all are in use). */
export class SpritePool {
  readonly sprites: Sprite[] = [];
  readonly born: Float64Array;
  private next = 0;

  constructor(parent: Container, texture: Texture, colour: number, size: number) {
    this.born = new Float64Array(size).fill(-1e9);
    for (let i = 0; i < size; i++) {
      const s = new Sprite(texture);
      s.anchor.set(0.5);
      s.tint = colour;
      s.visible = false;
      parent.addChild(s);
      this.sprites.push(s);
    }
  }

  take(nowMs: number): number {
    const i = this.next;
    this.next = (this.next + 1) % this.sprites.length;
    this.born[i] = nowMs;
    (this.sprites[i] as Sprite).visible = true;
    return i;
  }
}
