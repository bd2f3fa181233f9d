import type { Learner } from './core/session.ts';
import { installDiagnostics } from './diagnostics.ts';
import { createPanel, PANEL_KEY } from './panel/panel.ts';
import { createReview } from './review/review.ts';
import { type Camera, openCamera } from './sensing/camera.ts';
import { type Mic, openMic } from './sensing/mic.ts';
import { startVision, type Vision } from './sensing/vision.ts';
import { MovementWatcher } from './session/movementWatcher.ts';
import { SessionRunner } from './session/sessionRunner.ts';
import { createVoice, type Voice } from './sound/voice.ts';
import { createStage } from './stage/stage.ts';
import { createLiveSignals } from './state/live.ts';
import { sessionStore, settingsStore } from './state/stores.ts';
import { LogStore } from './store/logStore.ts';

/** Wiring only: every piece is built in its own module. */
async function main(): Promise<void> {
  const stageHost = document.getElementById('stage');
  const overlay = document.getElementById('overlay');
  if (!stageHost || !overlay) throw new Error('index.html is missing #stage or #overlay');

  const live = createLiveSignals();
  const store = await LogStore.open();
  await store.recoverInterrupted();

  let runner: SessionRunner | null = null;
  let voice: Voice | null = null;
  let camera: Camera | null = null;
  let vision: Vision | null = null;
  let mic: Mic | null = null;
  const movement = new MovementWatcher((startPerf, endPerf, peak, party) =>
    runner?.movement(startPerf, endPerf, peak, party),
  );

  const stage = await createStage(stageHost, live, {
    onTouch: (s, e, x, y) => runner?.touch(s, e, x, y),
    onCornerLongPress: () => sessionStore.setState({ panelOpen: true }),
  });

  const refreshLearners = async (selected: string | null) =>
    panel.setLearners(await store.learners(), selected);
  const review = createReview(overlay, store, () => {
    review.close();
    sessionStore.setState({ panelOpen: true });
  });
  const panel = createPanel(overlay, live, {
    async addLearner(pseudonym) {
      const learner: Learner = await store.addLearner(pseudonym);
      sessionStore.setState({ learnerId: learner.id });
      await refreshLearners(learner.id);
    },
    chooseLearner(id) {
      sessionStore.setState({ learnerId: id || null });
    },
    async startSession() {
      const learnerId = sessionStore.getState().learnerId;
      if (!learnerId || runner) return;
      // Sound needs a user gesture to start: this click is it.
      if (!voice) voice = await createVoice().catch(() => null);
      const s = settingsStore.getState();
      voice?.setVolume(s.volume, s.muted);
      runner = await SessionRunner.start(store, learnerId, voice);
      sessionStore.setState({
        sessionId: runner.sessionId,
        startedPerfMs: runner.clock.toPerf(0),
        panelOpen: false,
        counts: { vocal: 0, movement: 0, touch: 0 },
      });
      await document.documentElement.requestFullscreen?.().catch(() => undefined);
    },
    async endSession() {
      const r = runner;
      if (!r) return;
      movement.flush();
      await mic?.flush();
      runner = null;
      await r.end();
      sessionStore.setState({ sessionId: null, startedPerfMs: null, panelOpen: true });
      if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
    },
    openReview() {
      sessionStore.setState({ panelOpen: false });
      void review.open(sessionStore.getState().learnerId);
    },
  });
  await refreshLearners(null);

  settingsStore.subscribe((s) => {
    voice?.setVolume(s.volume, s.muted);
    mic?.setSensitivity(s.sensitivity);
  });

  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
    if (e.key.toLowerCase() === PANEL_KEY && sessionStore.getState().sessionId) {
      sessionStore.setState({ panelOpen: !sessionStore.getState().panelOpen });
    }
  });

  const drawPanel = () => {
    if (sessionStore.getState().panelOpen) panel.drawLive(camera?.video ?? null);
    requestAnimationFrame(drawPanel);
  };
  requestAnimationFrame(drawPanel);

  const setStatus = sessionStore.setState;
  const startCamera = async () => {
    camera = await openCamera(
      (camera) => setStatus({ camera }),
      () => {
        vision?.close();
        vision = null;
        live.poseCount = 0;
      },
    );
    if (camera) {
      vision = startVision(camera.video, live, {
        onStatus: (v) => setStatus({ vision: v }),
        onResult: (framePerfMs, people, energy) => {
          live.motion = movement.frame(framePerfMs, energy, people.length);
        },
      });
    } else {
      setStatus({ vision: { state: 'failed', message: 'Body tracking needs the camera.' } });
    }
  };
  mic = await openMic(live, {
    onStatus: (microphone) => setStatus({ microphone }),
    onSegmentStart: () => undefined,
    onSegment: (seg) => runner?.vocalisation(seg),
  });
  mic?.setSensitivity(settingsStore.getState().sensitivity);
  await startCamera();
  navigator.mediaDevices?.addEventListener('devicechange', () => {
    if (!camera || camera.video.srcObject === null) void startCamera();
  });

  installDiagnostics({ live, stage, vision: () => vision, voice: () => voice });
}

void main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  document.body.insertAdjacentHTML('beforeend', '<p role="alert" class="problem" id="fatal"></p>');
  const el = document.getElementById('fatal');
  if (el) el.textContent = `Attune could not start: ${message}`;
});
