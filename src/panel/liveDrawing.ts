import { sessionStore } from '../state/stores.ts';
import type { Panel } from './panel.ts';

/**
 * The panel's meters and camera view are redrawn at most this often: smooth to read, and a third of the screen's
 * rate. Each redraw lays the panel out again and paints its canvas, which on a PC without a graphics card cost
 * the page's thread more than half its time at 60 a second, before anything else had run.
 */
const PANEL_FRAME_MS = 1000 / 20;

/** Redraws the panel's live parts while it is open, from the camera's current picture. */
export function drawPanelWhileOpen(
  panel: Pick<Panel, 'drawLive'>,
  video: () => HTMLVideoElement | null,
): void {
  let drawnAt = Number.NEGATIVE_INFINITY;
  const draw = (now: number) => {
    // A little early counts as on time: frames come every 16.7 ms, so 50 ms is three of them, not four.
    if (sessionStore.getState().panelOpen && now - drawnAt >= PANEL_FRAME_MS - 4) {
      drawnAt = now;
      panel.drawLive(video());
    }
    requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
}
