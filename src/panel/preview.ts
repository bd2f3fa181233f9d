import { type LiveSignals, POSE_LANDMARKS, POSE_STRIDE } from '../state/live.ts';

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

/**
 * The camera preview in the panel: the practitioner sees what Attune sees, mirrored like the stage, with the
 * landmarks it found drawn over it.
 */
export function drawPreview(
  canvas: HTMLCanvasElement,
  video: HTMLVideoElement | null,
  live: LiveSignals,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width: w, height: h } = canvas;
  ctx.save();
  ctx.fillStyle = '#111';
  ctx.fillRect(0, 0, w, h);
  ctx.translate(w, 0);
  ctx.scale(-1, 1);
  if (video && video.readyState >= 2) ctx.drawImage(video, 0, 0, w, h);
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
