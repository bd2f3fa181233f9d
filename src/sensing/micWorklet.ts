/// <reference path="./audioWorklet.d.ts" />
import { EchoGatedAnalyser } from '../core/audio/echoGatedAnalyser.ts';
import { SILENCE_DBFS } from '../core/audio/level.ts';
import { SampleRing } from '../core/audio/sampleRing.ts';
import type { AudioFeatureFrame, VoiceSegment } from '../core/audio/voiceAnalyser.ts';
import type { AudioClockMs } from '../core/clock.ts';

/** Messages from the mic worklet to the page. Times are on the AudioContext clock, in ms. */
export type MicMessage =
  | {
      type: 'frame';
      contextMs: AudioClockMs;
      /** The level the voice decision used: with Attune playing, what its own output does not explain. */
      levelDbfs: number;
      noiseFloorDbfs: number;
      thresholdDbfs: number;
      voiced: boolean;
      /** The frame's pitch (null when none was found): the stage draws the voice's contour from it. */
      pitchHz: number | null;
      /** The frame is Attune's own output, as the echo gate judged it (never part of a segment). */
      explained: boolean;
    }
  | {
      type: 'segment';
      startContextMs: AudioClockMs;
      endContextMs: AudioClockMs;
      peakDbfs: number;
      pitchHz: number | null;
      /**
       * For whose voice: the segment's own audio (at most `SEGMENT_SAMPLES_MAX_MS`, from its start), transferred,
       * and the rate it is at; absent when the ring no longer held it.
       */
      samples?: Float32Array;
      sampleRate: number;
      /**
       * Milliseconds of microphone audio that never came (zero blocks left out) inside the segment or at its edges;
       * absent when none. Its start and end are then uncertain by up to this much: the browser both drops late
       * samples and delays them, and which it did is not visible here.
       */
      missingMs?: number;
    }
  | { type: 'flushed' }
  /** The audio a `record` command asked for (enrolment of a voice). */
  | { type: 'recording'; samples: Float32Array; sampleRate: number }
  /** The room check is over: the noise floor it set and the threshold that follows at the current sensitivity. */
  | { type: 'roomCheck'; noiseFloorDbfs: number; thresholdDbfs: number };

/** Messages from the page to the worklet. */
export type MicCommand =
  | { type: 'sensitivity'; value: number }
  | { type: 'flush' }
  /** Listen to the room for `ms` (default 3000) from now, then set the noise floor from it. */
  | { type: 'roomCheck'; ms?: number }
  /** Sends the next `ms` of microphone audio back as a `recording` message (to enrol a voice). */
  | { type: 'record'; ms: number };

/** The room check's length: the panel asks the room to be quiet for 3 seconds. */
const ROOM_CHECK_MS = 3000;
/**
 * Audio kept behind the live edge, so that a finished segment's samples can go to the page for attribution. A
 * segment is only final once the merge gap after it has passed, so this must exceed the longest segment sent
 * plus that gap.
 */
const RING_MS = 12_000;
/** Longer segments send only their first 10 s: plenty for attribution, and a bounded message. */
const SEGMENT_SAMPLES_MAX_MS = 10_000;
/** A recording longer than this is refused (a bounded allocation on the audio thread). */
const RECORD_MAX_MS = 30_000;
/**
 * Blocks of exact zeros are audio that never came, not a quiet room: Chromium fills the microphone's input with
 * zeros when its samples are late (a starved computer; and before the device starts), and no microphone gives a
 * block of exact zeros while it hears anything. Fed to the analyser, they are digital silence far under any room:
 * its noise floor (a low percentile of 8 s) fell under the room, which then read as voice for seconds after
 * (short extra segments). So they are left out of the analysis, and the times after them moved on by their
 * length. A run this long is the microphone muted or gone: a segment open then is closed, not left to join
 * whatever sound comes once it is back.
 */
