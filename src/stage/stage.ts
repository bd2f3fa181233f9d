import 'pixi.js/unsafe-eval';
import { Application, Ticker, UPDATE_PRIORITY } from 'pixi.js';
import { PALETTES } from '../core/profile.ts';
import type { LiveView } from '../state/live.ts';
import { createGlowTexture, createRingTexture } from './glowTexture.ts';
import { GovernedScreen } from './governedScreen.ts';
import { LuminanceProbe } from './luminanceProbe.ts';
import { SceneHost } from './sceneHost.ts';
import type { StageScene } from './scenes/types.ts';
import { softwareGl } from './softwareGl.ts';

/** The field before the first scene sets its palette's: the default palette's. */
const BACKGROUND = PALETTES[0]?.background ?? 0x05060a;
/** Hold this long in a corner to open the practitioner panel; a learner's brief touch never does. */
const LONG_PRESS_MS = 1500;
/**
 * The stage draws only soft glows, so it renders at half the screen's pixels and the browser scales it up: a
 * quarter of the fill work. Where the processor draws WebGL (no graphics card) filling pixels is nearly all of a
 * frame's cost, and the page's one thread waits for it: there the stage renders at a quarter of the screen's
 * pixels. Measured in headless Chromium (SwiftShader) during a session with the camera: 36 frames in 10 s at a
 * half, 153 at a quarter.
 */
const STAGE_RESOLUTION = 0.5;
const SOFTWARE_GL_RESOLUTION = 0.25;
/**
 * Frames a second while resting: nobody is being mirrored then, and on a PC without a graphics card the stage at
 * full rate kept the page's one thread busy all the time (measured: the governor's read-back alone, waiting on
 * software GL, took 40 % of it), leaving the panel, its camera view and the log waiting their turn.
 */
const RESTING_FPS = 2;
/**
 * Frames a second in a session where the processor draws WebGL: the camera gives 30 at most, so drawing more only
 * repeats what the last camera frame showed, and each frame drawn is CPU taken from the vision models on the same
 * PC. Measured in headless Chromium (SwiftShader), 20 s of session: with no camera, 58 frames a second uncapped and
 * 22.1 s of CPU against 29.6 and 13.3 s at 30; with the fake camera, 35 frames a second and 26.8 s against 29 and
 * 20.8 s. With a graphics card drawing is cheap and the stage runs at the display's rate.
 */
const SOFTWARE_GL_FPS = 30;
const CORNER_PX = 90;

export interface StageHandlers {
  /** A touch on the stage, in 0..1 of its width and height, on the performance clock. */
  onTouch(startPerfMs: number, endPerfMs: number, x: number, y: number): void;
  onCornerLongPress(): void;
}

export interface Stage {
  readonly canvas: HTMLCanvasElement;
  /** The scene drawn now (the live signals' `look` chooses it; a change fades from one to the next). */
  readonly scene: StageScene;
  /** Its id in the scene registry (stage/scenes/registry.ts). */
  readonly sceneId: string;
  /** Where the scene draws each hand, in CSS pixels of the stage (null when not seen or not drawn). */
  handsOnStage(): ({ x: number; y: number } | null)[];
  /** Rendered frames as luminance grids, when switched on (flash tests and checks). */
  readonly probe: LuminanceProbe;
  /** The whole-screen flash governor between the scenes and the screen. */
  readonly screen: GovernedScreen;
  /** Frame times (ms between rendered frames) since the last call. */
  takeFrameTimes(): number[];
  /** Calls `f` in every frame the stage draws, once the frame is drawn (performance clock). */
  afterEachFrame(f: (nowMs: number) => void): void;
  /**
   * Covered by a page of the practitioner's (review) or not: covered, nothing is drawn, so review has the page's
   * thread (the governor's read-back alone took ~1 s of a progress page's 3.4 s opening on software GL). Uncovered,
   * drawing goes on from what the screen last showed, through the governor, so the return is faded, not a jump.
   */
  setCovered(covered: boolean): void;
  /**
   * Hidden (a stage window shows the stage on a screen of its own) or not: hidden, nothing is drawn, as covered.
   */
  setHidden(hidden: boolean): void;
  /**
   * Resting (no session, the practitioner's panel over the stage) or not: resting, the stage goes on at
   * RESTING_FPS, so that what it shows (a learner's scene, colours) still follows the panel; no longer resting, it
   * draws from the very next animation frame.
   */
  setResting(resting: boolean): void;
  destroy(): void;
}

/**
 * The learner's face of Attune: a full-screen pixi.js canvas with no text and nothing to stumble into. A
 * touch is an input like any other; only a long press in a corner, meant for staff, opens the panel.
 */
