import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROFILE,
  INTENSITIES,
  intensityScale,
  movementSensitivityFactor,
  normaliseProfile,
  PALETTES,
  paletteById,
  sameProfile,
} from '../../../src/core/profile.ts';
import { linearChannel } from '../../../src/core/safety/transitions.ts';

function rgb(c: number): [number, number, number] {
  return [(c >> 16) & 255, (c >> 8) & 255, c & 255];
}

/** WCAG 2.3.1's saturated red: R / (R + G + B) of at least 0.8, with R, G and B linear light. */
function saturatedRed(c: number): boolean {
  const [r, g, b] = rgb(c).map(linearChannel) as [number, number, number];
  return r + g + b > 0 && r / (r + g + b) >= 0.8;
}

describe('learner profiles', () => {
  it('offers red, yellow, white and cyan on black and a soft low-contrast palette', () => {
    expect(PALETTES.map((p) => p.id)).toEqual(['yellow', 'red', 'white', 'cyan', 'soft']);
    for (const p of PALETTES.filter((p) => p.id !== 'soft')) {
      // "On black": the field is under 5 % of full in every channel.
      expect(Math.max(...rgb(p.background)), p.label).toBeLessThan(13);
    }
    const soft = paletteById('soft');
    const contrast = Math.max(...rgb(soft.primary)) - Math.max(...rgb(soft.background));
    const yellow = paletteById('yellow');
    expect(contrast).toBeLessThan(
      (Math.max(...rgb(yellow.primary)) - Math.max(...rgb(yellow.background))) / 2,
    );
  });

  it('never colours a learner saturated red, which WCAG counts as a red flash', () => {
    for (const p of PALETTES) {
      expect(saturatedRed(p.primary), p.label).toBe(false);
      expect(saturatedRed(p.secondary), p.label).toBe(false);
    }
  });

  it('scales size, speed and density up from low to high intensity', () => {
    const [low, medium, high] = INTENSITIES.map((i) => intensityScale(i.id));
    for (const k of ['size', 'speed', 'density'] as const) {
      expect(low?.[k]).toBeLessThan(medium?.[k] ?? 0);
      expect(medium?.[k]).toBeLessThan(high?.[k] ?? 0);
    }
  });

  it('maps movement sensitivity 0..1 onto thresholds four times higher to four times lower', () => {
    expect(movementSensitivityFactor(0.5)).toBeCloseTo(1);
    expect(movementSensitivityFactor(1)).toBeCloseTo(4);
    expect(movementSensitivityFactor(0)).toBeCloseTo(0.25);
    expect(movementSensitivityFactor(7)).toBeCloseTo(4);
  });

  it('reads back a stored profile as it was', () => {
    const p = {
      scene: 'echo',
      palette: 'red',
      intensity: 'high',
      movementSensitivity: 0.8,
      voiceSensitivity: 0.3,
      volume: 0.4,
    } as const;
    expect(normaliseProfile(p)).toEqual(p);
    expect(sameProfile(normaliseProfile(p), p)).toBe(true);
    expect(sameProfile(normaliseProfile(p), DEFAULT_PROFILE)).toBe(false);
  });

  it('gives every missing or damaged field its default, so a damaged profile never stops a session', () => {
    expect(normaliseProfile(undefined)).toEqual(DEFAULT_PROFILE);
    expect(normaliseProfile('nonsense')).toEqual(DEFAULT_PROFILE);
    const damaged = normaliseProfile({
      scene: '',
      palette: 'purple',
      intensity: 11,
      movementSensitivity: Number.NaN,
      voiceSensitivity: 3,
      volume: -1,
    });
    expect(damaged).toEqual({ ...DEFAULT_PROFILE, voiceSensitivity: 1, volume: 0 });
  });
});