const NO_AUDIO_CLOSES_MS = 1000;
/** Ends of skipped runs remembered, to place segments reported after them (a few a second, for RING_MS). */
const SKIPS_KEPT = 128;

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
  /** The last `RING_MS` of microphone audio, preallocated: nothing is allocated per block. */
  private readonly ring = new SampleRing(Math.ceil((RING_MS / 1000) * sampleRate));
  /** Microphone samples the analyser has had (zero blocks left out): its stream clock. */
  private analysedSamples = 0;
  /** Milliseconds of zero blocks left out so far; samples of them in the run under way. */
  private skippedMs = 0;
  private zeroRunSamples = 0;
  /** Of the run under way: the level frames the meter was sent, and whether an open segment was closed. */
  private zeroRunFrames = 0;
  private zeroRunClosed = false;
  /** Where each run left out ended on the stream clock, and the milliseconds left out before it and with it. */
  private readonly skipAtMs = new Float64Array(SKIPS_KEPT);
  private readonly skippedBeforeMs = new Float64Array(SKIPS_KEPT);
  private readonly skippedWithMs = new Float64Array(SKIPS_KEPT);
  private skips = 0;
  /** A recording under way, and how far it has got. */
  private recording: Float32Array | null = null;
  private recorded = 0;
  private readonly onFrame = (f: AudioFeatureFrame): void => {
    this.post({
      type: 'frame',
      contextMs: this.startAt(f.tMs),
      levelDbfs: f.levelDbfs,
      noiseFloorDbfs: f.noiseFloorDbfs,
      thresholdDbfs: f.thresholdDbfs,
      voiced: f.voiced,
      pitchHz: f.pitchHz,
      explained: f.explained,
    });
    if (this.roomCheckFrames > 0 && --this.roomCheckFrames === 0) {
      const a = this.path.analyser;
      const noiseFloorDbfs = a.calibrateNoiseFloor(this.roomCheckMs);
      this.post({ type: 'roomCheck', noiseFloorDbfs, thresholdDbfs: a.thresholdDbfs });
    }
  };
  private readonly onSegment = (s: VoiceSegment): void => {
    const samples = this.segmentSamples(s.startMs, s.endMs);
    const m: MicMessage = {
      type: 'segment',
      startContextMs: this.startAt(s.startMs),
      endContextMs: this.endAt(s.endMs),
      peakDbfs: s.peakDbfs,
      pitchHz: s.pitchHz,
      sampleRate,
    };
    if (samples !== null) m.samples = samples;
    const missingMs = this.missingWithin(s.startMs, s.endMs);
    if (missingMs > 0) m.missingMs = missingMs;
    // Transferred, not copied again: the copy out of the ring is the only one.
    this.port.postMessage(m, samples !== null ? [samples.buffer] : []);
  };

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<MicCommand>) => {
      const c = e.data;
      if (c.type === 'sensitivity') this.path.analyser.setSensitivity(c.value);
      else if (c.type === 'flush') {
        this.path.flush(this.onSegment);
        this.post({ type: 'flushed' });
      } else if (c.type === 'roomCheck') {
        this.roomCheckMs = c.ms !== undefined && c.ms > 0 ? c.ms : ROOM_CHECK_MS;
        this.roomCheckFrames = Math.max(1, Math.round(this.roomCheckMs / this.path.analyser.params.frameMs));
      } else if (c.type === 'record') {
        const ms = Math.min(RECORD_MAX_MS, Math.max(0, c.ms));
        // One allocation per recording (a button press), never per block.
        this.recording = new Float32Array(Math.max(1, Math.round((ms / 1000) * sampleRate)));
        this.recorded = 0;
      }
    };
  }

  /**
   * A copy of the segment's samples out of the ring (stream ms to sample indices), from its start and at most
   * `SEGMENT_SAMPLES_MAX_MS`; what has already left the ring is skipped. Null when nothing of it is left.
   */
  private segmentSamples(startMs: number, endMs: number): Float32Array | null {
    const from = Math.round((startMs / 1000) * sampleRate);
    const to = Math.min(
      Math.round((endMs / 1000) * sampleRate),
      from + Math.round((SEGMENT_SAMPLES_MAX_MS / 1000) * sampleRate),
    );
    return this.ring.copy(from, to);
  }

  /** Keeps the block in the ring (unless it is left out of the analysis), and in a recording under way. */
  private keep(block: Float32Array, analysed: boolean): void {
    if (analysed) this.ring.write(block);

    const rec = this.recording;
    if (rec !== null) {
      const take = Math.min(block.length, rec.length - this.recorded);
      rec.set(block.subarray(0, take), this.recorded);
      this.recorded += take;
      if (this.recorded >= rec.length) {
        this.recording = null;
        this.port.postMessage({ type: 'recording', samples: rec, sampleRate } satisfies MicMessage, [
          rec.buffer,
        ]);
      }
    }
  }

  /**
   * Where a frame (or a segment) that starts at `streamMs` on the analyser's stream clock starts on the context's,
   * placed by where its first frame ends: a frame is analysed once its last sample has come, so one that straddles
   * zero blocks left out ends with sound from after them, and a segment starting there (a vocalisation resumed
   * after its microphone went silent for over a second) must not be dated before the silence.
   */
  private startAt(streamMs: number): number {
    const frameMs = this.path.analyser.params.frameMs;
    return this.endAt(streamMs + frameMs) - frameMs;
  }

  /**
   * Where sound that ends at `streamMs` on the analyser's stream clock ends on the context's: after the zero blocks
   * left out before it. Sound ending exactly where zeros began ends before them.
   */
  private endAt(streamMs: number): number {
    let skipped = 0;
    const kept = Math.min(this.skips, SKIPS_KEPT);
    for (let n = 1; n <= kept; n++) {
      const k = (this.skips - n) % SKIPS_KEPT;
      if ((this.skipAtMs[k] as number) < streamMs) {
        skipped = this.skippedWithMs[k] as number;
        break;
      }
      // Older than every run kept: what was left out before the oldest of them.
      skipped = this.skippedBeforeMs[k] as number;
    }
    return (this.originContextMs ?? 0) + streamMs + skipped;
  }

  /**
   * Milliseconds left out in runs of zeros that lie within `startMs`..`endMs` on the stream clock, edges included (a
   * run where a segment ends may have held more of it), and the run under way if the segment reaches it (closed by
   * a run a second long, the sound may have gone on).
   */
  private missingWithin(startMs: number, endMs: number): number {
    let missing = 0;
    const kept = Math.min(this.skips, SKIPS_KEPT);
    for (let n = 1; n <= kept; n++) {
      const k = (this.skips - n) % SKIPS_KEPT;
      const at = this.skipAtMs[k] as number;
      // Newest first: every older run ended earlier still.
      if (at < startMs) break;
      if (at <= endMs) missing += (this.skippedWithMs[k] as number) - (this.skippedBeforeMs[k] as number);
    }
    const frameMs = this.path.analyser.params.frameMs;
    if (this.zeroRunSamples > 0 && endMs >= (this.analysedSamples / sampleRate) * 1000 - frameMs)
      missing += (this.zeroRunSamples / sampleRate) * 1000;
    return missing;
  }

  /**
   * A block of exact zeros, left out of the analysis: the meter still hears silence every frame (a muted
   * microphone must not leave it showing the last level), and a run long enough closes any open segment.
   */
  private skipZeros(length: number): void {
    this.zeroRunSamples += length;
    const a = this.path.analyser;
    // Counted in samples: 75 blocks of 128 are 200 ms exactly, which a sum of 2.67 ms steps falls short of.
    const frameSamples = (a.params.frameMs / 1000) * sampleRate;
    while ((this.zeroRunFrames + 1) * frameSamples <= this.zeroRunSamples) {
      this.zeroRunFrames++;
      this.post({
        type: 'frame',
        contextMs: currentTime * 1000,
        levelDbfs: SILENCE_DBFS,
        noiseFloorDbfs: a.noiseFloorDbfs,
        thresholdDbfs: a.thresholdDbfs,
        voiced: false,
        pitchHz: null,
        explained: false,
      });
    }
    if (!this.zeroRunClosed && this.zeroRunSamples >= (NO_AUDIO_CLOSES_MS / 1000) * sampleRate) {
      this.zeroRunClosed = true;
      this.path.flush(this.onSegment);
    }
  }

  /** Sound is back: the run's length is noted where it ended, for the times reported after it. */
  private endZeroRun(): void {
    if (this.zeroRunSamples === 0) return;
    const k = this.skips % SKIPS_KEPT;
    this.skipAtMs[k] = (this.analysedSamples / sampleRate) * 1000;
    this.skippedBeforeMs[k] = this.skippedMs;
    this.skippedMs += (this.zeroRunSamples / sampleRate) * 1000;
    this.skippedWithMs[k] = this.skippedMs;
    this.skips++;
    this.zeroRunSamples = 0;
    this.zeroRunFrames = 0;
    this.zeroRunClosed = false;
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
    const analysed = !allZero(channel);
    // Kept before analysis: a segment that ends in this block is reported during `push`, and its last samples
    // must already be in the ring.
    this.keep(channel, analysed);
    if (!analysed) {
      this.skipZeros(channel.length);
      return true;
    }
    this.endZeroRun();
    const reference = this.referenceFor(channel.length, inputs[1]);
    this.path.push(channel, reference, this.onFrame, this.onSegment);
    this.analysedSamples += channel.length;
    return true;
  }
}

function allZero(block: Float32Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

registerProcessor('attune-mic', MicProcessor);
