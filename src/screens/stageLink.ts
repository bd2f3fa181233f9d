import type { PerfMs } from '../core/clock.ts';
import type { LiveView } from '../state/live.ts';
import { sessionStore } from '../state/stores.ts';
import { h, setLiveText } from '../ui/dom.ts';
import {
  HEARTBEAT_MS,
  SCREENS_CHANNEL,
  shiftClock,
  type ToPanel,
  type ToStage,
  type WakeLockState,
} from './protocol.ts';

/** What the link asks of the engine (src/engine/engine.ts has each of these). */
export interface StageLinkCommands {
  touch(startMs: PerfMs, endMs: PerfMs, x: number, y: number): void;
  showPanel(open: boolean): void;
}

export interface StageLink {
  /** New live signals (a microphone frame): sent now if due, so the stage keeps up when this window is hidden. */
  nudge(): void;
  /** Whether a stage window is showing the stage. */
  readonly attached: boolean;
}

/** At most one live message per this many ms: a screen's frame. */
const MIN_SEND_MS = 15;
const STAGE_URL = '?view=stage';

/**
 * The panel's side of two screens: opens the stage in a window of its own (on the other screen where the browser
 * lets Attune place it), sends it the live signals, and takes the learner's touches and any keys from it. While
 * a stage window is there, this window's own stage is hidden and not drawn (nothing drawn twice) and the panel
 * stays up; when it goes, this window's stage comes back.
 */
export function linkStageWindow(
  panel: HTMLElement,
  stageHost: HTMLElement,
  live: LiveView,
  commands: StageLinkCommands,
  /** This window's own stage is hidden (a stage window is there) or shown again: it draws only when shown. */
  onHidden: (hidden: boolean) => void,
): StageLink {
  const channel = new BroadcastChannel(SCREENS_CHANNEL);
  const stages = new Map<string, { seenAt: number; fullscreen: boolean; wakeLock: WakeLockState | null }>();
  // Stage windows that have said bye: a message of theirs still on its way (a status sent as the closing
  // window's wake lock is let go, say) must not bring them back as if still there.
  const gone = new Set<string>();
  const ui = createSecondScreenSection(panel);
  let lastSent = Number.NEGATIVE_INFINITY;
  const send = (m: ToStage) => channel.postMessage(m);

  const publish = () => {
    const now = performance.now();
    if (stages.size === 0 || now - lastSent < MIN_SEND_MS) return;
    lastSent = now;
    // Structured clone copies every field, so a signal added later reaches the stage without a change here.
    send({ type: 'live', origin: performance.timeOrigin, live: live as ToStageLive });
  };
  // Every animation frame while a stage window is there, and none otherwise: an animation frame asked for is a
  // frame this page makes, and a loop of them kept an idle page awake at the screen's rate for nothing.
  let frame: number | null = null;
  const sendEachFrame = () => {
    frame = null;
    if (stages.size === 0) return;
    publish();
    frame = requestAnimationFrame(sendEachFrame);
  };

  let wasAttached = false;
  const render = () => {
    const attached = stages.size > 0;
    if (attached && frame === null) frame = requestAnimationFrame(sendEachFrame);
    if (attached !== stageHost.hidden) onHidden(attached);
    stageHost.hidden = attached;
    // The stage has gone to a screen of its own during a session: the panel comes back to this one.
    const s = sessionStore.getState();
    if (attached && !wasAttached && s.sessionId !== null && !s.panelOpen) commands.showPanel(true);
    wasAttached = attached;
    ui.show([...stages.values()][0] ?? null);
  };
  channel.onmessage = (e: MessageEvent<ToPanel>) => {
    const m = e.data;
    if (gone.has(m.id)) return;
    if (m.type === 'bye') {
      gone.add(m.id);
      stages.delete(m.id);
    } else {
      const known = stages.get(m.id) ?? { seenAt: 0, fullscreen: false, wakeLock: null };
      known.seenAt = performance.now();
      if (m.type === 'status') Object.assign(known, { fullscreen: m.fullscreen, wakeLock: m.wakeLock });
      stages.set(m.id, known);
      if (m.type === 'touch') {
        const here = performance.timeOrigin;
        commands.touch(shiftClock(m.startMs, m.origin, here), shiftClock(m.endMs, m.origin, here), m.x, m.y);
      }
      // The key acts as if pressed here: the hotkeys listen on this document.
      if (m.type === 'key')
        document.dispatchEvent(new KeyboardEvent('keydown', { key: m.key, bubbles: true }));
    }
    render();
  };
  window.setInterval(() => {
    const now = performance.now();
    for (const [id, s] of stages) if (now - s.seenAt > 3.5 * HEARTBEAT_MS) stages.delete(id);
    render();
  }, HEARTBEAT_MS);
  // A session in two windows keeps the panel up: the stage has a screen of its own.
  // (Starting a session hides the panel for the board; hiding it later with the key is the practitioner's choice.)
  sessionStore.subscribe((s, prev) => {
    if (s.sessionId !== null && prev.sessionId === null && !s.panelOpen && stages.size > 0)
      commands.showPanel(true);
  });
  window.addEventListener('pagehide', () => send({ type: 'goodbye' }));

  return {
    nudge: publish,
    get attached() {
      return stages.size > 0;
    },
  };
}

