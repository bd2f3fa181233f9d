import * as Tone from 'tone';
import { movementScale } from '../core/respond/movementSound.ts';
import { answerNote, answerVelocity } from '../core/respond/pentatonic.ts';
import type { Dbfs, Hz, Unit } from '../core/units.ts';
import { audioGraph } from './audioContext.ts';

/** Seconds over which every level change fades: no sudden steps, ever. */
const FADE_S = 0.3;
/** The one master limiter's ceiling. Peaks above it are held down whatever the volume setting. */
export const LIMITER_DBFS = -8;
/** Every onset Attune plays rises over at least this (seconds): no click or startle. */
export const MIN_ATTACK_S = 0.03;
/** The movement tone's level follows the movement through ramps of this length (seconds): a fade, never a step. */
const MOVEMENT_RAMP_S = 0.08;
/** The movement tone's change of note crossfades over this (seconds). */
const NOTE_CROSSFADE_S = 0.25;

/**
 * The hard ceiling after the limiter, dBFS. The limiter (a Web Audio compressor) holds the level, but adds
 * make-up gain and lets fast peaks through, so a bounded curve after it is what makes the ceiling certain.
 */
export const CEILING_DBFS = -1;
/** Below this share of the ceiling the safety curve passes the sound unchanged. */
const CURVE_LINEAR_UP_TO = 0.7;

/** The loudest Attune can be at a volume setting (0..1): the ceiling, scaled by the volume after it. */
export function volumeCapDbfs(volume: Unit): Dbfs {
  return CEILING_DBFS + Tone.gainToDb(Math.max(1e-6, Math.min(1, volume)));
}

/** The safety curve: the sound unchanged up to 70 % of the ceiling, then a soft knee that never passes it. */
export function safetyCurve(x: number): number {
  const ceiling = Tone.dbToGain(CEILING_DBFS);
  const knee = ceiling * CURVE_LINEAR_UP_TO;
  const a = Math.abs(x);
  if (a <= knee) return x;
  return Math.sign(x) * (knee + (ceiling - knee) * Math.tanh((a - knee) / (ceiling - knee)));
}

/** What plays Attune's sound, in whatever Tone context is current (the live one, or an offline render). */
export interface VoiceChain {
  /** Answers a vocalisation with a soft pentatonic tone. */
  answer(pitchHz: Hz | null, peakDbfs: Dbfs): void;
  /** The movement tone: its level (0..1), its note and its place (-1 left .. 1 right); every change fades. */
  movement(level: Unit, noteHz: Hz, pan: number): void;
  /** A soft note for a touch. */
  touch(noteHz: Hz, pan: number): void;
  /** Practitioner volume cap 0..1 and mute; both fade. */
  setVolume(volume: Unit, muted: boolean): void;
  /** The master output (after the limiter and the volume cap): everything Attune plays. */
  readonly output: Tone.ToneAudioNode;
  dispose(): void;
}

export interface Voice extends VoiceChain {
  /** Highest output level since the last call, dBFS (for meters and tests). */
  takePeakDbfs(): Dbfs;
}

/**
 * The movement tone: one sine per note of the scale, each behind its own gain, so that a change of note is a
 * crossfade and a change of level a ramp; all through one panner. The oscillators run silent when nothing moves.
 */
function movementTone(notes: readonly Hz[], into: Tone.InputNode) {
  const panner = new Tone.Panner(0).connect(into);
  const level = new Tone.Gain(0).connect(panner);
  const voices = notes.map((hz) => {
    const gain = new Tone.Gain(0).connect(level);
    const osc = new Tone.Oscillator(hz, 'sine').connect(gain).start();
    return { hz, gain, osc };
  });
  let current = -1;
  return {
    set(amount: Unit, noteHz: Hz, pan: number) {
      let nearest = 0;
      for (let i = 1; i < voices.length; i++) {
        const d = Math.abs((voices[i]?.hz ?? 0) - noteHz);
        if (d < Math.abs((voices[nearest]?.hz ?? 0) - noteHz)) nearest = i;
      }
      if (nearest !== current) {
        voices[current]?.gain.gain.rampTo(0, NOTE_CROSSFADE_S);
        voices[nearest]?.gain.gain.rampTo(1, NOTE_CROSSFADE_S);
        current = nearest;
      }
      level.gain.rampTo(Math.max(0, Math.min(1, amount)), MOVEMENT_RAMP_S);
      panner.pan.rampTo(Math.max(-1, Math.min(1, pan)) * 0.6, NOTE_CROSSFADE_S);
    },
    nodes: [panner, level, ...voices.flatMap((v) => [v.gain, v.osc])],
  };
}

