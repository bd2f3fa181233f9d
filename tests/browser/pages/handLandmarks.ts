/**
 * Where the app's pose model puts the hands on one picture: `?image=` a path on the app's origin (a fixture
 * photo, or a frame taken from a generated clip). The model runs as in the app (a module worker, pose lite,
 * VIDEO mode, CPU delegate, two poses; see handLandmarksWorker.ts). Used once to measure where a picture's hands
 * are, so that a clip generator can place the picture and know where its hands land; the result is shown on the
 * page and left in `window.handLandmarks` for a script to read.
 */
import type { HandLandmarksReply } from './handLandmarksWorker.ts';

declare global {
  interface Window {
    handLandmarks?: HandLandmarksReply;
  }
}

function finish(reply: HandLandmarksReply): void {
  window.handLandmarks = reply;
  const status = document.getElementById('status');
  if (status) status.textContent = reply.ok ? 'Done' : `Failed: ${reply.error}`;
  const result = document.getElementById('result');
  if (result) result.textContent = JSON.stringify(reply, null, 2);
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const path = query.get('image');
  if (!path) throw new Error('no ?image= given');
  const runs = Number(query.get('runs') ?? 20);
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const image = await createImageBitmap(await response.blob());
  const worker = new Worker(new URL('./handLandmarksWorker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent<HandLandmarksReply>) => finish(event.data));
  worker.addEventListener('error', (event) => finish({ ok: false, error: `worker: ${event.message}` }));
  worker.postMessage({ image, runs }, [image]);
}

main().catch((error: unknown) => finish({ ok: false, error: String(error) }));
