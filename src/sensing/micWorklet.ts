/// <reference path="./audioWorklet.d.ts" />
import { type AudioFeatureFrame, VoiceAnalyser, type VoiceSegment } from '../core/audio/voiceAnalyser.ts';

/** Messages from the mic worklet to the page. Times are on the AudioContext clock, in ms. */
export type MicMessage =
  | {
      type: 'frame';
      contextMs: number;
      levelDbfs: number;
      noiseFloorDbfs: number;
      thresholdDbfs: number;
      voiced: boolean;
    }
  | { type: 'segmentStart'; contextMs: number }
  | {
      type: 'segment';
      startContextMs: number;
      endContextMs: number;
      peakDbfs: number;
      pitchHz: number | null;
    }
  | { type: 'flushed' };

/** Messages from the page to the worklet. */
export type MicCommand = { type: 'sensitivity'; value: number } | { type: 'flush' };

/**
 * Runs the same voice analyser as the offline analyser, on the audio thread, so that detection never waits
 * for the page. Only results cross to the page: levels every 10 ms and segments as they become known.
 */
class MicProcessor extends AudioWorkletProcessor {
  private readonly analyser = new VoiceAnalyser(sampleRate);
  private originContextMs: number | null = null;
  private readonly onFrame = (f: AudioFeatureFrame): void => {
    this.post({
      type: 'frame',
      contextMs: this.at(f.tMs),
      levelDbfs: f.levelDbfs,
      noiseFloorDbfs: f.noiseFloorDbfs,
      thresholdDbfs: f.thresholdDbfs,
      voiced: f.voiced,
    });
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
    this.analyser.onSegmentStart = this.onSegmentStart;
    this.port.onmessage = (e: MessageEvent<MicCommand>) => {
      if (e.data.type === 'sensitivity') this.analyser.setSensitivity(e.data.value);
      else if (e.data.type === 'flush') {
        this.analyser.flush(this.onSegment);
        this.post({ type: 'flushed' });
      }
    };
  }

  private at(streamMs: number): number {
    return (this.originContextMs ?? 0) + streamMs;
  }

  private post(m: MicMessage): void {
    this.port.postMessage(m);
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    if (this.originContextMs === null) this.originContextMs = currentTime * 1000;
    this.analyser.push(channel, this.onFrame, this.onSegment);
    return true;
  }
}

registerProcessor('attune-mic', MicProcessor);
