import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { analysisBuild } from './scripts/analysisBuild.ts';
import { attuneConfigJson, contentSecurityPolicy, schoolServerOrigin, withCspMeta } from './scripts/csp.mjs';

/**
 * The development server's policy: the same function as the built page's <meta> and `npm start`'s header
 * (scripts/csp.mjs), with the school server from ATTUNE_SCHOOL_SERVER as `npm start` reads it. It is sent as a
 * header too, because workers take their policy from their own response, not from the page's <meta>.
 */
const schoolServer = schoolServerOrigin(process.env.ATTUNE_SCHOOL_SERVER);
const headers = { 'Content-Security-Policy': contentSecurityPolicy({ schoolServer }) };

/**
 * Puts the policy in index.html's <meta>. The build gets the policy with no school server: `npm start` writes
 * the configured one in as it serves the page, so changing it needs no rebuild.
 */
function cspMeta(command: 'build' | 'serve'): Plugin {
  const policy = contentSecurityPolicy({ schoolServer: command === 'serve' ? schoolServer : null });
  return {
    name: 'attune:csp-meta',
    transformIndexHtml: { order: 'pre', handler: (html) => withCspMeta(html, policy) },
  };
}

/** /attune-config.json on the development server, as `npm start` serves it. */
const devConfig: Plugin = {
  name: 'attune:dev-config',
  configureServer(server) {
    server.middlewares.use('/attune-config.json', (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(attuneConfigJson(schoolServer));
    });
  },
};

/**
 * The service worker (src/offline/sw.ts) and the web app manifest. Precached: the app, the models and the WASM
 * the vision worker loads (the two other WASM builds are never loaded); the page itself is not (see sw.ts).
 */
const pwa = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'src/offline',
  filename: 'sw.ts',
  injectRegister: 'script',
  manifest: {
    name: 'Attune',
    short_name: 'Attune',
    description: 'A sensory-responsive space for Intensive Interaction, with turn-taking logged for review.',
    lang: 'en-GB',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#05060a',
    theme_color: '#05060a',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  injectManifest: {
    rollupFormat: 'iife',
    // The manifest and its icons are added by the plugin itself.
    globPatterns: ['**/*.{js,css,wasm,task}'],
    globIgnores: ['index.html', 'wasm/vision_wasm_internal.*', 'wasm/vision_wasm_nosimd_internal.*'],
    // The models and the WASM are 3-13 MB each; Workbox leaves out anything over 2 MB by default.
    maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
  },
  devOptions: { enabled: false },
});

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

export default defineConfig(({ command }) => ({
  define: { __ATTUNE_ANALYSIS_BUILD__: JSON.stringify(analysisBuild()) },
  // Built models and the MediaPipe WASM are copied here by scripts/build-models.mjs and served as-is.
  publicDir: 'assets',
  plugins: [dropMissingSourceMap, cspMeta(command), devConfig, pwa],
  server: { port: 5173, strictPort: true, headers },
  preview: { port: 4173, strictPort: true, headers },
  build: {
    target: 'es2022',
    // MediaPipe needs real URLs for its loader and binary, never data: URIs.
    assetsInlineLimit: 0,
    // pixi.js and Tone.js make a 1 MB bundle; it is served from the school's own PC, then from the cache.
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    // Listed so the dev server never re-optimises mid-session (which reloads the page).
    include: ['pixi.js', 'tone', 'zustand', 'zustand/vanilla', 'idb', 'pouchdb-browser'],
    exclude: ['@mediapipe/tasks-vision'],
  },
}));
