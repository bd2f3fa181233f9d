import { FEATURE_VERSION, type VoiceFeature } from '../../../src/core/audio/whoseVoice.ts';

/**
 * A voice feature of this version for a voice at `hz`, with its pitch quantiles a tenth of an octave either
 * side and the given cepstrum (12 values): enough for the whose-voice code, with no audio behind it.
 */
export function syntheticFeature(hz: number, cep: readonly number[]): VoiceFeature {
  const l = Math.log2(hz);
  return {
    v: FEATURE_VERSION,
    frames: 60,
    pitched: 50,
    f0: [l - 0.1, l, l + 0.1],
    cep: [...cep],
    cepSd: new Array<number>(12).fill(1),
  };
}