export async function createStage(
  host: HTMLElement,
  live: LiveView,
  handlers: StageHandlers,
): Promise<Stage> {
  const software = softwareGl();
  const sessionFps = software ? SOFTWARE_GL_FPS : 0;
  const app = new Application();
  await app.init({
    resizeTo: host,
    background: BACKGROUND,
    antialias: false,
    // WebGPU is left to a later, measured choice: headless and some school PCs lose the device.
    preference: 'webgl',
    resolution: software ? SOFTWARE_GL_RESOLUTION : STAGE_RESOLUTION,
    autoDensity: true,
  });
  app.canvas.setAttribute('aria-hidden', 'true');
  app.canvas.style.touchAction = 'none';
  host.appendChild(app.canvas);
  // pixi's system ticker (its texture collector's schedule, its pointer-over checks, which Attune does not use)
  // asked the browser for every animation frame of the page's life, drawn or not, beside the stage's own: it
  // runs in the stage's frames instead, so a stage that does not draw leaves the page asleep.
  Ticker.system.autoStart = false;
  Ticker.system.stop();

  const scenes = new SceneHost({ glow: createGlowTexture(), ring: createRingTexture() }, app.renderer, live);
  // The scenes are drawn off screen; the governor puts them on the screen, never faster than is safe.
  const screen = new GovernedScreen(app, scenes.root, () => live.stageGain);

  const frameTimes: number[] = [];
  let last = performance.now();
  app.ticker.add(() => Ticker.system.update(performance.now()), undefined, UPDATE_PRIORITY.INTERACTION);
  app.ticker.add((ticker) => {
    const now = performance.now();
    frameTimes.push(now - last);
    if (frameTimes.length > 10_000) frameTimes.splice(0, frameTimes.length - 10_000);
    last = now;
    scenes.update(live, now, ticker.deltaMS, app.screen.width, app.screen.height);
  });

  const probe = new LuminanceProbe(app.canvas);
  // After the render (which the application runs at LOW priority), while the frame is still in the buffer.
  app.ticker.add(() => probe.sample(performance.now()), undefined, UPDATE_PRIORITY.UTILITY);
  // Drawing again after a pause, the first frame time counts from now.
  const pace = pacer(app.ticker, sessionFps, () => {
    last = performance.now();
  });

  const downs = new Map<number, { t: number; x: number; y: number; timer: number | null }>();
  const canvas = app.canvas;
  canvas.addEventListener('pointerdown', (e) => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    scenes.touch(x, y, performance.now());
    const inCorner =
      (x < CORNER_PX || x > r.width - CORNER_PX) && (y < CORNER_PX || y > r.height - CORNER_PX);
    const timer = inCorner ? window.setTimeout(() => handlers.onCornerLongPress(), LONG_PRESS_MS) : null;
    downs.set(e.pointerId, { t: e.timeStamp, x: x / r.width, y: y / r.height, timer });
  });
  const up = (e: PointerEvent) => {
    const d = downs.get(e.pointerId);
    if (!d) return;
    downs.delete(e.pointerId);
    if (d.timer !== null) window.clearTimeout(d.timer);
    handlers.onTouch(d.t, e.timeStamp, d.x, d.y);
  };
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);
  // No context menu, no text selection: nothing on the stage leads anywhere.
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());

  return {
    canvas,
    get scene() {
      return scenes.scene;
    },
    get sceneId() {
      return scenes.sceneId;
    },
    handsOnStage() {
      return (scenes.scene.handsOnStage ?? [null, null]).map((p) => (p ? { x: p.x, y: p.y } : null));
    },
    probe,
    screen,
    takeFrameTimes() {
      return frameTimes.splice(0, frameTimes.length);
    },
    afterEachFrame(f) {
      app.ticker.add(() => f(performance.now()), undefined, UPDATE_PRIORITY.UTILITY);
    },
    setCovered(covered) {
      pace.set({ covered });
    },
    setHidden(hidden) {
      pace.set({ hidden });
    },
    setResting(resting) {
      pace.set({ resting });
    },
    destroy() {
      pace.set({ covered: true });
      app.destroy(true);
    },
  };
}

interface PaceState {
  covered: boolean;
  hidden: boolean;
  resting: boolean;
}

interface Pacer {
  set(change: Partial<PaceState>): void;
}

/**
 * Runs the stage's ticker: not at all while covered or hidden; RESTING_FPS frames a second while resting, each
 * asked for by a timer; otherwise every animation frame, at most `sessionFps` a second. pixi's own loop asks the browser for every
 * animation frame, skipping most when capped, and an animation frame asked for is a frame the page makes (measured
 * in headless Chromium: an idle app page took ~0.24 of a core with five such loops). Woken, the stage draws in the
 * very next animation frame: the cap and pixi's habit of skipping a frame stamped before its start() would not.
 */
function pacer(ticker: Ticker, sessionFps: number, onResume: () => void): Pacer {
  const state: PaceState = { covered: false, hidden: false, resting: false };
  let timer: number | null = null;
  let frame: number | null = null;
  let woken = true;
  const tick = () => {
    frame = null;
    // performance.now(), not the frame's stamp: pixi draws nothing for a stamp before its last time.
    ticker.update(performance.now());
    if (woken) ticker.maxFPS = sessionFps;
    woken = false;
    next();
  };
  const next = () => {
    if (state.covered || state.hidden) return;
    if (!state.resting) frame = requestAnimationFrame(tick);
    else
      timer = window.setTimeout(() => {
        timer = null;
        frame = requestAnimationFrame(tick);
      }, 1000 / RESTING_FPS);
  };
  const apply = (was: PaceState) => {
    if (timer !== null) window.clearTimeout(timer);
    if (frame !== null) cancelAnimationFrame(frame);
    timer = frame = null;
    const away = (p: PaceState) => p.covered || p.hidden;
    if (away(was) && !away(state)) onResume();
    if (!away(state) && !state.resting && (away(was) || was.resting)) {
      woken = true;
      ticker.maxFPS = 0;
    }
    next();
  };
  ticker.stop();
  apply({ covered: true, hidden: false, resting: false });
  return {
    set(change) {
      const was = { ...state };
      Object.assign(state, change);
      if (state.covered !== was.covered || state.hidden !== was.hidden || state.resting !== was.resting)
        apply(was);
    },
  };
}
