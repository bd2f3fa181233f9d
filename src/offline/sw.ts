/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, type PrecacheEntry, precacheAndRoute } from 'workbox-precaching';
import { warmStrategyCache } from 'workbox-recipes';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

/**
 * The service worker: after one visit, Attune opens and runs a session with its server stopped and the network
 * off. Built by vite-plugin-pwa, which writes the build's file list (the app, the models and the WASM, each with
 * its revision) where `__WB_MANIFEST` stands.
 *
 * The page and /attune-config.json are not precached: the start server writes the school server into both when
 * it serves them, so a cached copy from the build would pin an old policy. They are fetched from the network
 * first and kept as a fallback for when the server is gone; both are fetched once at install too, so the very
 * first visit leaves them behind.
 */

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

const scope = new URL(self.registration.scope);
const PAGES = new Set(['', 'index.html', 'attune-config.json'].map((p) => new URL(p, scope).pathname));
const PAGE = new URL('', scope).pathname;

const pages = new NetworkFirst({
  cacheName: 'attune-pages',
  plugins: [
    {
      // One copy of the page whatever the address it was opened at (/, /index.html, with a query or not).
      cacheKeyWillBeUsed: async ({ request }) => {
        const url = new URL(request.url);
        const path = url.pathname === new URL('index.html', scope).pathname ? PAGE : url.pathname;
        return new URL(path, url.origin).href;
      },
    },
  ],
});

registerRoute(({ url }) => url.origin === scope.origin && PAGES.has(url.pathname), pages);
warmStrategyCache({ urls: [...PAGES].filter((p) => !p.endsWith('index.html')), strategy: pages });

precacheAndRoute(self.__WB_MANIFEST, {
  // The vision worker loads the WASM loader once per model with ?task=<model> (an ES module runs once per URL).
  ignoreURLParametersMatching: [/^task$/, /^utm_/, /^fbclid$/],
});
cleanupOutdatedCaches();

// A new version takes over at once (the next page load uses it); a running page keeps the files it loaded.
self.skipWaiting();
clientsClaim();
