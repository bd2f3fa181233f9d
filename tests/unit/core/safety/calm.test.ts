import { describe, expect, it } from 'vitest';
import { CALM_STAGE_GAIN, CALM_VOLUME, outputLevels } from '../../../../src/core/safety/calm.ts';

describe('calm and listen-only act on the output alone', () => {
  const base = { volume: 0.8, muted: false, mode: 'mirror' as const, calm: false };

  it('lets everything through normally', () => {
    expect(outputLevels(base)).toEqual({ stageGain: 1, volume: 0.8, muted: false });
  });

  it('dims the stage and softens the sound in calm', () => {
    expect(outputLevels({ ...base, calm: true })).toEqual({
      stageGain: CALM_STAGE_GAIN,
      volume: 0.8 * CALM_VOLUME,
      muted: false,
    });
  });

  it('shows and sounds nothing in listen-only, and mute silences only the sound', () => {
    expect(outputLevels({ ...base, mode: 'listen-only' })).toMatchObject({ stageGain: 0, muted: true });
    expect(outputLevels({ ...base, muted: true })).toMatchObject({ stageGain: 1, muted: true });
  });
});
