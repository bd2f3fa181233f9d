import * as Tone from 'tone';

/**
 * The one AudioContext of the app. Attune's sound (Tone.js) and the microphone's worklet must share it: the
 * mic worklet compares what the microphone hears with what Attune is playing, sample by sample on one clock,
 * and nodes of two contexts cannot be connected. The reference bus carries the master output (after the
 * limiter) to the worklet's second input; sound connects to it when it is created, the mic when it opens, in
 * either order.
 */
export interface AudioGraph {
  readonly context: AudioContext;
  /** What Attune plays, after the master limiter: the echo reference for the mic worklet. */
  readonly referenceBus: GainNode;
}

let graph: AudioGraph | null = null;

export function audioGraph(): AudioGraph {
  if (graph === null) {
    const context = new AudioContext({ latencyHint: 'interactive' });
    // Tone 15 wraps a native AudioContext given to setContext in its own Context; its nodes are then native
    // nodes of this context and connect to the worklet with Tone.connect.
    Tone.setContext(context);
    const referenceBus = context.createGain();
    graph = { context, referenceBus };
  }
  return graph;
}
