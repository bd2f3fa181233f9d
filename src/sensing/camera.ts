import type { DeviceStatus } from '../state/stores.ts';
import { describeMediaError } from './deviceErrors.ts';

export interface Camera {
  video: HTMLVideoElement;
  close(): void;
}

/**
 * Opens the camera into a hidden <video> that the vision adapter and the panel's preview both read. When the
 * track ends (unplugged) the status says so; a plugged-in camera is picked up again on `devicechange`.
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
  const track = stream.getVideoTracks()[0];
  onStatus({ state: 'on', label: track?.label || 'Camera' });
  track?.addEventListener('ended', () => {
    onStatus({
      state: 'missing',
      message: 'The camera was disconnected. The session carries on with the microphone and touch.',
    });
    onLost();
  });
  return {
    video,
    close() {
      for (const t of stream.getTracks()) t.stop();
      video.srcObject = null;
    },
  };
}
