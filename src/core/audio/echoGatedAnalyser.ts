/**
 * The live voice path with the echo gate: the microphone through the VoiceAnalyser, with Attune's own output
 * (the reference) through the EchoSuppressor deciding, frame by frame, what the analyser may take for a voice.
 * The mic worklet runs exactly this; the tests and the benchmark run it over recordings.
 *
 * Both halves cut 10 ms frames at the same sample boundaries, so the suppressor's frame k is ready when the
 * analyser closes its frame k provided the suppressor sees each block first. Allocation-free per block.
 */
import type { Hz } from '../units.ts';
import { type EchoFrame, type EchoParams, EchoSuppressor } from './echoSuppressor.ts';
import {
  type FrameCallback,
  type FrameGate,
  type SegmentCallback,
  VoiceAnalyser,
  type VoiceParams,
} from './voiceAnalyser.ts';

/** Echo frames kept for the analyser to ask about; one block of 128 samples is under one frame at 16 kHz up. */
const RING = 64;

export class EchoGatedAnalyser {
  readonly analyser: VoiceAnalyser;
  readonly echo: EchoSuppressor;
  private readonly explained = new Uint8Array(RING);
  private readonly shareDb = new Float32Array(RING);
  private echoFrames = 0;
  private readonly gateValue: FrameGate = { explained: false, knownShareDb: 0 };
  /** Optional view of each echo decision (diagnostics, tests); the object is reused. */
  onEchoFrame: ((f: EchoFrame) => void) | undefined;
  private readonly takeEchoFrame = (f: EchoFrame): void => {
    const k = this.echoFrames % RING;
    this.explained[k] = f.explained ? 1 : 0;
    this.shareDb[k] = f.echoShareDb;
    this.echoFrames++;
    this.onEchoFrame?.(f);
  };

  constructor(sampleRate: Hz, voice?: Partial<VoiceParams>, echo?: Partial<EchoParams>) {
    this.analyser = new VoiceAnalyser(sampleRate, voice);
    this.echo = new EchoSuppressor(sampleRate, { ...echo, frameMs: this.analyser.params.frameMs });
    this.analyser.gate = (frameIndex) => {
      // A frame the suppressor has not reached (never, given the order in push) is judged on its own.
      if (frameIndex >= this.echoFrames || frameIndex < this.echoFrames - RING) return undefined;
      const k = frameIndex % RING;
      this.gateValue.explained = this.explained[k] === 1;
      this.gateValue.knownShareDb = this.shareDb[k] as number;
      return this.gateValue;
    };
  }

  /** One block of microphone samples and what Attune played over the same samples (same length). */
  push(
    mic: Float32Array,
    reference: Float32Array,
    onFrame?: FrameCallback,
    onSegment?: SegmentCallback,
  ): void {
    this.echo.push(mic, reference, this.takeEchoFrame);
    this.analyser.push(mic, onFrame, onSegment);
  }

  flush(onSegment?: SegmentCallback): void {
    this.analyser.flush(onSegment);
  }
}
