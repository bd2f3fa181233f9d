/**
 * Loads the fixture photos on the main thread and hands them to a module worker as transferred ImageBitmaps,
 * which is how the app's vision worker gets camera frames.
 */
import type { ModelImages, WorkerReply } from './modelsWorker.ts';

declare global {
  interface Window {
    modelsReply?: WorkerReply;
  }
}

async function bitmap(name: string): Promise<ImageBitmap> {
  const response = await fetch(`/tests/fixtures/${name}`);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return createImageBitmap(await response.blob());
}

function finish(reply: WorkerReply): void {
  window.modelsReply = reply;
  const status = document.getElementById('status');
  if (status) status.textContent = reply.ok ? 'Done' : `Failed: ${reply.error}`;
}

async function main(): Promise<void> {
  const images: ModelImages = {
    portrait: await bitmap('person-portrait-upper-body.jpg'),
    astronaut: await bitmap('person-astronaut.png'),
  };
  const worker = new Worker(new URL('./modelsWorker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => finish(event.data));
  worker.addEventListener('error', (event) => finish({ ok: false, error: `worker: ${event.message}` }));
  worker.postMessage(images, Object.values(images));
}

main().catch((error: unknown) => finish({ ok: false, error: String(error) }));
