/**
 * Every frame a video presents, with its capture time (the camera's clock, mapped by the browser to the
 * performance clock; the presentation time when the camera gives none). One loop per video: `stop` ends it, and
 * a callback already queued by the browser does nothing after that.
 */
export interface CameraFrame {
  video: HTMLVideoElement;
  captureMs: number;
  /** The browser's count of frames this video has presented: a gap means frames the page never saw. */
  presentedFrames: number;
}

export function watchFrames(video: HTMLVideoElement, onFrame: (f: CameraFrame) => void): () => void {
  let stopped = false;
  let count = 0;
  const tick = (now: number, meta?: VideoFrameCallbackMetadata) => {
    if (stopped) return;
    count = meta?.presentedFrames ?? count + 1;
    if (video.readyState >= 2 && video.videoWidth > 0)
      onFrame({ video, captureMs: meta?.captureTime ?? now, presentedFrames: count });
    video.requestVideoFrameCallback(tick);
  };
  video.requestVideoFrameCallback(tick);
  return () => {
    stopped = true;
  };
}
