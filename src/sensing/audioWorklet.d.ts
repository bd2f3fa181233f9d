// The AudioWorkletGlobalScope is not in TypeScript's DOM lib; these are the parts the mic worklet uses.
declare const sampleRate: number;
declare const currentTime: number;
declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor();
  abstract process(
    inputs: Float32Array[][],
    outputs: Float32Array[][],
    parameters: Record<string, Float32Array>,
  ): boolean;
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor): void;
