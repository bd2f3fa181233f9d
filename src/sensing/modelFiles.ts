/**
 * Where the app serves MediaPipe's runtime and the model bundles from: its own origin, always. Files are put
 * in `assets/` (Vite's public folder) by scripts/build-models.mjs.
 */
export const WASM_BASE = '/wasm';
export const WASM_LOADER = `${WASM_BASE}/vision_wasm_module_internal.js`;
export const WASM_BINARY = `${WASM_BASE}/vision_wasm_module_internal.wasm`;

export const MODEL_URLS = {
  poseLite: '/models/pose_landmarker_lite.task',
  poseFull: '/models/pose_landmarker_full.task',
  face: '/models/face_landmarker.task',
} as const;

export type ModelName = keyof typeof MODEL_URLS;
