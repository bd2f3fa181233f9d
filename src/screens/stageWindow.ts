import { installDiagnostics } from '../diagnostics.ts';
import { createStage } from '../stage/stage.ts';
import { createLiveSignals, type LiveView } from '../state/live.ts';
import {
  applyLive,
  HEARTBEAT_MS,
  SCREENS_CHANNEL,
  type ToPanel,
  type ToStage,
  type WakeLockState,
} from './protocol.ts';
import { keepScreenOn } from './wakeLock.ts';

/** What the browser tests read of the stage's window (local only, like the diagnostics). */
export interface StageWindowState {
  wakeLock: WakeLockState | 'not asked';
  /** Live-signal messages received from the panel's window. */
  received: number;
  fullscreen: boolean;
  /** The live signals as this window has them. */
  live: LiveView;
}

declare global {
  interface Window {
    attuneStageWindow?: StageWindowState;
  }
}

/** With no word from the panel's window for this long, the stage fades out rather than hold a stale picture. */
const SILENT_MS = 3 * HEARTBEAT_MS;

/**
 * The stage's own window (`?view=stage`), for the whiteboard while the panel stays on the practitioner's
 * screen. It opens no camera, microphone, log or sound: it draws the live signals the panel's window sends, and
 * sends back the learner's touches and any key pressed here. Nothing on it can be touched to leave it: no panel,
 * no corner press, no context menu, no gestures; Escape (a key, never a touch) leaves full screen.
 */
export async function openStageWindow(host: HTMLElement): Promise<void> {
  document.title = 'Attune stage';
  document.getElementById('overlay')?.remove();
  lockAgainstTouch();
  // A fresh id each time this window comes (back) into view: the panel's window ignores an id that said bye.
  let id = crypto.randomUUID();
  const channel = new BroadcastChannel(SCREENS_CHANNEL);
  // Once closing (bye sent), this window says nothing more: not the wake lock let go, not a last heartbeat.
  let closing = false;
  const send = (m: ToPanel) => {
    if (!closing) channel.postMessage(m);
  };
  const live = createLiveSignals();
  const state: StageWindowState = { wakeLock: 'not asked', received: 0, fullscreen: false, live };
  window.attuneStageWindow = state;
  let heardAt = performance.now();
  channel.onmessage = (e: MessageEvent<ToStage>) => {
    if (e.data.type === 'live') {
      applyLive(live, e.data.live, e.data.origin, performance.timeOrigin);
      state.received++;
      heardAt = performance.now();
    } else {
      heardAt = Number.NEGATIVE_INFINITY;
    }
  };
  const stage = await createStage(host, live, {
    onTouch: (startMs, endMs, x, y) =>
      send({ type: 'touch', id, origin: performance.timeOrigin, startMs, endMs, x, y }),
    // The learner's board opens nothing: the panel is on the practitioner's screen.
    onCornerLongPress: () => undefined,
  });
  installDiagnostics({ live, stage, vision: () => null, voice: () => null });

  const status = () => {
    state.fullscreen = document.fullscreenElement !== null;
    const wakeLock = state.wakeLock === 'not asked' ? 'unsupported' : state.wakeLock;
    send({ type: 'status', id, fullscreen: state.fullscreen, wakeLock });
  };
  const onWakeLock = (s: WakeLockState) => {
    state.wakeLock = s;
    status();
  };
  let letGoOfScreen = keepScreenOn(onWakeLock);
  send({ type: 'hello', id });
  window.setInterval(() => {
    if (closing) return;
    status();
    // The panel's window has gone quiet (closed, or crashed): fade to dark, never hold a frozen picture.
    if (performance.now() - heardAt > SILENT_MS) live.stageGain = 0;
  }, HEARTBEAT_MS);
  document.addEventListener('fullscreenchange', status);
  window.addEventListener('pagehide', () => {
    send({ type: 'bye', id });
    closing = true;
    letGoOfScreen();
  });
  // Back from the browser's back-forward cache: a new id (the old one said bye), and the wake lock asked again.
  window.addEventListener('pageshow', (e) => {
    if (!e.persisted || !closing) return;
    closing = false;
    id = crypto.randomUUID();
    send({ type: 'hello', id });
    letGoOfScreen = keepScreenOn(onWakeLock);
  });
  forwardKeys((key) => send({ type: 'key', id, key }));
  fillScreenWhenAsked();
}

/** Keys pressed here act in the panel's window (tags, calm, whose voice); Escape is left to leave full screen. */
function forwardKeys(forward: (key: string) => void): void {
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    forward(e.key);
  });
}

/**
 * Full screen needs a gesture in this window, or one delegated by the panel's window ("Stage full screen"):
 * staff tap the board once after placing the window. A tap can only enter full screen, never leave it.
 */
function fillScreenWhenAsked(): void {
  const fill = () => {
    if (document.fullscreenElement === null)
      void document.documentElement.requestFullscreen().catch(() => undefined);
  };
  document.addEventListener('pointerdown', fill);
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') fill();
  });
  window.addEventListener('message', (e) => {
    if (e.origin === location.origin && e.data === 'attune: fill the screen') fill();
  });
}

/** Nothing a hand does on the board scrolls, zooms, selects, opens a menu or navigates. */
function lockAgainstTouch(): void {
  const root = document.documentElement;
  root.style.touchAction = 'none';
  root.style.overscrollBehavior = 'none';
  root.style.userSelect = 'none';
  root.style.cursor = 'none';
  const stop = (e: Event) => e.preventDefault();
  for (const type of ['contextmenu', 'selectstart', 'dragstart', 'gesturestart', 'dblclick'])
    document.addEventListener(type, stop);
  // Not passive, so that a pinch or a swipe cannot zoom or go back a page.
  document.addEventListener('touchmove', stop, { passive: false });
  document.addEventListener('wheel', (e) => e.ctrlKey && e.preventDefault(), { passive: false });
}

/**
 * Starts this window in its role: the stage's own window at `?view=stage`, otherwise the practitioner's window
 * (`panelWindow`). A start that fails says why on the page.
 */
export function startWindow(
  panelWindow: (stageHost: HTMLElement, overlay: HTMLElement) => Promise<void>,
): void {
  const stageHost = document.getElementById('stage');
  const overlay = document.getElementById('overlay');
  if (!stageHost || !overlay) throw new Error('index.html is missing #stage or #overlay');
  const isStage = new URLSearchParams(location.search).get('view') === 'stage';
  void (isStage ? openStageWindow(stageHost) : panelWindow(stageHost, overlay)).catch((error: unknown) => {
    document.body.insertAdjacentHTML('beforeend', '<p role="alert" class="problem" id="fatal"></p>');
    const el = document.getElementById('fatal');
    if (el)
      el.textContent = `Attune could not start: ${error instanceof Error ? error.message : String(error)}`;
  });
}
