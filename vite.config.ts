import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

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

/**
 * tasks-vision ships a sourceMappingURL comment for a map it does not ship; the dev server would print a
 * stack trace for it on every start. Dropping the comment silences that and changes nothing else.
 */
const dropMissingSourceMap: Plugin = {
  name: 'attune:drop-missing-tasks-vision-source-map',
  enforce: 'pre',
  load(id) {
    const file = id.split('?')[0] ?? id;
    if (!file.includes('@mediapipe/tasks-vision') || !file.endsWith('.mjs')) return null;
    return { code: readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, ''), map: null };
  },
};

export default defineConfig({
  // Built models and the MediaPipe WASM are copied here by scripts/build-models.mjs and served as-is.
  publicDir: 'assets',
  plugins: [dropMissingSourceMap],
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
    include: ['pixi.js', 'tone', 'zustand', 'zustand/vanilla', 'idb'],
    exclude: ['@mediapipe/tasks-vision'],
  },
});
