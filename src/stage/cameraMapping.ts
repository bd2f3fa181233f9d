/**
 * Camera coordinates (0..1 of the image) to stage pixels. Mirrored, so that a learner's hand moving to their
 * left draws to their left on the board, and "contain"-fitted so every part of the camera's view is on screen
 * in its own shape (4:3, 16:9 or whatever the webcam delivers).
 */
export interface Mapping {
  x(cameraX: number): number;
  y(cameraY: number): number;
}

/** `cameraAspect` is the camera frame's width / height. */
export function cameraToStage(stageW: number, stageH: number, cameraAspect: number): Mapping {
  const w = Math.min(stageW, stageH * cameraAspect);
  const h = w / cameraAspect;
  const left = (stageW - w) / 2;
  const top = (stageH - h) / 2;
  return { x: (cx) => left + (1 - cx) * w, y: (cy) => top + cy * h };
}