/**
 * Attune's sound, built in the current Tone context: a soft sine voice for answers (slow attack, long release),
 * a movement tone and a touch note, through a low-pass filter, the one master limiter and a hard ceiling, then
 * the practitioner's volume cap, so nothing can ever be louder than the cap allows (`volumeCapDbfs`). Everything Attune plays goes through this chain.
 */
export function buildVoiceChain(
  volume: Unit = 0.5,
  movementNotes: readonly Hz[] = movementScale(),
): VoiceChain {
  const master = new Tone.Volume(capDb(volume, false));
  const ceiling = new Tone.WaveShaper(safetyCurve, 4096).connect(master);
  ceiling.oversample = '2x';
  const limiter = new Tone.Limiter(LIMITER_DBFS).connect(ceiling);
  const filter = new Tone.Filter(1800, 'lowpass').connect(limiter);
  const synth = new Tone.PolySynth(Tone.Synth, {
    oscillator: { type: 'sine' },
    // 120 ms attack: no click or startle, yet quick enough to feel caused by the voice.
    envelope: { attack: 0.12, decay: 0.4, sustain: 0.35, release: 1.6 },
  }).connect(filter);
  synth.maxPolyphony = 6;
  synth.volume.value = -6;
  const touchPanner = new Tone.Panner(0).connect(filter);
  const touchSynth = new Tone.PolySynth(Tone.Synth, {
    oscillator: { type: 'triangle' },
    envelope: { attack: MIN_ATTACK_S * 2, decay: 0.3, sustain: 0.15, release: 0.8 },
  }).connect(touchPanner);
  touchSynth.maxPolyphony = 4;
  touchSynth.volume.value = -14;
  // Under the answer: movement is a bed the voice answer rises above.
  const toneTrim = new Tone.Volume(-10).connect(filter);
  const tone = movementTone(movementNotes, toneTrim);
  // The chain's own context's clock (Tone.now() is the global context's, which an offline render is not).
  const now = () => master.context.now();
  return {
    output: master,
    answer(pitchHz, peakDbfs) {
      synth.triggerAttackRelease(answerNote(pitchHz), 0.35, now() + 0.005, answerVelocity(peakDbfs));
    },
    movement(level, noteHz, pan) {
      tone.set(level, noteHz, pan);
    },
    touch(noteHz, pan) {
      touchPanner.pan.rampTo(pan * 0.6, 0.05);
      touchSynth.triggerAttackRelease(noteHz, 0.2, now() + 0.005, 0.6);
    },
    setVolume(v, muted) {
      master.volume.rampTo(capDb(v, muted), FADE_S);
    },
    dispose() {
      synth.releaseAll();
      touchSynth.releaseAll();
      for (const n of [
        synth,
        touchSynth,
        touchPanner,
        toneTrim,
        ...tone.nodes,
        filter,
        limiter,
        ceiling,
        master,
      ])
        n.dispose();
    },
  };
}

/** The volume node's level for a setting: the cap as a gain after the limiter (silence when muted). */
function capDb(volume: Unit, muted: boolean): number {
  return muted || volume <= 0 ? -80 : Tone.gainToDb(Math.min(1, volume));
}

/**
 * The live voice: the chain in the app's one AudioContext, its output sent to the speakers and to the mic
 * worklet as the echo reference, with a meter for the panel and the tests.
 */
export async function createVoice(): Promise<Voice> {
  // Before any Tone node exists: every node must live in the context the mic worklet listens in.
  const { referenceBus } = audioGraph();
  await Tone.start();
  const chain = buildVoiceChain();
  chain.output.toDestination();
  // The master output is the echo reference: the mic worklet gates out what it explains.
  Tone.connect(chain.output, referenceBus);
  const meter = new Tone.Meter({ normalRange: false, smoothing: 0 });
  chain.output.connect(meter);
  let peak = Number.NEGATIVE_INFINITY;
  const poll = setInterval(() => {
    // A mono meter returns one number; a multichannel one an array.
    const v = meter.getValue() as number | number[];
    const level = Array.isArray(v) ? Math.max(...v) : v;
    if (level > peak) peak = level;
  }, 20);

  return {
    ...chain,
    takePeakDbfs() {
      const p = peak;
      peak = Number.NEGATIVE_INFINITY;
      return p;
    },
    dispose() {
      clearInterval(poll);
      Tone.disconnect(chain.output, referenceBus);
      meter.dispose();
      chain.dispose();
    },
  };
}