type ToStageLive = Extract<ToStage, { type: 'live' }>['live'];

interface SecondScreenSection {
  show(stage: { fullscreen: boolean; wakeLock: WakeLockState | null } | null): void;
}

/** The panel's "Second screen" section: open the stage window, make it fill its screen, and how it is doing. */
function createSecondScreenSection(panel: HTMLElement): SecondScreenSection {
  const openButton = h('button', { type: 'button' }, 'Open stage window');
  const fillButton = h('button', { type: 'button', disabled: true }, 'Stage full screen');
  const line = h('p', { class: 'hint', role: 'status' });
  let opened: Window | null = null;
  let said = '';
  // The instruction said on opening holds only until the stage window checks in: once it has come and gone,
  // the stage is back in this window, whether or not the browser has yet marked that window closed.
  let waiting = false;
  openButton.addEventListener('click', async () => {
    const placed = await otherScreen();
    opened = window.open(STAGE_URL, 'attune-stage', placed ?? 'popup,width=1024,height=768');
    waiting = opened !== null;
    said = !opened
      ? 'The browser blocked the stage window. Allow pop-ups for Attune, then press Open stage window again.'
      : placed
        ? 'The stage window is on the other screen: press Stage full screen, or tap the board once.'
        : 'Drag the stage window onto the whiteboard’s screen, then press Stage full screen or tap the board once.';
    setLiveText(line, said);
  });
  fillButton.addEventListener('click', () => {
    // Lends this click to the stage window, which may then go full screen (Fullscreen Capability Delegation).
    const options = { targetOrigin: location.origin, delegate: 'fullscreen' } as WindowPostMessageOptions;
    opened?.postMessage('attune: fill the screen', options);
  });
  panel.append(
    h(
      'section',
      { 'aria-labelledby': 'second-screen-heading' },
      h('h2', { id: 'second-screen-heading' }, 'Second screen'),
      h('div', { class: 'row' }, openButton, fillButton),
      line,
    ),
  );
  return {
    show(stage) {
      fillButton.disabled = !stage || stage.fullscreen || !opened || opened.closed;
      if (!stage) {
        setLiveText(line, waiting && opened && !opened.closed ? said : 'The stage is in this window.');
        return;
      }
      waiting = false;
      const fill = stage.fullscreen ? 'full screen' : 'not yet full screen (tap it once)';
      const awake =
        stage.wakeLock === 'held'
          ? 'its screen is kept on'
          : `its screen may sleep (${typeof stage.wakeLock === 'object' && stage.wakeLock !== null ? stage.wakeLock.refused : 'the browser cannot keep it on'})`;
      setLiveText(line, `The stage is in its own window: ${fill}; ${awake}. The panel stays here.`);
    },
  };
}

/** Window features that put a window over the whole of another screen, where the browser lets Attune know them. */
async function otherScreen(): Promise<string | null> {
  const w = window as Window & { getScreenDetails?: () => Promise<ScreenDetailsLike> };
  if (typeof w.getScreenDetails !== 'function') return null;
  try {
    const details = await w.getScreenDetails();
    const other = details.screens.find((s) => s !== details.currentScreen);
    if (!other) return null;
    return `popup,left=${other.availLeft},top=${other.availTop},width=${other.availWidth},height=${other.availHeight}`;
  } catch {
    // Not granted: the stage window opens here, to be dragged.
    return null;
  }
}

interface ScreenLike {
  availLeft: number;
  availTop: number;
  availWidth: number;
  availHeight: number;
}
interface ScreenDetailsLike {
  screens: ScreenLike[];
  currentScreen: ScreenLike;
}
