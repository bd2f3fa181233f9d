import { flashReport } from './core/safety/flashCounter.ts';
import { generalSample, redSample } from './core/safety/transitions.ts';
import type { Camera } from './sensing/camera.ts';
import { emptyMotionStats } from './sensing/motion.ts';
import { emptyVisionStats, type Vision, type VisionStats } from './sensing/vision.ts';
import { audioGraph } from './sound/audioContext.ts';
import { playbackStats } from './sound/audioHealth.ts';
import type { Voice } from './sound/voice.ts';
import type { GovernorMode } from './stage/governedScreen.ts';
import type { Stage } from './stage/stage.ts';
import type { LiveView } from './state/live.ts';

/**
 * Read-only figures for the browser tests and the benchmark (`window.attuneDiagnostics`). Local only, like
 * everything else: nothing here is sent anywhere, and nothing here can change a setting.
 */
export interface Diagnostics {
  poseCount(): number;
  /** Where the stage currently draws each hand, in CSS pixels of the stage; null when not seen. */
  handsOnStage(): ({ x: number; y: number } | null)[];
  /** Width / height of the camera frames the stage maps hands from (1 until the first pose). */
  cameraAspect(): number;
  levelDbfs(): number;
  motionRatio(): number;
  /** Frames analysed by the vision worker, each one's time in ms, and each model's time per run. */
  visionStats(): VisionStats;
  /** Everyone the camera sees, with who they are (boxes 0..1 of the unmirrored camera image). */
  people(): { box: { x: number; y: number; width: number; height: number }; identity: string }[];
  /** Mouth movement per party, eye spans per second. */
  mouthMovement(): { learner: number; practitioner: number };
  /**
   * Motion to picture: for each pose the stage has drawn since the last call, the time from its camera frame's
   * capture to the start of the first stage frame (animation frame) that drew it, ms.
   */
  takeMotionToPictureMs(): number[];
  /**
   * The same from the motion worker's grid (every camera frame, no model): for each motion frame the stage has
   * drawn since the last call, capture to the start of the first stage frame that drew it, ms.
   */
  takeMotionLightMs(): number[];
  /** The id of the scene the stage draws now (stage/scenes/registry.ts). */
  sceneId(): string;
  /**
   * The camera track's count of frames from its source (MediaStreamTrack.stats.totalFrames) and
   * performance.now() read together; null without a camera or track stats. A fake camera slows down rather
   * than drop frames when the machine is busy, so tests map a looping clip's frames to time through this.
   */
  cameraClock(): { perfMs: number; sourceFrames: number } | null;
  /** Plays an unplugged camera: stops the live track and lets the app see it end, as a real unplug does. */
  pullCamera(): boolean;
  /** Plays a camera plugged back in: announces a device change, as the browser does. */
  plugCameraBack(): void;
  /** Stage frame intervals since the last call, ms. */
  takeFrameTimes(): number[];
  /** Loudest sound output since the last call, dBFS (-Infinity when silent or sound not started). */
  takeSoundPeakDbfs(): number;
  /** Benchmarks only: how the stage's screen is governed (`off` shows the scenes ungoverned). */
  governorMode(mode: GovernorMode): void;
  /** Frames the screen governor judged, and held some cell back on, since the page opened. */
  governorFrames(): { frames: number; heldFrames: number };
  /** Switches the stage's luminance probe on or off; the most flashes in any cell in any second since on. */
  probeFlashes(on: boolean): void;
  /**
   * Since the probe was switched on (or last taken): each measured frame's brightness (0-255, the mean of red, green
   * and blue) in the probe's cells holding each of `points` (fractions of the stage's width and height), in order.
   * Takes the probe's frames, as takeMaxFlashesPerSecond does. Every drawn frame is measured where it is drawn, so a
   * test sees a short-lived answer (a touch's ripple) however slowly it can look at the screen.
   */
  takeCellBrightness(points: { x: number; y: number }[]): { tMs: number; brightness: number[] }[];
  /** The audio output's glitches so far (underruns), where the browser reports them; null elsewhere. */
  audioPlayback(): { underrunEvents: number; underrunDuration: number; totalDuration: number } | null;
  /** The shared AudioContext's clock against the page's, to see whether audio keeps real time. */
  audioClock(): { contextMs: number; perfMs: number; state: string; sampleRate: number };
  /**
   * Since the probe was switched on: frames measured, the most general and red flashes in any cell in any second
   * (WCAG 2.3.1), the brightest cell seen (relative luminance), and how many frames the governor held back.
   */
  takeMaxFlashesPerSecond(): {
    frames: number;
    maxFlashes: number;
    maxRedFlashes: number;
    maxCellLuminance: number;
    maxCellRed: number;
    /**
     * The governor's own idea of the last frame shown against the probe's measurement of it: the mean difference
     * per cell and channel, 0..255 (small when the governor sees the screen as it is, the right way up).
     */
    governed: { frames: number; heldFrames: number; differenceFromProbe: number };
  };
}

declare global {
  interface Window {
    attuneDiagnostics?: Diagnostics;
  }
}

