import {
  type Application,
  Container,
  Rectangle,
  type Renderer,
  RenderTexture,
  Sprite,
  Texture,
  UPDATE_PRIORITY,
} from 'pixi.js';
import { cellMeans } from '../core/safety/flashCounter.ts';
import { CALM_FOLLOW_MS, followMix, ScreenGovernor } from '../core/safety/screenGovernor.ts';
import { ScreenReadback } from './screenReadback.ts';

/** The governor's grid over the screen: the same as the luminance probe's, so both judge the same areas. */
export const GOVERNOR_COLS = 16;
export const GOVERNOR_ROWS = 9;
/** The frame is read back at this many pixels per cell each way, after averaging down on the GPU. */
const READ_PER_CELL = 4;

/**
 * How the screen is governed: `sync` (the default) reads each drawn frame back at once, waiting for the GPU, and
 * shows it in the same frame; `delayed` reads it back asynchronously and shows it a frame later; `off` draws the
 * scenes straight to the screen, ungoverned, for benchmarks only (never set by the app). `npm run bench -- stage`
 * measures all three: with software GL (a PC without a GPU) the GPU's work is the CPU's, so not waiting for it
 * saved no frame time and cost a frame of motion to picture (p95 about 25 ms more in every scene); on a PC with
 * a GPU the wait is short, the frame of delay is not.
 */
export type GovernorMode = 'delayed' | 'sync' | 'off';

interface Step {
  target: RenderTexture;
  sprite: Sprite;
}

/** One drawn frame in flight: its texture, the cut of it into cells, and whether its read-back awaits judging. */
interface Slot {
  drawn: RenderTexture;
  cells: Container;
  pending: boolean;
  drawnAt: number;
}

/** Drawn frames in flight: one being drawn, up to two waiting for their read-back. */
const SLOTS = 3;

/**
 * The whole-screen safety governor on the stage: every frame the scenes are drawn off screen, averaged down on
 * the GPU and read back as a small grid, and the governor (core/safety/screenGovernor.ts) decides per cell how
 * far the screen may move toward that frame; the screen is then a cross-fade, cell by cell, from what it showed
 * to what was drawn. Normally every cell moves all the way, and the drawn frame itself is shown (no cross-fade
 * drawn); a cell that would flash moves only part of the way. In calm, every cell follows slowly.
 *
 * Frames are drawn into three textures in turn. Read back asynchronously (`delayed`, ScreenReadback), a frame is
 * shown when its grid has arrived, normally the next frame. Either way the governor's guarantee is whole: it judges
 * exactly the frame that is then put on the screen (the texture it was read from, untouched since), never a frame
 * it has not seen; a late grid delays the picture, and a frame whose grid is later than a newer one's is never
 * shown.
 */
export class GovernedScreen {
  readonly governor = new ScreenGovernor(GOVERNOR_COLS * GOVERNOR_ROWS);
  /** Frames the governor held some cell back on, and frames governed, since the page opened. */
  heldFrames = 0;
  frames = 0;
  /** Benchmarks only: see `GovernorMode`. */
  mode: GovernorMode = 'sync';
  private modeShown: GovernorMode = 'sync';
  private slots: Slot[] = [];
  private next = 0;
  /** The slot on the screen as drawn, or -1 when the screen is the cross-faded `shown`. */
  private onScreen = -1;
  private shown: RenderTexture | null = null;
  private readonly copy = new Sprite();
  private steps: Step[] = [];
  private readback: ScreenReadback | null = null;
  private readonly display = new Sprite();
  private readonly means = new Float32Array(GOVERNOR_COLS * GOVERNOR_ROWS * 3);
  private width = 0;
  private height = 0;
  private last = performance.now();

  constructor(
    private readonly app: Application,
    private readonly content: Container,
    private readonly stageGain: () => number,
  ) {
    app.stage.addChild(this.display);
    // After the scenes' updates (NORMAL) and before the application renders the screen (LOW).
    app.ticker.add(() => this.frame(performance.now()), undefined, UPDATE_PRIORITY.LOW + 1);
  }

  /**
   * When the frame drawn last, and the frame on the screen, were drawn (performance clock): what the scenes drew
   * from the live signals at some time is on the screen once `shownDrawnAt` has reached that frame's draw.
   */
  lastDrawnAt = 0;
  shownDrawnAt = 0;

  private get delayed(): boolean {
    return this.mode === 'delayed' && this.readback?.async !== false;
  }

