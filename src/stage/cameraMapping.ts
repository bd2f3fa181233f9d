/**
 * Camera coordinates (0..1 of the image) to stage pixels. Mirrored, so that a learner's hand moving to their
 * left draws to their left on the board, and "contain"-fitted so every part of the camera's view is on screen.
 */
export interface Mapping {
  x(cameraX: number): number;
  y(cameraY: number): number;
}

export function cameraToStage(stageW: number, stageH: number, camW = 640, camH = 480): Mapping {
  const s = Math.min(stageW / camW, stageH / camH);
  const w = camW * s;
  const h = camH * s;
  const left = (stageW - w) / 2;
  const top = (stageH - h) / 2;
  return { x: (cx) => left + (1 - cx) * w, y: (cy) => top + cy * h };
}
