import { installDiagnostics } from './diagnostics.ts';
import { Engine } from './engine/engine.ts';
import { installHotkeys } from './panel/hotkeys.ts';
import { drawPanelWhileOpen } from './panel/liveDrawing.ts';
import { createPanel } from './panel/panel.ts';
import { createReview } from './review/review.ts';
import { linkStageWindow } from './screens/stageLink.ts';
import { startWindow } from './screens/stageWindow.ts';
import { type CameraKeeper, keepCameraOpen } from './sensing/camera.ts';
import { type Mic, openMic } from './sensing/mic.ts';
import { startVision, type Vision } from './sensing/vision.ts';
import { audioGraph } from './sound/audioContext.ts';
import { watchUnderruns } from './sound/audioHealth.ts';
import { createVoice, type Voice } from './sound/voice.ts';
import { restWhileNoSession } from './stage/resting.ts';
import { createStage } from './stage/stage.ts';
import { sessionStore, settingsStore } from './state/stores.ts';
import { LogStore } from './store/logStore.ts';
import { askToPersist } from './store/persistence.ts';

/** Wiring only: each piece is built in its own module; this connects them. The practitioner's window owns the
 * camera, microphone, engine, log and sound; a stage window (`?view=stage`, screens/) only draws. */
async function main(stageHost: HTMLElement, overlay: HTMLElement): Promise<void> {
  let mic: Mic | null = null;
  let camera: CameraKeeper | null = null;
  let voice: Voice | null = null;
  let vision: Vision | null = null;
  const store = await LogStore.open();
  const engine = await Engine.open({
    store,
    openVoice: async () => {
      voice = await createVoice();
      return voice;
    },
    mic: () => mic,
    onRegions: (regions) => vision?.setRegions(regions),
  });
  const stage = await createStage(stageHost, engine.live, {
    onTouch: (start, end, x, y) => engine.touch(start, end, x, y),
    onCornerLongPress: () => engine.showPanel(true),
  });
  const review = createReview(
    overlay,
    store,
    () => {
      review.close();
      engine.showPanel(true);
    },
    { onLearnersChanged: () => void engine.learnersChanged(), onShown: (shown) => stage.setCovered(shown) },
  );
  const panel = createPanel(overlay, engine.live, engine, () => {
    engine.showPanel(false);
    void review.open(sessionStore.getState().learnerId);
  });
  installHotkeys(document, engine, panel);
  const screens = linkStageWindow(panel.element, stageHost, engine.live, engine, (h) => stage.setHidden(h));
  sessionStore.subscribe((s, prev) => void (s.sessionId && !prev.sessionId && askToPersist()));
  restWhileNoSession(stage);
  drawPanelWhileOpen(panel, () => camera?.current()?.video ?? null);
  const sensing = startVision({
    onStatus: (s) => engine.deviceStatus('vision', s),
    onFrame: (r) => engine.visionFrame(r),
    onMotion: (m) => engine.motionFrame(m),
  });
  vision = sensing;
  // Sound comes first: when the audio output underruns, the models get fewer frames for a while.
  watchUnderruns(audioGraph().context, () => sensing.backOff());
  mic = await openMic({
    onStatus: (s) => engine.deviceStatus('microphone', s),
    onLevel: (level) => {
      engine.micLevel(level);
      screens.nudge();
    },
    onSegment: (seg) => engine.vocalisation(seg),
  });
  mic?.setSensitivity(settingsStore.getState().sensitivity);
  // The vision workers live for the whole page: a camera unplugged and plugged back in is fed to the same
  // loaded models, and the session never restarts. Unplugged mid-session, voice and touch carry on.
  camera = await keepCameraOpen(
    (s) => engine.deviceStatus('camera', s),
    (video) => {
      sensing.setVideo(video);
      if (!video) engine.cameraLost();
    },
  );
  installDiagnostics({
    live: engine.live,
    stage,
    vision: () => vision,
    voice: () => voice,
    camera: () => camera?.current() ?? null,
  });
}

startWindow(main);
