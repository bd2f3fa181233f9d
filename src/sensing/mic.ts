import { type AudioClockMs, audioToPerf, type PerfMs } from '../core/clock.ts';
import type { Dbfs } from '../core/units.ts';
import { audioGraph } from '../sound/audioContext.ts';
import type { DeviceStatus } from '../state/stores.ts';
import { describeMediaError } from './deviceErrors.ts';
import type { MicCommand, MicMessage } from './micWorklet.ts';
import micWorkletUrl from './micWorklet.ts?worker&url';

/** A vocalisation on the performance clock; the session maps it onto its own clock. */
export interface MicSegment {
  startPerfMs: PerfMs;
  endPerfMs: PerfMs;
  peakDbfs: Dbfs;
  pitchHz: number | null;
  /** The segment's own audio (its first 10 s at most), for whose voice; absent when the worklet had none. */
  samples?: Float32Array;
  /** The rate of `samples` (the audio context's). */
  sampleRate: number;
  /** Audio that never came within or at the edges of the segment (a busy computer), ms; absent when none. */
  missingMs?: number;
}

/** The voice meter's reading, every 10 ms frame. */
export interface MicLevel {
  /** The level the voice decision used: with Attune playing, what its own output does not explain. */
  levelDbfs: Dbfs;
  noiseFloorDbfs: Dbfs;
  /** Where a sound starts to count, at the sensitivity in force. */
  thresholdDbfs: Dbfs;
  voiced: boolean;
  /** The frame's pitch, null when none was found. */
  pitchHz: number | null;
}

/** What the microphone publishes. Nothing here asks anything back. */
export interface MicHandlers {
  onStatus(status: DeviceStatus): void;
  onLevel(level: MicLevel): void;
  onSegment(segment: MicSegment): void;
}

/** What a room check set. */
export interface RoomCheck {
  noiseFloorDbfs: Dbfs;
  /** The voice threshold at the sensitivity in force (the live meter shows it). */
  thresholdDbfs: Dbfs;
}

export interface Mic {
  /** The rate of what `record` returns and of segments' samples (the audio context's). */
  readonly sampleRate: number;
  setSensitivity(value: number): void;
  /**
   * Listens to the room for 3 s (everyone quiet) and sets the noise floor from it; resolves with the floor and
   * threshold, or null when the audio thread did not answer (a suspended context).
   */
  roomCheck(): Promise<RoomCheck | null>;
  /** Ends any vocalisation still open (at the end of a session) and resolves once it has been reported. */
  flush(): Promise<void>;
  /**
   * Records the next `ms` of the microphone (to enrol a voice); null when the audio thread did not answer in
   * time (a suspended context). One recording at a time: a second call replaces the first.
   */
  record(ms: number): Promise<Float32Array | null>;
  close(): Promise<void>;
}

/**
 * The microphone: getUserMedia into an AudioWorklet running the voice analyser. The browser's echo
 * cancellation stays on, and Attune's own sound is also gated in the worklet: its second input is the master
 * output (the shared context's reference bus, src/sound/audioContext.ts). Noise suppression and gain control
 * are off because they would hide a soft learner's voice and move the noise floor under us.
 */
export async function openMic(handlers: MicHandlers): Promise<Mic | null> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    });
  } catch (error) {
    handlers.onStatus(describeMediaError('microphone', error));
    return null;
  }
  // The context Attune's sound plays in: the echo reference must be on the mic's clock.
  const { context, referenceBus } = audioGraph();
  await context.audioWorklet.addModule(micWorkletUrl);
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'attune-mic', { numberOfInputs: 2, numberOfOutputs: 0 });
  source.connect(node, 0, 0);
  referenceBus.connect(node, 0, 1);
  if (context.state !== 'running') await context.resume().catch(() => undefined);

  // A fresh paired reading for every message, so that the two clocks cannot drift apart over a long session.
  // Before the output has started the context gives no timestamp; its current time and now() are close enough.
  const toPerf = (audioMs: AudioClockMs): PerfMs => {
    const stamp = context.getOutputTimestamp();
    const paired = stamp.contextTime !== undefined && stamp.performanceTime;
    return audioToPerf(
      audioMs,
      paired
        ? { audioMs: (stamp.contextTime ?? 0) * 1000, perfMs: stamp.performanceTime ?? 0 }
        : { audioMs: context.currentTime * 1000, perfMs: performance.now() },
    );
  };

  let flushed: (() => void) | null = null;
  let roomChecked: ((r: RoomCheck) => void) | null = null;
  let recorded: ((samples: Float32Array | null) => void) | null = null;
  node.port.onmessage = (e: MessageEvent<MicMessage>) => {
    const m = e.data;
    switch (m.type) {
      case 'roomCheck':
        roomChecked?.({ noiseFloorDbfs: m.noiseFloorDbfs, thresholdDbfs: m.thresholdDbfs });
        roomChecked = null;
        break;
      case 'recording':
        recorded?.(m.samples);
        recorded = null;
        break;
      case 'flushed':
        flushed?.();
        flushed = null;
        break;
      case 'frame':
        handlers.onLevel(m);
        break;
      case 'segment':
        handlers.onSegment({
          startPerfMs: toPerf(m.startContextMs),
          endPerfMs: toPerf(m.endContextMs),
          peakDbfs: m.peakDbfs,
          pitchHz: m.pitchHz,
          sampleRate: m.sampleRate,
          ...(m.samples !== undefined ? { samples: m.samples } : {}),
          ...(m.missingMs !== undefined ? { missingMs: m.missingMs } : {}),
        });
        break;
    }
  };

  const track = stream.getAudioTracks()[0];
  handlers.onStatus({ state: 'on', label: track?.label || 'Microphone' });
  track?.addEventListener('ended', () =>
    handlers.onStatus({
      state: 'missing',
      message: 'The microphone was disconnected. Sessions still run on the camera and touch.',
    }),
  );

  const send = (c: MicCommand) => node.port.postMessage(c);
  return {
    sampleRate: context.sampleRate,
    setSensitivity: (value) => send({ type: 'sensitivity', value }),
    roomCheck() {
      return new Promise<RoomCheck | null>((resolve) => {
        roomChecked = resolve;
        send({ type: 'roomCheck' });
        // 3 s of listening plus generous slack (a busy page reads messages late); a suspended context never
        // answers.
        setTimeout(() => resolve(null), 8000);
      });
    },
    record(ms) {
      return new Promise<Float32Array | null>((resolve) => {
        // A recording replaced by a newer one answers null rather than hanging.
        recorded?.(null);
        recorded = resolve;
        send({ type: 'record', ms });
        // The recording's own length plus generous slack; a suspended context never answers.
        setTimeout(() => {
          if (recorded === resolve) recorded = null;
          resolve(null);
        }, ms + 5000);
      });
    },
    flush() {
      return new Promise<void>((resolve) => {
        flushed = resolve;
        send({ type: 'flush' });
        // A suspended context never answers; the session must still end.
        setTimeout(resolve, 500);
      });
    },
    async close() {
      for (const t of stream.getTracks()) t.stop();
      // The context is shared with Attune's sound: only this mic's nodes go.
      source.disconnect();
      referenceBus.disconnect(node);
      node.port.onmessage = null;
    },
  };
}
