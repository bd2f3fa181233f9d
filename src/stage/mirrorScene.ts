import { Container, Graphics, Sprite, type Texture } from 'pixi.js';
import { BrightnessGovernor, slew } from '../core/safety/slew.ts';
import { HAND_LANDMARKS, type LiveView, POSE_STRIDE } from '../state/live.ts';
import { cameraToStage } from './cameraMapping.ts';

/** Landmark visibility below which a hand is not drawn: a guess would draw light where nobody moved. */
const MIN_VISIBILITY = 0.5;
/** How long a trail stays on screen: long enough for slow looking (cerebral visual impairment). */
const TRAIL_LIFE_MS = 1800;
const TRAIL_POOL = 260;
const TRAIL_ALPHA = 0.5;
const TRAIL_FADE_IN_MS = 150;
/** New ripples at most this often, however fast the board is tapped (each touch is still logged). */
const RIPPLE_MIN_INTERVAL_MS = 500;
const RIPPLE_FADE_IN = 0.18;
/** Kept low enough that a ring crossing any area of the screen changes its luminance by under 10 %. */
const RIPPLE_ALPHA = 0.45;
const RIPPLE_LIFE_MS = 1400;
const RIPPLE_POOL = 8;
/** Calm reaches its soft state within 2 s (a safety rule) and comes back more gently still. */
const CALM_RATES = { riseMs: 2500, fallMs: 1800 };

interface Dot {
  sprite: Sprite;
  bornMs: number;
}

interface Ripple {
  ring: Graphics;
  x: number;
  y: number;
  bornMs: number;
}

/**
 * The mirror scene: hands leave soft glowing trails, a voice blooms light in proportion to its loudness, a
 * touch makes a ripple. One saturated colour on a dark field; every brightness change is slew-limited.
 * Trails and ripples come from fixed pools; a frame allocates only the camera mapping and a ripple's redraw.
 */
export class MirrorScene {
  readonly root = new Container();
  private readonly trails = new Container();
  private readonly dots: Dot[] = [];
  private nextDot = 0;
  private readonly ripples: Ripple[] = [];
  private nextRipple = 0;
  private readonly bloom: Sprite;
  private readonly bloomLevel = new BrightnessGovernor();
  private gain = 1;
  private readonly lastHand: ({ x: number; y: number } | null)[] = [null, null];
  /** Where each hand is on the stage right now (null when not seen): read by diagnostics. */
  readonly handsOnStage: ({ x: number; y: number } | null)[] = [null, null];

  constructor(
    glow: Texture,
    private readonly colour: number,
  ) {
    this.bloom = new Sprite(glow);
    this.bloom.anchor.set(0.5);
    this.bloom.tint = colour;
    this.bloom.alpha = 0;
    this.bloom.blendMode = 'add';
    this.root.addChild(this.bloom, this.trails);
    for (let i = 0; i < TRAIL_POOL; i++) {
      const sprite = new Sprite(glow);
      sprite.anchor.set(0.5);
      sprite.tint = colour;
      sprite.visible = false;
      // Normal blending: overlapping trails settle on the learner's colour instead of adding up to white,
      // which keeps the one saturated colour that cerebral visual impairment needs, and bounds brightness.
      sprite.blendMode = 'normal';
      this.trails.addChild(sprite);
      this.dots.push({ sprite, bornMs: -1e9 });
    }
    for (let i = 0; i < RIPPLE_POOL; i++) {
      const ring = new Graphics();
      ring.visible = false;
      this.root.addChild(ring);
      this.ripples.push({ ring, x: 0, y: 0, bornMs: -1e9 });
    }
  }

  private lastRippleMs = Number.NEGATIVE_INFINITY;

  touch(x: number, y: number, nowMs: number): void {
    if (nowMs - this.lastRippleMs < RIPPLE_MIN_INTERVAL_MS) return;
    this.lastRippleMs = nowMs;
    const r = this.ripples[this.nextRipple];
    this.nextRipple = (this.nextRipple + 1) % RIPPLE_POOL;
    if (!r) return;
    r.x = x;
    r.y = y;
    r.bornMs = nowMs;
    r.ring.visible = true;
  }