  private frame(now: number): void {
    const dt = now - this.last;
    this.last = now;
    if (this.mode !== this.modeShown) this.switchMode();
    if (this.mode === 'off') {
      this.lastDrawnAt = this.shownDrawnAt = now;
      return;
    }
    const w = this.app.screen.width;
    const h = this.app.screen.height;
    if (w !== this.width || h !== this.height || !this.shown) this.resize(w, h);
    const readback = this.readback;
    if (!readback) return;
    const current = this.next;
    // The slot drawn into next frame must not be the one on the screen: the screen keeps its own copy then.
    this.next = (current + 1) % SLOTS;
    if (this.onScreen === current) this.keepScreen();
    this.draw(current);
    const small = this.steps.at(-1)?.target ?? this.slots[current]?.drawn;
    if (!small) return;
    let judged = -1;
    let pixels: Uint8Array | null = null;
    try {
      if (!this.delayed) {
        pixels = readback.read(small);
        judged = current;
      } else {
        readback.start(small, current);
        judged = this.newestReady(current);
        if (judged >= 0) pixels = readback.take(judged);
        const slot = this.slots[current];
        if (slot) slot.pending = true;
      }
    } catch (e) {
      // A GL that refuses the asynchronous read: read back in the same frame from now on (slower, as safe).
      console.warn('Stage: asynchronous read-back failed, reading back in the same frame', e);
      this.mode = this.modeShown = 'sync';
      return;
    }
    if (judged < 0 || !pixels) return;
    cellMeans(pixels, readback.width, readback.height, GOVERNOR_COLS, GOVERNOR_ROWS, this.means);
    // Calm and listen-only: the screen follows slowly (the scenes themselves dim to the stage gain).
    const maxMix = this.stageGain() < 1 ? followMix(dt, CALM_FOLLOW_MS) : 1;
    const mix = this.governor.step(this.means, 1, maxMix, now);
    this.frames++;
    if (this.governor.held > 0) this.heldFrames++;
    this.show(judged, mix, maxMix);
  }

  /** Draws the scenes into a slot and averages it down to the read-back grid. */
  private draw(slot: number): void {
    const r = this.app.renderer;
    const target = this.slots[slot];
    if (!target) return;
    target.pending = false;
    target.drawnAt = this.lastDrawnAt = performance.now();
    r.render({ container: this.content, target: target.drawn, clear: true, clearColor: r.background.color });
    const first = this.steps[0];
    if (first) first.sprite.texture = target.drawn;
    for (const s of this.steps) r.render({ container: s.sprite, target: s.target, clear: true });
  }

  /**
   * The newest slot, other than the one just drawn, whose read-back has arrived; failing that, the oldest still
   * waiting if it is the one to be drawn into next frame (its read-back is then waited for). Older ones are
   * dropped: a newer frame is judged and shown instead.
   */
  private newestReady(current: number): number {
    const readback = this.readback;
    if (!readback) return -1;
    for (let back = 1; back < SLOTS; back++) {
      const k = (current - back + SLOTS) % SLOTS;
      const slot = this.slots[k];
      if (!slot?.pending || !readback.ready(k)) continue;
      for (let older = back + 1; older < SLOTS; older++) {
        const o = this.slots[(current - older + SLOTS) % SLOTS];
        if (o) o.pending = false;
      }
      slot.pending = false;
      return k;
    }
    const oldest = this.slots[this.next];
    if (!oldest?.pending) return -1;
    oldest.pending = false;
    return this.next;
  }

  /**
   * Puts the judged slot on the screen: as drawn when every cell moved all the way, else cross-faded onto what the
   * screen showed, cell by cell, by the governor's mix.
   */
  private show(judged: number, mix: Float32Array, maxMix: number): void {
    const slot = this.slots[judged];
    const shown = this.shown;
    if (!slot || !shown) return;
    this.shownDrawnAt = slot.drawnAt;
    if (maxMix >= 1 && this.governor.held === 0) {
      this.onScreen = judged;
      this.display.texture = slot.drawn;
      return;
    }
    this.keepScreen();
    const cells = slot.cells.children;
    for (let i = 0; i < mix.length; i++) {
      const cell = cells[i];
      if (cell) cell.alpha = mix[i] ?? 1;
    }
    this.app.renderer.render({ container: slot.cells, target: shown, clear: false });
  }

  /** Makes `shown` hold what the screen shows (it may be a drawn slot), and puts `shown` on the screen. */
  private keepScreen(): void {
    const shown = this.shown;
    const slot = this.slots[this.onScreen];
    if (!shown) return;
    if (slot) {
      this.copy.texture = slot.drawn;
      this.app.renderer.render({ container: this.copy, target: shown, clear: true });
    }
    this.onScreen = -1;
    this.display.texture = shown;
  }

