import type { DeviceStatus } from '../state/stores.ts';
import { describeMediaError } from './deviceErrors.ts';

export interface Camera {
  video: HTMLVideoElement;
  /** The live video track (for diagnostics: a test pulls it to play an unplugged camera). */
  track: MediaStreamTrack | null;
  close(): void;
}

/**
 * Opens the camera into a hidden <video> that the vision adapter and the panel's preview both read. When the
 * track ends (unplugged, or the browser took it away) the status says so in plain words and `onLost` runs once;
 * `watchForCamera` brings it back.
 */
export async function openCamera(
  onStatus: (s: DeviceStatus) => void,
  onLost: () => void,
): Promise<Camera | null> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } },
    });
  } catch (error) {
    onStatus(describeMediaError('camera', error));
    return null;
  }
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  const track = stream.getVideoTracks()[0] ?? null;
  onStatus({ state: 'on', label: track?.label || 'Camera' });
  let lost = false;
  const lose = () => {
    if (lost) return;
    lost = true;
    for (const t of stream.getTracks()) t.stop();
    video.srcObject = null;
    onStatus({
      state: 'missing',
      message:
        'The camera was disconnected. The session carries on with the microphone and touch; plug the camera back in and it resumes by itself.',
    });
    onLost();
  };
  track?.addEventListener('ended', lose);
  return {
    video,
    track,
    close() {
      lost = true;
      for (const t of stream.getTracks()) t.stop();
      video.srcObject = null;
    },
  };
}

/**
 * Calls `retry` whenever a camera may have become available: a device plugged in (`devicechange`), camera
 * permission granted in the site settings, and every `everyMs` as a backstop (some drivers announce nothing).
 * The caller decides whether it needs a camera at that moment. Returns a function that stops watching.
 */
export function watchForCamera(retry: () => void, everyMs = 5000): () => void {
  const devices = navigator.mediaDevices;
  devices?.addEventListener('devicechange', retry);
  let permission: PermissionStatus | null = null;
  void navigator.permissions
    ?.query({ name: 'camera' as PermissionName })
    .then((p) => {
      permission = p;
      p.addEventListener('change', retry);
    })
    .catch(() => undefined);
  const timer = window.setInterval(retry, everyMs);
  return () => {
    devices?.removeEventListener('devicechange', retry);
    permission?.removeEventListener('change', retry);
    window.clearInterval(timer);
  };
}

/** A camera kept open: opened now, and again whenever one may have come back after it was lost. */
export interface CameraKeeper {
  /** The camera open now, or null. */
  current(): Camera | null;
}

/**
 * Opens the camera and keeps it open: `onVideo` gets its video when it opens, and null when it is lost
 * (unplugged, or taken away by the browser); a camera that comes back is opened again by itself.
 */
export async function keepCameraOpen(
  onStatus: (s: DeviceStatus) => void,
  onVideo: (video: HTMLVideoElement | null) => void,
): Promise<CameraKeeper> {
  let camera: Camera | null = null;
  let opening = false;
  const open = async () => {
    if (camera || opening) return;
    opening = true;
    camera = await openCamera(onStatus, () => {
      camera = null;
      onVideo(null);
    }).finally(() => {
      opening = false;
    });
    if (camera) onVideo(camera.video);
  };
  await open();
  watchForCamera(() => void open());
  return { current: () => camera };
}
