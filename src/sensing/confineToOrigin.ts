/**
 * Keeps a worker's requests on the app's own origin, whatever serves the files. tasks-vision 1.1.0 posts usage
 * logs to a Google endpoint with the global `fetch` every 60 s and on close, with no option to turn that off; a
 * Content-Security-Policy header stops it only when the server sends one (a worker does not take the page's
 * <meta> policy), so the worker refuses any other origin itself before MediaPipe is loaded. The logger treats
 * the refusal as a failed send and stops trying.
 */

/** The parts of a worker's global scope that can open a connection. */
export interface NetworkScope {
  location: { href: string; origin: string };
  fetch: typeof fetch;
  XMLHttpRequest?: { prototype: { open: (...args: never[]) => void } };
  WebSocket?: unknown;
  EventSource?: unknown;
}

/** Whether `url` (resolved against the worker's own address) stays on the app's origin. */
export function onOwnOrigin(url: string, scope: Pick<NetworkScope, 'location'>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url, scope.location.href);
  } catch {
    return false;
  }
  // A blob: URL carries its creator's origin; a data: URL is inline and goes nowhere.
  return parsed.origin === scope.location.origin || parsed.protocol === 'data:';
}

/** The address a fetch is for, whether it was given a string, a URL or a Request. */
function addressOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/**
 * Wraps `fetch` and `XMLHttpRequest.open` so that a request off the origin fails at once without touching the
 * network, and removes WebSocket and EventSource, which the vision worker never needs. `onBlocked` hears each
 * refused address (the worker says so once per origin).
 */
export function confineToOrigin(scope: NetworkScope, onBlocked: (url: string) => void = () => {}): void {
  const ownFetch = scope.fetch.bind(scope);
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = addressOf(input);
    if (onOwnOrigin(url, scope)) return ownFetch(input, init);
    onBlocked(url);
    return Promise.reject(new TypeError(`Attune makes no request outside its own origin (${url}).`));
  };
  const xhr = scope.XMLHttpRequest?.prototype;
  if (xhr) {
    const open = xhr.open;
    xhr.open = function (this: unknown, ...args: never[]) {
      const url = String(args[1]);
      if (!onOwnOrigin(url, scope)) {
        onBlocked(url);
        throw new TypeError(`Attune makes no request outside its own origin (${url}).`);
      }
      return open.apply(this, args);
    };
  }
  scope.WebSocket = undefined;
  scope.EventSource = undefined;
}