  /** Off: the scenes go straight to the screen. On again: the governed screen goes on from what it last showed. */
  private switchMode(): void {
    const off = this.mode === 'off';
    this.display.visible = !off;
    if (off) this.app.stage.addChild(this.content);
    else this.app.stage.removeChild(this.content);
    this.modeShown = this.mode;
    for (const s of this.slots) s.pending = false;
  }

  /** Off-screen targets at the canvas's own pixel size, and the averaging-down steps to the read-back grid. */
  private resize(w: number, h: number): void {
    this.width = w;
    this.height = h;
    const renderer = this.app.renderer;
    const resolution = renderer.resolution;
    // Half floats where the GPU can draw into them: an 8-bit screen cross-faded by a small mix (calm's, or a held
    // cell's) rounds each step to nothing and stalls up to 33 levels short, so the real screen would drift from the
    // governor's account of it, and a jump it never judged would come when the cell is let go.
    const format = canDrawHalfFloat(renderer) ? 'rgba16float' : 'rgba8unorm';
    const shown = RenderTexture.create({ width: w, height: h, resolution, format });
    const old = this.shown ? this.display.texture : null;
    if (old) {
      // What the screen showed carries over, stretched: a resize is never a jump the governor did not see.
      const carry = new Sprite(old);
      carry.width = w;
      carry.height = h;
      renderer.render({ container: carry, target: shown, clear: true });
      carry.destroy();
    }
    this.shown?.destroy(true);
    for (const s of this.slots) {
      s.drawn.destroy(true);
      s.cells.destroy({ children: true });
    }
    for (const s of this.steps) s.target.destroy(true);
    this.readback?.destroy();
    this.shown = shown;
    this.onScreen = -1;
    this.display.texture = shown;
    const px = Math.round(w * resolution);
    const py = Math.round(h * resolution);
    this.slots = Array.from({ length: SLOTS }, () => {
      const drawn = RenderTexture.create({ width: w, height: h, resolution });
      return { drawn, cells: cutIntoCells(drawn, px, py, resolution), pending: false, drawnAt: 0 };
    });
    this.next = 0;
    // Halving with linear sampling averages each 2 x 2 exactly, so every pixel reaches the read-back grid.
    this.steps = [];
    let source: Texture = this.slots[0]?.drawn ?? Texture.EMPTY;
    let pw = px;
    let ph = py;
    const tw = GOVERNOR_COLS * READ_PER_CELL;
    const th = GOVERNOR_ROWS * READ_PER_CELL;
    while (pw > tw || ph > th) {
      pw = Math.max(tw, Math.ceil(pw / 2));
      ph = Math.max(th, Math.ceil(ph / 2));
      const target = RenderTexture.create({ width: pw, height: ph, resolution: 1 });
      const sprite = new Sprite(source);
      sprite.width = pw;
      sprite.height = ph;
      this.steps.push({ target, sprite });
      source = target;
    }
    this.readback = new ScreenReadback(renderer, pw, ph, SLOTS);
  }
}

function canDrawHalfFloat(renderer: Renderer): boolean {
  const gl = (renderer as unknown as { gl?: WebGLRenderingContext | WebGL2RenderingContext }).gl;
  if (!gl || typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext))
    return false;
  return (
    gl.getExtension('EXT_color_buffer_float') !== null ||
    gl.getExtension('EXT_color_buffer_half_float') !== null
  );
}

/** One sprite per cell, cut from the drawn frame on the same pixel edges the read-back grid uses. */
function cutIntoCells(drawn: RenderTexture, px: number, py: number, resolution: number): Container {
  const cells = new Container();
  for (let row = 0; row < GOVERNOR_ROWS; row++) {
    for (let col = 0; col < GOVERNOR_COLS; col++) {
      const x0 = Math.round((col * px) / GOVERNOR_COLS) / resolution;
      const x1 = Math.round(((col + 1) * px) / GOVERNOR_COLS) / resolution;
      const y0 = Math.round((row * py) / GOVERNOR_ROWS) / resolution;
      const y1 = Math.round(((row + 1) * py) / GOVERNOR_ROWS) / resolution;
      const frame = new Rectangle(x0, y0, x1 - x0, y1 - y0);
      const sprite = new Sprite(new Texture({ source: drawn.source, frame }));
      sprite.position.set(x0, y0);
      cells.addChild(sprite);
    }
  }
  return cells;
}
