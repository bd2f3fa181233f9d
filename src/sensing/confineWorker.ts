import { confineToOrigin, type NetworkScope } from './confineToOrigin.ts';

/**
 * Imported first by the vision worker, so the worker's requests are confined to the app's origin before
 * MediaPipe's code is even evaluated. Says once per origin what it refused, on the worker's console.
 */
const told = new Set<string>();
confineToOrigin(self as unknown as NetworkScope, (url) => {
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  if (told.has(origin)) return;
  told.add(origin);
  console.info(
    `vision worker: refused a request to ${origin} (Attune makes no request outside its own origin)`,
  );
});
