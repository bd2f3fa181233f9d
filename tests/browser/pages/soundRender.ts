import * as Tone from 'tone';
import { MovementSound, TouchSound } from '../../../src/core/respond/movementSound.ts';
import { buildVoiceChain, volumeCapDbfs } from '../../../src/sound/voice.ts';

/**
 * Renders Attune's sound offline (Tone.Offline, an OfflineAudioContext in Chromium) under an input the test
 * chooses, driven through the same core decisions the session uses (core/respond/movementSound.ts), and measures
 * the result: its peak against the volume cap, its fastest onset, its level.
 */
export interface RenderScenario {
  seconds: number;
  /** The practitioner's volume, 0..1. */
  volume: number;
  /** Vocalisations answered this many times a second (0: none). */
  answersPerSecond: number;
  /** Movement: none, steady (at one place), or strobing (on and off every frame, jumping about). */
  movement: 'none' | 'steady' | 'strobing';
  /** Taps this many times a second (0: none). */
  tapsPerSecond: number;
  /** The input comes in bursts this long, every `periodMs` (so that sounds start from quiet again). */
  burstMs?: number;
  periodMs?: number;
  /**
   * The check's own check: a bare click of a sine (1 ms attack) straight to the output, which the onset
   * measure must call fast. Nothing of Attune's plays with it.
   */
  click?: boolean;
}

export interface RenderReport {
  peakDbfs: number;
  capDbfs: number;
  /** Onsets from quiet, and the fastest of them: how long a straight rise to its level would take, ms. */
  onsets: number;
  fastestOnsetMs: number;
  rmsDbfs: number;
  /** Touch notes and movement soundings the core let through (what the session would log). */
  touchNotes: number;
  movementSoundings: number;
}

/** Every `ms`, calls `f(seconds)`, from the render's start to its end, on the offline context's clock. */
function every(ctx: Tone.BaseContext, ms: number, seconds: number, f: (t: number) => void): void {
  for (let t = ms / 1000; t < seconds; t += ms / 1000) ctx.setTimeout(() => f(t), t);
}

/** The output's level every 1 ms: the largest sample over the last 10 ms (two periods of Attune's lowest note). */
function envelope(buffer: AudioBuffer): { env: Float32Array; peak: number; rms: number } {
  const rate = buffer.sampleRate;
  const n = buffer.length;
  const abs = new Float32Array(n);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const d = buffer.getChannelData(c);
    for (let i = 0; i < n; i++) abs[i] = Math.max(abs[i] ?? 0, Math.abs(d[i] ?? 0));
  }
  let peak = 0;
  let sq = 0;
  for (const v of abs) {
    peak = Math.max(peak, v);
    sq += v * v;
  }
  const win = Math.round(rate * 0.01);
  const step = rate / 1000;
  const env = new Float32Array(Math.floor(n / step));
  for (let k = 0; k < env.length; k++) {
    const end = Math.round(k * step);
    let m = 0;
    for (let j = Math.max(0, end - win); j <= end && j < n; j++) m = Math.max(m, abs[j] ?? 0);
    env[k] = m;
  }
  return { env, peak, rms: Math.sqrt(sq / Math.max(1, n)) };
}

/**
 * Every onset from quiet (the level under 2 % of the peak for 20 ms, which the dips of two notes beating never
 * are) and how fast it rose: the time from 10 % to 90 % of the level it reached within 400 ms, over 0.8, which is
 * the length of a straight rise from nothing to that level (a 30 ms attack gives 30).
 */
function onsets(env: Float32Array, peak: number): number[] {
  const quiet = 0.02 * peak;
  const out: number[] = [];
  let quietFor = 0;
  for (let i = 0; i < env.length; i++) {
    const v = env[i] ?? 0;
    if (v < quiet) {
      quietFor++;
      continue;
    }
    if (quietFor < 20) {
      quietFor = 0;
      continue;
    }
    quietFor = 0;
    let local = 0;
    for (let j = i; j < Math.min(env.length, i + 400); j++) local = Math.max(local, env[j] ?? 0);
    if (local < 0.1 * peak) continue;
    let t10 = i - 1;
    while ((env[t10 + 1] ?? 0) < 0.1 * local) t10++;
    let t90 = t10;
    while ((env[t90] ?? 0) < 0.9 * local) t90++;
    out.push((t90 - t10) / 0.8);
    i = t90;
  }
  return out;
}

async function renderSound(s: RenderScenario): Promise<RenderReport> {
  let touchNotes = 0;
  let movementSoundings = 0;
  const buffer = await Tone.Offline((ctx) => {
    if (s.click) {
      const osc = new Tone.Oscillator(440, 'sine').start(0.5).stop(0.8);
      const env = new Tone.AmplitudeEnvelope({ attack: 0.001, decay: 0, sustain: 1, release: 0.01 });
      osc.chain(env, ctx.destination);
      env.triggerAttackRelease(0.2, 0.5);
      return;
    }
    const chain = buildVoiceChain(s.volume);
    chain.output.connect(ctx.destination);
    const movement = new MovementSound();
    const touches = new TouchSound();
    const burst = (t: number) => s.burstMs === undefined || (t * 1000) % (s.periodMs ?? 1e9) < s.burstMs;
    let frame = 0;
    every(ctx, 40, s.seconds, (t) => {
      frame++;
      const moving = s.movement === 'steady' || (s.movement === 'strobing' && frame % 2 === 0);
      const on = moving && burst(t);
      const place = s.movement === 'strobing' ? ((frame * 37) % 100) / 100 : 0.4;
      const { tone, ended } = movement.update(t * 1000, { ratio: on ? 8 : 0, x: place, y: 1 - place });
      chain.movement(tone.level, tone.noteHz, tone.pan);
      if (ended) movementSoundings++;
    });
    if (s.answersPerSecond > 0)
      every(ctx, 1000 / s.answersPerSecond, s.seconds, (t) => {
        if (burst(t)) chain.answer(150 + 300 * (t % 1), -10);
      });
    if (s.tapsPerSecond > 0)
      every(ctx, 1000 / s.tapsPerSecond, s.seconds, (t) => {
        if (!burst(t)) return;
        const note = touches.touch(t * 1000, (t * 7) % 1, (t * 3) % 1);
        if (!note) return;
        touchNotes++;
        chain.touch(note.noteHz, note.pan);
      });
  }, s.seconds);
  const a = envelope(buffer.get() as AudioBuffer);
  const found = onsets(a.env, a.peak);
  return {
    peakDbfs: 20 * Math.log10(Math.max(1e-9, a.peak)),
    capDbfs: volumeCapDbfs(s.volume),
    onsets: found.length,
    fastestOnsetMs: found.length ? Math.min(...found) : Number.POSITIVE_INFINITY,
    rmsDbfs: 20 * Math.log10(Math.max(1e-9, a.rms)),
    touchNotes,
    movementSoundings,
  };
}

declare global {
  interface Window {
    renderSound?: typeof renderSound;
  }
}

window.renderSound = renderSound;
