import { defineConfig } from 'vite';

/**
 * One policy for the page and its workers. Workers take their CSP from their own HTTP response, not from the
 * page's <meta>, so it is sent as a header too: that is what stops tasks-vision's usage logging in the vision
 * worker. 'wasm-unsafe-eval' lets MediaPipe compile its WASM; blob: lets Tone.js load its AudioWorklet.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY };

export default defineConfig({
  // Built models and the MediaPipe WASM are copied here by scripts/build-models.mjs and served as-is.
  publicDir: 'assets',
  server: { port: 5173, strictPort: true, headers },
  preview: { port: 4173, strictPort: true, headers },
  build: {
    target: 'es2022',
    // MediaPipe needs real URLs for its loader and binary, never data: URIs.
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    // Listed so the dev server never re-optimises mid-session (which reloads the page).
    include: ['pixi.js', 'tone', 'zustand', 'zustand/vanilla', 'idb', 'pitchy'],
    exclude: ['@mediapipe/tasks-vision'],
  },
});
