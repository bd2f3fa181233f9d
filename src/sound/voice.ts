import * as Tone from 'tone';
import { answerNote, answerVelocity } from '../core/respond/pentatonic.ts';
import type { Dbfs, Hz } from '../core/units.ts';
import { audioGraph } from './audioContext.ts';

/** Seconds over which every level change fades: no sudden steps, ever. */
const FADE_S = 0.3;
/** The one master limiter's ceiling. Peaks above it are held down whatever the volume setting. */
const LIMITER_DBFS = -8;

export interface Voice {
  /** Answers a vocalisation with a soft pentatonic tone. */
  answer(pitchHz: Hz | null, peakDbfs: Dbfs): void;
  /** Practitioner volume cap 0..1 and mute; both fade. */
  setVolume(volume: number, muted: boolean): void;
  /** Highest output level since the last call, dBFS (for meters and tests). */
  takePeakDbfs(): Dbfs;
  /** The master output node (after the limiter): what Attune plays, e.g. as the echo reference. */
  readonly output: Tone.ToneAudioNode;
  dispose(): void;
}

/**
 * Attune's sound: a soft sine voice with slow attack and long release, through a low-pass filter, the
 * practitioner's volume and one master limiter. Everything Attune plays goes through this chain.
 */
export async function createVoice(): Promise<Voice> {
  // Before any Tone node exists: every node must live in the context the mic worklet listens in.
  const { referenceBus } = audioGraph();
  await Tone.start();
  const limiter = new Tone.Limiter(LIMITER_DBFS).toDestination();
  // The master output is the echo reference: the mic worklet gates out what it explains.
  Tone.connect(limiter, referenceBus);
  const volume = new Tone.Volume(-12).connect(limiter);
  const filter = new Tone.Filter(1800, 'lowpass').connect(volume);
  const synth = new Tone.PolySynth(Tone.Synth, {
    oscillator: { type: 'sine' },
    // 120 ms attack: no click or startle, yet quick enough to feel caused by the voice.
    envelope: { attack: 0.12, decay: 0.4, sustain: 0.35, release: 1.6 },
  }).connect(filter);
  synth.maxPolyphony = 6;
  const meter = new Tone.Meter({ normalRange: false, smoothing: 0 });
  limiter.connect(meter);
  let peak = Number.NEGATIVE_INFINITY;
  const poll = setInterval(() => {
    // A mono meter returns one number; a multichannel one an array.
    const v = meter.getValue() as number | number[];
    const level = Array.isArray(v) ? Math.max(...v) : v;
    if (level > peak) peak = level;
  }, 20);

  return {
    output: limiter,
    answer(pitchHz, peakDbfs) {
      const note = answerNote(pitchHz);
      synth.triggerAttackRelease(note, 0.35, Tone.now() + 0.005, answerVelocity(peakDbfs));
    },
    setVolume(v, muted) {
      const target = muted || v <= 0 ? -80 : Tone.gainToDb(Math.min(1, v)) - 6;
      volume.volume.rampTo(target, FADE_S);
    },
    takePeakDbfs() {
      const p = peak;
      peak = Number.NEGATIVE_INFINITY;
      return p;
    },
    dispose() {
      clearInterval(poll);
      synth.releaseAll();
      Tone.disconnect(limiter, referenceBus);
      for (const n of [synth, filter, volume, limiter, meter]) n.dispose();
    },
  };
}
