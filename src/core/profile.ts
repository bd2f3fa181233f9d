import type { Unit } from './units.ts';

/**
 * A learner's profile: how the stage and the sound are set for them, remembered on this computer with the
 * learner's record (so it is backed up and erased with them) and applied when they are chosen. Learners differ:
 * red on black calmed one child where yellow on black escalated; some seek intensity, some are overwhelmed.
 */

/** The stage's colours: one or two saturated colours on a dark field, or a low-contrast soft set. */
export interface Palette {
  id: PaletteId;
  label: string;
  /** The field behind everything. */
  background: number;
  /** The learner's own colour: everything they cause is drawn in it. */
  primary: number;
  /** Attune's side, where a scene shows two (the echo's answer): close to the first, never a clash. */
  secondary: number;
}

export type PaletteId = 'yellow' | 'red' | 'white' | 'cyan' | 'soft';

/**
 * The red is a warm coral red, not a saturated red: WCAG 2.3.1 counts transitions to and from saturated red as red
 * flashes, which a learner's own colour must never make, and the profile that needs red (calming) is served as
 * well by a warm red. Saturated is judged on linear light, as WCAG's definition is (R / (R + G + B) >= 0.8 with
 * R, G, B the linear values): 0xff7864 is 0.76 there (0xe8402a, used before, was 0.92 although it is 0.69 on
 * the 0..255 values), and anything a scene makes of it (fainter over black, blended with the background or the
 * secondary, added onto itself) is further from saturated, never nearer.
 */
export const PALETTES: readonly Palette[] = [
  { id: 'yellow', label: 'Yellow on black', background: 0x05060a, primary: 0xffc400, secondary: 0xffe9a0 },
  { id: 'red', label: 'Red on black', background: 0x050304, primary: 0xff7864, secondary: 0xf08a6a },
  { id: 'white', label: 'White on black', background: 0x040405, primary: 0xf4f4f0, secondary: 0xc8d0dc },
  { id: 'cyan', label: 'Cyan on black', background: 0x03060a, primary: 0x28e0f0, secondary: 0x9ef4ff },
  { id: 'soft', label: 'Soft (low contrast)', background: 0x262a33, primary: 0x8a92ad, secondary: 0x9aa894 },
];

export type Intensity = 'low' | 'medium' | 'high';

export const INTENSITIES: readonly { id: Intensity; label: string }[] = [
  { id: 'low', label: 'Low' },
  { id: 'medium', label: 'Medium' },
  { id: 'high', label: 'High' },
];

/** What intensity scales in every scene: how big things are, how fast they move, how many there are. */
export interface IntensityScale {
  size: number;
  speed: number;
  density: number;
}

const SCALES: Readonly<Record<Intensity, IntensityScale>> = {
  low: { size: 0.75, speed: 0.6, density: 0.5 },
  medium: { size: 1, speed: 1, density: 1 },
  high: { size: 1.3, speed: 1.4, density: 1.6 },
};

export function intensityScale(i: Intensity): IntensityScale {
  return SCALES[i];
}

export interface LearnerProfile {
  /** A stage scene's id (the stage's registry); an unknown one is drawn as the default scene. */
  scene: string;
  palette: PaletteId;
  intensity: Intensity;
  /** 0..1: higher counts smaller movements (the movement thresholds are divided by `movementSensitivityFactor`). */
  movementSensitivity: Unit;
  /** 0..1: higher hears softer sounds. */
  voiceSensitivity: Unit;
  /** The practitioner's volume cap for this learner, 0..1. */
  volume: Unit;
}

export const DEFAULT_SCENE = 'trails';

export const DEFAULT_PROFILE: Readonly<LearnerProfile> = Object.freeze({
  scene: DEFAULT_SCENE,
  palette: 'yellow',
  intensity: 'medium',
  movementSensitivity: 0.5,
  voiceSensitivity: 0.5,
  volume: 0.6,
});

/**
 * The slider's 0..1 as the movement thresholds' sensitivity: 0.5 is the calibrated threshold, 1 counts movements
 * a quarter as large (a finger, a blink-sized nod), 0 only those four times as large.
 */
export function movementSensitivityFactor(slider: Unit): number {
  return 4 ** (2 * clamp01(slider) - 1);
}

export function paletteById(id: string): Palette {
  return PALETTES.find((p) => p.id === id) ?? (PALETTES[0] as Palette);
}

/**
 * A stored profile read back: whatever is missing or out of range (an older record, a hand-edited backup) takes
 * its default, so a damaged profile never stops a session.
 */
export function normaliseProfile(value: unknown): LearnerProfile {
  const o = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const d = DEFAULT_PROFILE;
  const unit = (v: unknown, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) ? clamp01(v) : fallback;
  return {
    scene: typeof o.scene === 'string' && o.scene.length > 0 && o.scene.length <= 40 ? o.scene : d.scene,
    palette: PALETTES.some((p) => p.id === o.palette) ? (o.palette as PaletteId) : d.palette,
    intensity: INTENSITIES.some((i) => i.id === o.intensity) ? (o.intensity as Intensity) : d.intensity,
    movementSensitivity: unit(o.movementSensitivity, d.movementSensitivity),
    voiceSensitivity: unit(o.voiceSensitivity, d.voiceSensitivity),
    volume: unit(o.volume, d.volume),
  };
}

export function sameProfile(a: LearnerProfile, b: LearnerProfile): boolean {
  return (
    a.scene === b.scene &&
    a.palette === b.palette &&
    a.intensity === b.intensity &&
    a.movementSensitivity === b.movementSensitivity &&
    a.voiceSensitivity === b.voiceSensitivity &&
    a.volume === b.volume
  );
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
