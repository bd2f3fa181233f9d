import { Container, type Renderer, type Texture } from 'pixi.js';
import { intensityScale, paletteById } from '../core/profile.ts';
import { slew } from '../core/safety/slew.ts';
import type { LiveView } from '../state/live.ts';
import { sceneById } from './scenes/registry.ts';
import type { StageScene } from './scenes/types.ts';

/** A scene, palette or intensity change fades the old picture out and the new one in over this long each. */
const SWITCH_RATES = { riseMs: 700, fallMs: 500 };

/**
 * Holds the scene the live signals ask for (`live.look`): when scene, palette or intensity change, the new
 * scene is built at once and faded in while the old one fades out and is then destroyed; the field's colour
 * follows the palette. A switch never interrupts sensing or the session; only the picture changes, softly.
 */
export class SceneHost {
  readonly root = new Container();
  private current: StageScene;
  private currentKey = '';
  private outgoing: StageScene | null = null;
  private fadeIn = 1;
  private fadeOut = 0;

  constructor(
    private readonly textures: { glow: Texture; ring: Texture },
    private readonly renderer: Renderer,
    live: LiveView,
  ) {
    this.current = this.build(live);
  }

  /** The scene being drawn now (the new one, during a switch). */
  get scene(): StageScene {
    return this.current;
  }

  get sceneId(): string {
    return sceneById(this.currentKey.split('|')[0] ?? '').id;
  }

  update(live: LiveView, nowMs: number, dtMs: number, width: number, height: number): void {
    if (keyOf(live) !== this.currentKey) this.switchTo(live);
    this.fadeIn = slew(this.fadeIn, 1, dtMs, SWITCH_RATES);
    // Each scene sets its own root's alpha (calm); the host fades a wrapper around it.
    (this.current.root.parent as Container).alpha = this.fadeIn;
    this.current.update(live, nowMs, dtMs, width, height);
    const old = this.outgoing;
    if (old) {
      this.fadeOut = slew(this.fadeOut, 0, dtMs, SWITCH_RATES);
      (old.root.parent as Container).alpha = this.fadeOut;
      old.update(live, nowMs, dtMs, width, height);
      if (this.fadeOut <= 0) this.dropOutgoing();
    }
  }

  touch(x: number, y: number, nowMs: number): void {
    this.current.touch(x, y, nowMs);
  }

  private switchTo(live: LiveView): void {
    // A third switch during a fade: the one already fading goes at once (it is dim by now).
    this.dropOutgoing();
    this.outgoing = this.current;
    this.fadeOut = this.fadeIn;
    this.current = this.build(live);
    this.fadeIn = 0;
  }

  private build(live: LiveView): StageScene {
    this.currentKey = keyOf(live);
    const palette = paletteById(live.look.palette);
    this.renderer.background.color = palette.background;
    const scene = sceneById(live.look.scene).create({
      ...this.textures,
      palette,
      scale: intensityScale(live.look.intensity),
    });
    const wrap = new Container();
    wrap.alpha = 0;
    wrap.addChild(scene.root);
    this.root.addChild(wrap);
    return scene;
  }

  private dropOutgoing(): void {
    const old = this.outgoing;
    if (!old) return;
    this.outgoing = null;
    const wrap = old.root.parent;
    old.destroy();
    wrap?.destroy();
  }
}

function keyOf(live: LiveView): string {
  return `${live.look.scene}|${live.look.palette}|${live.look.intensity}`;
}
