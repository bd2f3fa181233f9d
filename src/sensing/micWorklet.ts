/// <reference path="./audioWorklet.d.ts" />
import { EchoGatedAnalyser } from '../core/audio/echoGatedAnalyser.ts';
import type { AudioFeatureFrame, VoiceSegment } from '../core/audio/voiceAnalyser.ts';

/** Messages from the mic worklet to the page. Times are on the AudioContext clock, in ms. */
export type MicMessage =
  | {
      type: 'frame';
      contextMs: number;
      /** The level the voice decision used: with Attune playing, what its own output does not explain. */
      levelDbfs: number;
      noiseFloorDbfs: number;
      thresholdDbfs: number;
      voiced: boolean;
      /** Added with the echo gate: the frame is Attune's own output (never a segment). Absent from older workers. */
      explained?: boolean;
    }
  | { type: 'segmentStart'; contextMs: number }
  | {
      type: 'segment';
      startContextMs: number;
      endContextMs: number;
      peakDbfs: number;
      pitchHz: number | null;
    }
  | { type: 'flushed' }
  /** The room check is over: the noise floor it set and the threshold that follows at the current sensitivity. */
  | { type: 'roomCheck'; noiseFloorDbfs: number; thresholdDbfs: number };

/** Messages from the page to the worklet. */
export type MicCommand =
  | { type: 'sensitivity'; value: number }
  | { type: 'flush' }
  /** Listen to the room for `ms` (default 3000) from now, then set the noise floor from it. */
  | { type: 'roomCheck'; ms?: number };

/** The room check's length (issue 3: a 3-second room check sets the noise floor). */
const ROOM_CHECK_MS = 3000;

/**
 * Runs the same voice path as the offline analyser, on the audio thread, so that detection never waits for
 * the page. Input 0 is the microphone; input 1 is what Attune plays (the master output after the limiter), the
 * reference that keeps Attune's own sound from becoming a vocalisation. With nothing on input 1 the reference is
 * silence and the path is the plain analyser. Only results cross to the page: levels every 10 ms and segments as
 * they become known.
 */
class MicProcessor extends AudioWorkletProcessor {
  private readonly path = new EchoGatedAnalyser(sampleRate);
  private originContextMs: number | null = null;
  private reference = new Float32Array(128);
  /** Frames left in a running room check; 0 when none runs. */
  private roomCheckFrames = 0;
  private roomCheckMs = ROOM_CHECK_MS;
  private readonly onFrame = (f: AudioFeatureFrame): void => {
    this.post({
      type: 'frame',
      contextMs: this.at(f.tMs),
      levelDbfs: f.levelDbfs,
      noiseFloorDbfs: f.noiseFloorDbfs,
      thresholdDbfs: f.thresholdDbfs,
      voiced: f.voiced,
      explained: f.explained,
    });
    if (this.roomCheckFrames > 0 && --this.roomCheckFrames === 0) {
      const a = this.path.analyser;
      const noiseFloorDbfs = a.calibrateNoiseFloor(this.roomCheckMs);
      this.post({ type: 'roomCheck', noiseFloorDbfs, thresholdDbfs: a.thresholdDbfs });
    }
  };
  private readonly onSegment = (s: VoiceSegment): void => {
    this.post({
      type: 'segment',
      startContextMs: this.at(s.startMs),
      endContextMs: this.at(s.endMs),
      peakDbfs: s.peakDbfs,
      pitchHz: s.pitchHz,
    });
  };
  private readonly onSegmentStart = (startMs: number): void => {
    this.post({ type: 'segmentStart', contextMs: this.at(startMs) });
  };

  constructor() {
    super();
    this.path.analyser.onSegmentStart = this.onSegmentStart;
    this.port.onmessage = (e: MessageEvent<MicCommand>) => {
      const c = e.data;
      if (c.type === 'sensitivity') this.path.analyser.setSensitivity(c.value);
      else if (c.type === 'flush') {
        this.path.flush(this.onSegment);
        this.post({ type: 'flushed' });
      } else if (c.type === 'roomCheck') {
        this.roomCheckMs = c.ms !== undefined && c.ms > 0 ? c.ms : ROOM_CHECK_MS;
        this.roomCheckFrames = Math.max(1, Math.round(this.roomCheckMs / this.path.analyser.params.frameMs));
      }
    };
  }

  private at(streamMs: number): number {
    return (this.originContextMs ?? 0) + streamMs;
  }

  private post(m: MicMessage): void {
    this.port.postMessage(m);
  }

  /** Input 1 mixed down to mono into a reused buffer (silence when nothing is connected). */
  private referenceFor(length: number, channels: Float32Array[] | undefined): Float32Array {
    // The render quantum is 128 today; a different size costs one allocation, once.
    if (this.reference.length !== length) this.reference = new Float32Array(length);
    const ref = this.reference;
    const n = channels?.length ?? 0;
    if (n === 0) {
      ref.fill(0);
      return ref;
    }
    ref.set(channels?.[0] as Float32Array);
    for (let c = 1; c < n; c++) {
      const ch = channels?.[c] as Float32Array;
      for (let i = 0; i < length; i++) ref[i] = (ref[i] as number) + (ch[i] as number);
    }
    if (n > 1) for (let i = 0; i < length; i++) ref[i] = (ref[i] as number) / n;
    return ref;
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    if (this.originContextMs === null) this.originContextMs = currentTime * 1000;
    const reference = this.referenceFor(channel.length, inputs[1]);
    this.path.push(channel, reference, this.onFrame, this.onSegment);
    return true;
  }
}

registerProcessor('attune-mic', MicProcessor);
