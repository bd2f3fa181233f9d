import { sessionStore } from '../state/stores.ts';
import type { Panel } from './panel.ts';

/**
 * The panel's meters and camera view are redrawn at most this often: smooth to read, and a third of the screen's
 * rate. Each redraw lays the panel out again and paints its canvas, which on a PC without a graphics card cost
 * the page's thread more than half its time at 60 a second, before anything else had run.
 */
const PANEL_FRAME_MS = 1000 / 20;

/**
 * Redraws the panel's live parts while it is open and the page is shown, from the camera's current picture, on a
 * timer: an animation frame asked for is a frame the page makes even when nothing in it changes (a loop of them
 * kept an idle page awake at the screen's rate), while a redraw that changes nothing here makes none (each part
 * is set again only when what it shows has changed). Closed or hidden, nothing runs; opened, it draws at once.
 */
export function drawPanelWhileOpen(
  panel: Pick<Panel, 'drawLive'>,
  video: () => HTMLVideoElement | null,
): void {
  let timer: number | null = null;
  const draw = () => {
    timer = null;
    if (!sessionStore.getState().panelOpen || document.visibilityState !== 'visible') return;
    panel.drawLive(video());
    timer = window.setTimeout(draw, PANEL_FRAME_MS);
  };
  const wake = () => {
    if (timer === null) draw();
  };
  wake();
  sessionStore.subscribe((s, prev) => {
    if (s.panelOpen && !prev.panelOpen) wake();
  });
  document.addEventListener('visibilitychange', wake);
}
