import type { VoiceParty } from './core/audio/attribution.ts';
import { tagForKey } from './core/fundamentals.ts';
import type { Learner } from './core/session.ts';
import { installDiagnostics } from './diagnostics.ts';
import { createPanel, PANEL_KEY, type PanelActions } from './panel/panel.ts';
import { setPreviewTapHandler } from './panel/preview.ts';
import { createReview } from './review/review.ts';
import { type Camera, openCamera, watchForCamera } from './sensing/camera.ts';
import { type Mic, openMic } from './sensing/mic.ts';
import { startVision, type Vision } from './sensing/vision.ts';
import { MovementWatcher } from './session/movementWatcher.ts';
import { SessionRunner } from './session/sessionRunner.ts';
import { ENROL_MS, VOICE_KEYS, VoiceIdentity } from './session/voiceIdentity.ts';
import { createVoice, type Voice } from './sound/voice.ts';
import { createStage } from './stage/stage.ts';
import { createLiveSignals } from './state/live.ts';
import { EMPTY_TURNS, sessionStore, settingsStore } from './state/stores.ts';

/** Calm: the stage fades to a third, the sound to a quarter of the practitioner's volume. */
const CALM_STAGE_GAIN = 0.3;
const CALM_VOLUME = 0.25;

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
  let mic: Mic | null = null;
  // Whose voice: the chosen learner's enrolled voices (null with no learner chosen).
  let voices: VoiceIdentity | null = null;
  const chooseVoices = async (learnerId: string | null) => {
    const loaded = learnerId ? await VoiceIdentity.load(store, learnerId) : null;
    // A quicker later choice wins.
    if (sessionStore.getState().learnerId !== learnerId) return;
    voices = loaded;
    panel.setVoices(loaded?.status() ?? null);
  };
  const correctVoice = async (party: VoiceParty) => {
    const r = runner;
    if (!r) return;
    voices?.correct(party);
    const e = await r.correctLastVocal(party);
    panel.showVoiceCorrection(
      e
        ? `The vocalisation at ${(e.startMs / 1000).toFixed(1)} s is now marked as the ${party}’s.`
        : 'There is no vocalisation to correct yet.',
    );
  };
  const movement = new MovementWatcher(
    (startPerf, endPerf, peak, party) => runner?.movement(startPerf, endPerf, peak, party),
    (event) => runner?.seen(event),
  );

  const stage = await createStage(stageHost, live, {
    onTouch: (s, e, x, y) => runner?.touch(s, e, x, y),
    onCornerLongPress: () => sessionStore.setState({ panelOpen: true }),
  });

  const refreshLearners = async (selected: string | null) =>
    panel.setLearners(await store.learners(), selected);
  const review = createReview(
    overlay,
    store,
    () => {
      review.close();
      sessionStore.setState({ panelOpen: true });
    },
    {
      // After an import or an erase: the panel lists the learners now here, and forgets an erased choice.
      async onLearnersChanged() {
        const learners = await store.learners();
        const chosen = sessionStore.getState().learnerId;
        const keep = learners.some((l) => l.id === chosen) ? chosen : null;
        sessionStore.setState({ learnerId: keep });
        panel.setLearners(learners, keep);
        await chooseVoices(keep);
      },
    },
  );
  const actions: PanelActions = {
    async addLearner(pseudonym) {
      const learner: Learner = await store.addLearner(pseudonym);
      sessionStore.setState({ learnerId: learner.id });
      await refreshLearners(learner.id);
      await chooseVoices(learner.id);
    },
    chooseLearner(id) {
      sessionStore.setState({ learnerId: id || null });
      void chooseVoices(id || null);
    },
    async startSession() {
      const learnerId = sessionStore.getState().learnerId;
      if (!learnerId || runner) return;
      // Sound needs a user gesture to start: this click is it.
      if (!voice) voice = await createVoice().catch(() => null);
      const s = settingsStore.getState();
      runner = await SessionRunner.start(store, learnerId, voice, s.mode, live);
      applySettings(s);
      sessionStore.setState({
        turns: EMPTY_TURNS,
        lastTag: null,
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
    holdStill() {
      movement.startCalibration();
    },
    async roomCheck() {
      return (await mic?.roomCheck()) ?? null;
    },
    tag(t) {
      if (!runner) return;
      runner.tag(t.id);
      sessionStore.setState({ lastTag: { label: t.label, atMs: runner.clock.fromPerf(performance.now()) } });
    },
    note(text) {
      if (!runner) return;
      runner.tag('note', text);
      sessionStore.setState({ lastTag: { label: 'Note', atMs: runner.clock.fromPerf(performance.now()) } });
    },
    async recordVoice(party) {
      const v = voices;
      if (!v) return { ok: false, message: 'Choose a learner first.' };
      if (!mic) return { ok: false, message: 'There is no microphone: connect one and reload the page.' };
      return v.enrol(party, await mic.record(ENROL_MS), mic.sampleRate);
    },
    openReview() {
      sessionStore.setState({ panelOpen: false });
      void review.open(sessionStore.getState().learnerId);
    },
  };
  const panel = createPanel(overlay, live, actions);
  await refreshLearners(null);
  panel.setVoices(null);

  // Calm and listen-only act on the output only: sensing and logging go on.
  const applySettings = (s: ReturnType<typeof settingsStore.getState>) => {
    voice?.setVolume(s.calm ? s.volume * CALM_VOLUME : s.volume, s.muted || s.mode === 'listen-only');
    mic?.setSensitivity(s.sensitivity);
    runner?.setMode(s.mode);
    live.stageGain = s.mode === 'listen-only' ? 0 : s.calm ? CALM_STAGE_GAIN : 1;
  };
  settingsStore.subscribe(applySettings);

  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const running = sessionStore.getState().sessionId !== null;
    const key = e.key.toLowerCase();
    if (key === PANEL_KEY && running) {
      sessionStore.setState({ panelOpen: !sessionStore.getState().panelOpen });
    } else if (key === 'c') {
      settingsStore.setState({ calm: !settingsStore.getState().calm });
    } else if (key === '?') {
      panel.showKeys();
    } else if (key === 'n' && running) {
      e.preventDefault();
      panel.focusNote();
    } else if (running && (key === VOICE_KEYS.learner || key === VOICE_KEYS.practitioner)) {
      void correctVoice(key === VOICE_KEYS.learner ? 'learner' : 'practitioner');
    } else if (running) {
      const tag = tagForKey(key);
      if (tag) actions.tag(tag);
    }
  });

  const drawPanel = () => {
    if (sessionStore.getState().panelOpen) panel.drawLive(camera?.video ?? null);
    requestAnimationFrame(drawPanel);
  };
  requestAnimationFrame(drawPanel);

  const setStatus = sessionStore.setState;
  // The vision worker lives for the whole page: a camera unplugged and plugged back in is fed to the same
  // loaded models, and the session never restarts.
  const vision: Vision = startVision(live, {
    onStatus: (v) => setStatus({ vision: v }),
    onResult: (result) => movement.frame(result, live),
    onMotion: (result) => movement.motion(result, live),
    regions: () => movement.regions(),
  });
  setPreviewTapHandler((point) => movement.markLearner(point, live));
  let opening = false;
  const startCamera = async () => {
    if (camera || opening) return;
    opening = true;
    camera = await openCamera(
      (camera) => setStatus({ camera }),
      () => {
        // Unplugged mid-session: log what was under way, stop feeding frames; voice and touch carry on.
        movement.flush();
        vision.setVideo(null);
        camera = null;
        live.poseCount = 0;
        live.people = [];
      },
    ).finally(() => {
      opening = false;
    });
    vision.setVideo(camera?.video ?? null);
  };
  mic = await openMic(live, {
    onStatus: (microphone) => setStatus({ microphone }),
    onSegmentStart: (perfMs) => runner?.vocalOnset(perfMs),
    onSegment: (seg) => {
      // Outside a session nothing is logged: no need to ask whose voice it was.
      if (!runner) return;
      const cues = movement.mouthCues.cuesFor(seg.startPerfMs, seg.endPerfMs);
      const label = voices?.attribute(seg, cues);
      runner.vocalisation(seg, label?.party, label?.confidence);
    },
  });
  mic?.setSensitivity(settingsStore.getState().sensitivity);
  await startCamera();
  watchForCamera(() => void startCamera());

  installDiagnostics({ live, stage, vision: () => vision, voice: () => voice, camera: () => camera });
}

void main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  document.body.insertAdjacentHTML('beforeend', '<p role="alert" class="problem" id="fatal"></p>');
  const el = document.getElementById('fatal');
  if (el) el.textContent = `Attune could not start: ${message}`;
});
