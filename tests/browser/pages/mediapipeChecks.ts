/**
 * Two facts about MediaPipe that the vision worker relies on, measured on a real photo shaped like a webcam
 * frame (the portrait fitted into 640x480 on grey): `?check=restart` or `?check=projection`, see
 * mediapipeChecksWorker.ts. The report is left in `window.mediapipeChecks` for the test to read.
 */
import type { CheckName, ChecksReply } from './mediapipeChecksWorker.ts';

declare global {
  interface Window {
    mediapipeChecks?: ChecksReply;
  }
}

const WIDTH = 640;
const HEIGHT = 480;

function finish(reply: ChecksReply): void {
  window.mediapipeChecks = reply;
  const status = document.getElementById('status');
  if (status) status.textContent = reply.ok ? 'Done' : `Failed: ${reply.error}`;
}

async function main(): Promise<void> {
  const check = new URLSearchParams(location.search).get('check') as CheckName | null;
  if (check !== 'restart' && check !== 'projection') throw new Error('no ?check=restart|projection given');
  const response = await fetch('/tests/fixtures/person-portrait-upper-body.jpg');
  if (!response.ok) throw new Error(`portrait: HTTP ${response.status}`);
  const photo = await createImageBitmap(await response.blob());
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = '#303030';
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  const scale = Math.min(WIDTH / photo.width, HEIGHT / photo.height);
  const w = photo.width * scale;
  const h = photo.height * scale;
  ctx.drawImage(photo, (WIDTH - w) / 2, (HEIGHT - h) / 2, w, h);
  photo.close();
  const frame = canvas.transferToImageBitmap();
  const worker = new Worker(new URL('./mediapipeChecksWorker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent<ChecksReply>) => finish(event.data));
  worker.addEventListener('error', (event) => finish({ ok: false, error: `worker: ${event.message}` }));
  worker.postMessage({ check, frame }, [frame]);
}

main().catch((error: unknown) => finish({ ok: false, error: String(error) }));