  update(live: LiveView, nowMs: number, dtMs: number, width: number, height: number): void {
    const map = cameraToStage(width, height, live.cameraAspect);
    const size = Math.min(width, height);
    // Calm and listen-only fade the whole response down (and back) within CALM_RATES, never at once.
    this.gain = slew(this.gain, live.stageGain, dtMs, CALM_RATES);
    this.root.alpha = this.gain;
    this.updateHands(live, map, nowMs, size);
    this.fadeTrails(nowMs);
    this.updateBloom(live, map, dtMs, nowMs, size, width, height);
    this.updateRipples(nowMs, size);
  }

  private updateHands(
    live: LiveView,
    map: ReturnType<typeof cameraToStage>,
    nowMs: number,
    size: number,
  ): void {
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
      const x = map.x(live.pose[i] ?? 0);
      const y = map.y(live.pose[i + 1] ?? 0);
      const last = this.lastHand[h];
      // Fill the gap between two detections so a quick movement leaves a continuous stroke.
      const steps = last
        ? Math.min(8, Math.max(1, Math.ceil(Math.hypot(x - last.x, y - last.y) / (size * 0.02))))
        : 1;
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        this.spawnDot(
          last ? last.x + (x - last.x) * t : x,
          last ? last.y + (y - last.y) * t : y,
          nowMs,
          size,
        );
      }
      this.lastHand[h] = { x, y };
      this.handsOnStage[h] = { x, y };
    }
  }

  private spawnDot(x: number, y: number, nowMs: number, size: number): void {
    const dot = this.dots[this.nextDot];
    this.nextDot = (this.nextDot + 1) % TRAIL_POOL;
    if (!dot) return;
    dot.bornMs = nowMs;
    dot.sprite.position.set(x, y);
    dot.sprite.width = dot.sprite.height = size * 0.12;
    dot.sprite.visible = true;
  }

  private fadeTrails(nowMs: number): void {
    for (const dot of this.dots) {
      if (!dot.sprite.visible) continue;
      const age = (nowMs - dot.bornMs) / TRAIL_LIFE_MS;
      if (age >= 1) {
        dot.sprite.visible = false;
        continue;
      }
      // Fades in, then out slowly and evenly: a hand passing over the same place again and again cannot
      // make that place flash (a fall of 10 % takes over half a second).
      dot.sprite.alpha = TRAIL_ALPHA * Math.min(1, (age * TRAIL_LIFE_MS) / TRAIL_FADE_IN_MS) * (1 - age);
    }
  }

  private updateBloom(
    live: LiveView,
    map: ReturnType<typeof cameraToStage>,
    dtMs: number,
    nowMs: number,
    size: number,
    width: number,
    height: number,
  ): void {
    // Loudness above the voice threshold, over a 30 dB range, sets the bloom's target brightness.
    const above = live.voiced ? (live.levelDbfs - live.thresholdDbfs) / 30 : 0;
    const target = Math.min(1, Math.max(0, above > 0 ? 0.25 + above : 0));
    const level = this.bloomLevel.step(target, dtMs, nowMs);
    this.bloom.alpha = level * 0.8;
    // The light comes from the mouth when a face is seen (the same place as the sound), else the centre.
    const nose = live.poseCount > 0 && (live.pose[2] ?? 0) >= MIN_VISIBILITY;
    this.bloom.position.set(
      nose ? map.x(live.pose[0] ?? 0.5) : width / 2,
      nose ? map.y(live.pose[1] ?? 0.5) : height / 2,
    );
    const d = size * (0.35 + 0.55 * level);
    this.bloom.width = this.bloom.height = d;
  }

  private updateRipples(nowMs: number, size: number): void {
    for (const r of this.ripples) {
      if (!r.ring.visible) continue;
      const age = (nowMs - r.bornMs) / RIPPLE_LIFE_MS;
      if (age >= 1) {
        r.ring.visible = false;
        continue;
      }
      // Fade in over the first quarter second so a touch never flashes, then out.
      const alpha = Math.min(1, age / RIPPLE_FADE_IN) * (1 - age);
      r.ring
        .clear()
        .circle(r.x, r.y, size * (0.04 + 0.3 * age))
        .stroke({ width: size * 0.015, color: this.colour, alpha: RIPPLE_ALPHA * alpha });
    }
  }
}
