import { type LiveView, POSE_LANDMARKS, POSE_STRIDE } from '../state/live.ts';

/** Pairs of pose landmarks drawn as the skeleton in the preview (arms, shoulders, hips). */
const BONES: readonly [number, number][] = [
  [11, 12],
  [11, 13],
  [13, 15],
  [12, 14],
  [14, 16],
  [15, 19],
  [16, 20],
  [11, 23],
  [12, 24],
  [23, 24],
];

/** Where a tap on the preview goes, as a point of the camera's own (unmirrored) image, 0..1. */
export type PreviewTapHandler = (point: { x: number; y: number }) => void;

let onTap: PreviewTapHandler | null = null;
const listening = new WeakSet<HTMLCanvasElement>();

/** The practitioner taps the learner in the preview: whoever is there becomes the learner (the panel wires it). */
export function setPreviewTapHandler(handler: PreviewTapHandler | null): void {
  onTap = handler;
}

/**
 * Listens for taps on a preview canvas (once per canvas). The preview is drawn mirrored, so x is flipped back
 * to the camera's own image, which is what the vision worker's boxes are in.
 */
function listen(canvas: HTMLCanvasElement): void {
  if (listening.has(canvas)) return;
  listening.add(canvas);
  canvas.style.cursor = 'crosshair';
  canvas.addEventListener('pointerup', (e) => {
    const r = canvas.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return;
    const x = 1 - (e.clientX - r.left) / r.width;
    const y = (e.clientY - r.top) / r.height;
    onTap?.({ x: Math.min(1, Math.max(0, x)), y: Math.min(1, Math.max(0, y)) });
  });
}

/** The line under the preview: what tapping does, and what the latest tap did. */
export function tapHint(tap: LiveView['learnerTap']): string {
  switch (tap?.state) {
    case 'chosen':
      return 'Learner chosen (yellow box). Tap someone else to change.';
    case 'waiting':
      return 'Looking for someone where you tapped…';
    case 'missed':
      return 'No one was seen where you tapped. Tap on the learner in the picture.';
    default:
      return 'Tap the learner in the picture so that Attune follows them.';
  }
}

/** Box colours: the learner stands out in the stage's own yellow; the practitioner is quieter. */
const IDENTITY_COLOUR: Record<string, string> = { learner: '#ffc400', practitioner: '#4fa3ff' };

/**
 * The camera preview in the panel: the practitioner sees what Attune sees, mirrored like the stage, with the
 * landmarks it found drawn over it, a box round each person (the learner's in yellow, once tapped).
 */
export function drawPreview(canvas: HTMLCanvasElement, video: HTMLVideoElement | null, live: LiveView): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  listen(canvas);
  // The preview takes the camera's own shape (4:3, 16:9...), so nothing in it is stretched.
  if (video && video.videoWidth > 0 && video.videoHeight > 0) {
    const height = Math.round((canvas.width * video.videoHeight) / video.videoWidth);
    if (canvas.height !== height) canvas.height = height;
  }
  const { width: w, height: h } = canvas;
  ctx.save();
  ctx.fillStyle = '#111';
  ctx.fillRect(0, 0, w, h);
  ctx.translate(w, 0);
  ctx.scale(-1, 1);
  if (video && video.readyState >= 2) ctx.drawImage(video, 0, 0, w, h);
  if (live.poseCount > 0) {
    ctx.lineWidth = 2;
    for (const person of live.people) {
      ctx.strokeStyle = IDENTITY_COLOUR[person.identity] ?? '#888';
      const b = person.box;
      ctx.strokeRect(b.x * w, b.y * h, b.width * w, b.height * h);
    }
  }
  const waiting = live.learnerTap?.waitingAt;
  if (waiting) {
    // Where the tap waits for someone to be seen: a dashed ring, so staff can tell the tap was taken.
    ctx.strokeStyle = IDENTITY_COLOUR.learner ?? '#ffc400';
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.arc(waiting.x * w, waiting.y * h, 12, 0, Math.PI * 2);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (live.poseCount > 0) {
    const p = live.pose;
    ctx.strokeStyle = '#ffc400';
    ctx.lineWidth = 2;
    for (const [a, b] of BONES) {
      if ((p[a * POSE_STRIDE + 2] ?? 0) < 0.5 || (p[b * POSE_STRIDE + 2] ?? 0) < 0.5) continue;
      ctx.beginPath();
      ctx.moveTo((p[a * POSE_STRIDE] ?? 0) * w, (p[a * POSE_STRIDE + 1] ?? 0) * h);
      ctx.lineTo((p[b * POSE_STRIDE] ?? 0) * w, (p[b * POSE_STRIDE + 1] ?? 0) * h);
      ctx.stroke();
    }
    ctx.fillStyle = '#ff5a36';
    for (let i = 0; i < POSE_LANDMARKS; i++) {
      if ((p[i * POSE_STRIDE + 2] ?? 0) < 0.5) continue;
      ctx.beginPath();
      ctx.arc((p[i * POSE_STRIDE] ?? 0) * w, (p[i * POSE_STRIDE + 1] ?? 0) * h, 3, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.restore();
}
