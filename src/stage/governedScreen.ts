import {
  type Application,
  Container,
  Rectangle,
  RenderTexture,
  Sprite,
  Texture,
  UPDATE_PRIORITY,
} from 'pixi.js';
import { cellMeans } from '../core/safety/flashCounter.ts';
import { CALM_FOLLOW_MS, followMix, ScreenGovernor } from '../core/safety/screenGovernor.ts';

/** The governor's grid over the screen: the same as the luminance probe's, so both judge the same areas. */
export const GOVERNOR_COLS = 16;
export const GOVERNOR_ROWS = 9;
/** The frame is read back at this many pixels per cell each way, after averaging down on the GPU. */
const READ_PER_CELL = 4;

interface Step {
  target: RenderTexture;
  sprite: Sprite;
}

/**
 * The whole-screen safety governor on the stage: every frame the scenes are drawn off screen, averaged down on
 * the GPU and read back as a small grid, and the governor (core/safety/screenGovernor.ts) decides per cell how
 * far the screen may move toward that frame; the screen is then a cross-fade, cell by cell, from what it showed
 * to what was drawn. Normally every cell moves all the way (the scene is shown as drawn); a cell that would
 * flash moves only part of the way. In calm, every cell follows slowly, so everything moves slowly and softly.
 */
export class GovernedScreen {
  readonly governor = new ScreenGovernor(GOVERNOR_COLS * GOVERNOR_ROWS);
  /** Frames the governor held some cell back on, and frames governed, since the page opened. */
  heldFrames = 0;
  frames = 0;
  private drawn: RenderTexture | null = null;
  private shown: RenderTexture | null = null;
  private steps: Step[] = [];
  private readonly cells = new Container();
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

  private frame(now: number): void {
    const dt = now - this.last;
    this.last = now;
    const r = this.app.renderer;
    const w = this.app.screen.width;
    const h = this.app.screen.height;
    if (w !== this.width || h !== this.height || !this.drawn || !this.shown) this.resize(w, h);
    const drawn = this.drawn;
    const shown = this.shown;
    if (!drawn || !shown) return;
    r.render({ container: this.content, target: drawn, clear: true, clearColor: r.background.color });
    for (const s of this.steps) r.render({ container: s.sprite, target: s.target, clear: true });
    const small = this.steps.at(-1)?.target ?? drawn;
    const { pixels, width, height } = r.extract.pixels(small);
    cellMeans(pixels, width, height, GOVERNOR_COLS, GOVERNOR_ROWS, this.means);
    // Calm and listen-only: the screen follows slowly (the scenes themselves dim to the stage gain).
    const maxMix = this.stageGain() < 1 ? followMix(dt, CALM_FOLLOW_MS) : 1;
    const mix = this.governor.step(this.means, 1, maxMix, now);
    this.frames++;
    if (this.governor.held > 0) this.heldFrames++;
    for (let i = 0; i < mix.length; i++) {
      const cell = this.cells.children[i];
      if (cell) cell.alpha = mix[i] ?? 1;
    }
    r.render({ container: this.cells, target: shown, clear: false });
  }

  /** Off-screen targets at the canvas's own pixel size, and the averaging-down steps to the read-back grid. */
  private resize(w: number, h: number): void {
    this.width = w;
    this.height = h;
    const resolution = this.app.renderer.resolution;
    const drawn = RenderTexture.create({ width: w, height: h, resolution });
    const shown = RenderTexture.create({ width: w, height: h, resolution });
    const old = this.shown;
    if (old) {
      // What the screen showed carries over, stretched: a resize is never a jump the governor did not see.
      const carry = new Sprite(old);
      carry.width = w;
      carry.height = h;
      this.app.renderer.render({ container: carry, target: shown, clear: true });
      carry.destroy();
    }
    this.drawn?.destroy(true);
    old?.destroy(true);
    for (const s of this.steps) s.target.destroy(true);
    for (const c of this.cells.removeChildren()) c.destroy();
    this.drawn = drawn;
    this.shown = shown;
    this.display.texture = shown;
    // Halving with linear sampling averages each 2 x 2 exactly, so every pixel reaches the read-back grid.
    this.steps = [];
    let source: Texture = drawn;
    let pw = Math.round(w * resolution);
    let ph = Math.round(h * resolution);
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
    // One sprite per cell, cut from the drawn frame on the same pixel edges the read-back grid uses.
    const px = Math.round(w * resolution);
    const py = Math.round(h * resolution);
    for (let row = 0; row < GOVERNOR_ROWS; row++) {
      for (let col = 0; col < GOVERNOR_COLS; col++) {
        const x0 = Math.round((col * px) / GOVERNOR_COLS) / resolution;
        const x1 = Math.round(((col + 1) * px) / GOVERNOR_COLS) / resolution;
        const y0 = Math.round((row * py) / GOVERNOR_ROWS) / resolution;
        const y1 = Math.round(((row + 1) * py) / GOVERNOR_ROWS) / resolution;
        const frame = new Rectangle(x0, y0, x1 - x0, y1 - y0);
        const sprite = new Sprite(new Texture({ source: drawn.source, frame }));
        sprite.position.set(x0, y0);
        this.cells.addChild(sprite);
      }
    }
  }
}
