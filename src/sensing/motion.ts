import type { MotionRegion } from '../core/motion/scene.ts';
import type { MotionRequest, MotionResult } from './motionProtocol.ts';
import { watchFrames } from './visionFrames.ts';

export interface MotionStats {
  /** Frames measured (replies received). */
  frames: number;
  /** Frames the page could not send because the worker was this far behind (page-fed path only). */
  skipped: number;
  /** How frames reach the worker: straight from the camera track, or sent by the page frame by frame. */
  source: 'track' | 'page' | 'none';
  /** performance.now() of each reply, for motion frames per second. */
  replyPerfMs: number[];
  /** The worker's time per frame, ms. */
  ms: number[];
  /** Each frame's capture time and its energy anywhere in view, for tests and the bench to compare with a clip. */
  framePerfMs: number[];
  anywhere: number[];
}

/** Stats before any frame (also what diagnostics report with no camera). */
export function emptyMotionStats(): MotionStats {
  return { frames: 0, skipped: 0, source: 'none', replyPerfMs: [], ms: [], framePerfMs: [], anywhere: [] };
}

export interface MotionFeed {
  /** Measures every frame of this camera's video from now on, or nothing (camera lost). */
  setVideo(video: HTMLVideoElement | null): void;
  /** Where the tracked people are: each one's motion is measured there from the next frame on. */
  setRegions(regions: MotionRegion[]): void;
  readonly stats: MotionStats;
  close(): void;
}

/** Chromium's MediaStreamTrackProcessor (WebCodecs breakout box), not in TypeScript's DOM types yet. */
type TrackProcessorClass = new (init: {
  track: MediaStreamTrack;
  maxBufferSize?: number;
}) => { readable: ReadableStream<VideoFrame> };

/**
 * Frames the processor holds for a worker that is briefly descheduled (a busy two-core machine) before it drops
 * the oldest. Few, because each held frame is one of the camera's own capture buffers.
 */
const TRACK_BUFFER_FRAMES = 4;
/** Page-fed path: frames on their way to the worker before the page skips one rather than queue more. */
const MAX_IN_FLIGHT = 4;
const MAX_SAMPLES = 100_000;

/**
 * Motion energy of every camera frame, measured by the motion worker (motionWorker.ts) apart from the vision
 * worker and its models: the camera's frame rate sets the motion rate, whatever inference costs. Where the
 * browser has a track processor the worker reads the camera track's frames itself, so neither the page's own
 * work nor the video element's presentation rate (which drops to 5-15 frames a second on a loaded two-core
 * machine, measured) can thin them. Elsewhere the page sends each frame it is shown, as a VideoFrame.
 */
export function startMotion(onMotion: (r: MotionResult) => void): MotionFeed {
  const worker = new Worker(new URL('./motionWorker.ts', import.meta.url), { type: 'module' });
  const send = (m: MotionRequest, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  const stats = emptyMotionStats();
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorClass })
    .MediaStreamTrackProcessor;
  let generation = 0;
  let inFlight = 0;
  let closed = false;
  let stopFrames: () => void = () => undefined;

  worker.onmessage = (e: MessageEvent<MotionResult>) => {
    const r = e.data;
    inFlight = Math.max(0, inFlight - 1);
    if (r.generation !== generation || closed) return;
    stats.frames++;
    if (stats.replyPerfMs.length < MAX_SAMPLES) {
      stats.replyPerfMs.push(performance.now());
      stats.ms.push(r.ms);
      stats.framePerfMs.push(r.framePerfMs);
      stats.anywhere.push(r.anywhere);
    }
    onMotion(r);
  };
  worker.onerror = (e) => {
    console.warn('motion worker failed:', e.message);
  };

  /** The fallback: each frame the video presents, wrapped without a copy. */
  const feedFromPage = (video: HTMLVideoElement, gen: number) =>
    watchFrames(video, ({ captureMs }) => {
      if (inFlight >= MAX_IN_FLIGHT) {
        stats.skipped++;
        return;
      }
      let image: VideoFrame;
      try {
        // The timestamp is only the frame's label (µs); the capture time travels beside it.
        image = new VideoFrame(video, { timestamp: Math.round(captureMs * 1000) });
      } catch {
        return; // between frames (just reset, or its source ending): the next one will do
      }
      inFlight++;
      send({ type: 'frame', image, framePerfMs: captureMs, generation: gen }, [image]);
    });

  const streamTrack = (track: MediaStreamTrack, gen: number): boolean => {
    if (!Processor) return false;
    try {
      const { readable } = new Processor({ track, maxBufferSize: TRACK_BUFFER_FRAMES });
      send({ type: 'stream', readable, generation: gen, pageTimeOrigin: performance.timeOrigin }, [
        readable as unknown as Transferable, // a transferable ReadableStream; the DOM types do not list it
      ]);
      return true;
    } catch {
      return false; // a processor that cannot start (or a stream that cannot move): the page feeds frames
    }
  };

  return {
    setVideo(video) {
      generation++;
      stopFrames();
      stopFrames = () => undefined;
      send({ type: 'reset', generation });
      stats.source = 'none';
      if (!video || closed) return;
      const stream = video.srcObject instanceof MediaStream ? video.srcObject : null;
      const track = stream?.getVideoTracks()[0];
      if (track && streamTrack(track, generation)) {
        stats.source = 'track';
      } else if (typeof VideoFrame === 'function') {
        stats.source = 'page';
        stopFrames = feedFromPage(video, generation);
      }
    },
    setRegions(regions) {
      send({ type: 'regions', regions });
    },
    stats,
    close() {
      closed = true;
      stopFrames();
      worker.terminate();
    },
  };
}