export function installDiagnostics(deps: {
  live: LiveView;
  stage: Stage;
  vision: () => Vision | null;
  voice: () => Voice | null;
  camera?: () => Camera | null;
}): void {
  const { latencies, motionLatencies } = watchPictureLatency(deps.live, deps.stage);
  window.attuneDiagnostics = {
    poseCount: () => deps.live.poseCount,
    handsOnStage: () => deps.stage.handsOnStage(),
    cameraAspect: () => deps.live.cameraAspect,
    levelDbfs: () => deps.live.levelDbfs,
    motionRatio: () => deps.live.motion,
    visionStats: () => deps.vision()?.stats() ?? emptyVisionStats(emptyMotionStats()),
    people: () => deps.live.people.map((p) => ({ box: { ...p.box }, identity: p.identity })),
    mouthMovement: () => ({ ...deps.live.mouthMovement }),
    takeMotionToPictureMs: () => latencies.splice(0, latencies.length),
    takeMotionLightMs: () => motionLatencies.splice(0, motionLatencies.length),
    sceneId: () => deps.stage.sceneId,
    cameraClock: () => {
      // MediaStreamTrack.stats is not in TypeScript's DOM types yet.
      const track = deps.camera?.()?.track as
        | (MediaStreamTrack & { stats?: { totalFrames?: number } })
        | undefined;
      const sourceFrames = track?.stats?.totalFrames;
      return sourceFrames === undefined ? null : { perfMs: performance.now(), sourceFrames };
    },
    pullCamera: () => {
      const track = deps.camera?.()?.track;
      if (!track) return false;
      track.stop();
      // stop() from script does not fire 'ended' (only the device going away does), so send it as the browser would.
      track.dispatchEvent(new Event('ended'));
      return true;
    },
    plugCameraBack: () => {
      navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    },
    takeFrameTimes: () => deps.stage.takeFrameTimes(),
    takeSoundPeakDbfs: () => deps.voice()?.takePeakDbfs() ?? Number.NEGATIVE_INFINITY,
    audioPlayback: () => playbackStats(audioGraph().context),
    audioClock: () => {
      const c = audioGraph().context;
      return {
        contextMs: c.currentTime * 1000,
        perfMs: performance.now(),
        state: c.state,
        sampleRate: c.sampleRate,
      };
    },
    governorMode: (mode) => {
      deps.stage.screen.mode = mode;
    },
    governorFrames: () => ({ frames: deps.stage.screen.frames, heldFrames: deps.stage.screen.heldFrames }),
    probeFlashes: (on) => {
      deps.stage.probe.on = on;
    },
    takeCellBrightness: (points) => {
      const { cols, rows } = deps.stage.probe;
      const cells = points.map(({ x, y }) => {
        const col = Math.min(cols - 1, Math.max(0, Math.floor(x * cols)));
        const row = Math.min(rows - 1, Math.max(0, Math.floor(y * rows)));
        return (row * cols + col) * 3;
      });
      return deps.stage.probe.take().map((f) => ({
        tMs: f.tMs,
        brightness: cells.map((c) => ((f.rgb[c] ?? 0) + (f.rgb[c + 1] ?? 0) + (f.rgb[c + 2] ?? 0)) / 3),
      }));
    },
    takeMaxFlashesPerSecond: () => {
      const frames = deps.stage.probe.take();
      let maxCellLuminance = 0;
      let maxCellRed = 0;
      for (const f of frames) {
        for (let c = 0; c < f.rgb.length; c += 3) {
          const [r, g, b] = [f.rgb[c] ?? 0, f.rgb[c + 1] ?? 0, f.rgb[c + 2] ?? 0];
          maxCellLuminance = Math.max(maxCellLuminance, generalSample(r, g, b).v);
          maxCellRed = Math.max(maxCellRed, redSample(r, g, b).v);
        }
      }
      const report = flashReport(frames);
      const screen = deps.stage.screen;
      const last = frames.at(-1)?.rgb;
      const shown = screen.governor.shown;
      let diff = 0;
      if (last) for (let i = 0; i < shown.length; i++) diff += Math.abs((shown[i] ?? 0) - (last[i] ?? 0));
      const governed = {
        frames: screen.frames,
        heldFrames: screen.heldFrames,
        differenceFromProbe: last ? diff / shown.length : Number.NaN,
      };
      return {
        frames: frames.length,
        maxFlashes: report.general,
        maxRedFlashes: report.red,
        maxCellLuminance,
        maxCellRed,
        governed,
      };
    },
  };
}

/**
 * Motion to picture, for the benchmark: from each camera frame's capture (the motion grid's, and the pose's) to
 * the end of drawing the first stage frame on the screen that drew it.
 */
function watchPictureLatency(
  live: LiveView,
  stage: Stage,
): { latencies: number[]; motionLatencies: number[] } {
  // Run by the stage after each frame it draws (and only then: a watch of its own asked for every animation frame
  // of the page's life, so the page never slept), so the first frame in which it sees a new pose time is the frame
  // that drew that pose.
  const latencies: number[] = [];
  const motionLatencies: number[] = [];
  let lastSeen = live.poseFramePerfMs;
  let lastMotion = live.motionFramePerfMs;
  // The governed screen shows a frame once its read-back is judged, normally a frame after it was drawn, and may
  // drop a frame for a newer one: a capture counts until the screen shows a frame drawn after the stage had it.
  const waiting: { t: number; drawnAt: number; into: number[] }[] = [];
  // The time now, not the frame's start: the stage has drawn, so this is when the picture was ready; a slow
  // frame's start can come before a capture the same frame goes on to draw.
  stage.afterEachFrame((now) => {
    const screen = stage.screen;
    const m = live.motionFramePerfMs;
    if (m !== lastMotion) {
      waiting.push({ t: m, drawnAt: screen.lastDrawnAt, into: motionLatencies });
      lastMotion = m;
    }
    const t = live.poseFramePerfMs;
    if (t !== lastSeen && live.poseCount > 0) {
      waiting.push({ t, drawnAt: screen.lastDrawnAt, into: latencies });
      lastSeen = t;
    }
    while (waiting[0] && screen.shownDrawnAt >= waiting[0].drawnAt) {
      const w = waiting.shift();
      if (w && w.into.length < 100_000) w.into.push(now - w.t);
    }
  });
  return { latencies, motionLatencies };
}
