import type { LiveView } from '../state/live.ts';
import { h, setLiveText } from '../ui/dom.ts';
import { drawPreview, setPreviewTapHandler, tapHint } from './preview.ts';

export interface CameraPreview {
  /** The preview, then the line under it saying what a tap does. */
  readonly nodes: readonly HTMLElement[];
  /** Twenty times a second while the panel is open (panel/liveDrawing.ts). */
  draw(video: HTMLVideoElement | null, live: LiveView): void;
}

/** The camera as Attune sees it, with the body landmarks; a tap on a person there marks them as the learner. */
export function createCameraPreview(markLearner: (point: { x: number; y: number }) => void): CameraPreview {
  const canvas = h('canvas', {
    width: 320,
    height: 240,
    'aria-label': 'Camera preview with the body landmarks Attune sees',
    role: 'img',
  });
  const tapText = h('p', { class: 'hint', role: 'status' }, tapHint(null));
  setPreviewTapHandler(markLearner);
  let shown = '';
  return {
    nodes: [canvas, tapText],
    draw(video, live) {
      // Drawn again only when there is something new to show: a canvas drawn is a panel composited again, which
      // with no camera (or none yet) cost a PC without a graphics card a third of a core 20 times a second for
      // the same dark picture. A live camera's time moves on every frame, so its picture is always drawn.
      const now = [
        video?.readyState ?? -1,
        video?.currentTime ?? -1,
        video?.videoWidth ?? -1,
        live.poseFramePerfMs,
        live.poseCount,
        JSON.stringify(live.people),
        JSON.stringify(live.learnerTap),
      ].join('|');
      if (now !== shown) {
        shown = now;
        drawPreview(canvas, video, live);
      }
      setLiveText(tapText, tapHint(live.learnerTap));
    },
  };
}
