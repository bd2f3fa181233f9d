import type { DeviceStatus } from '../state/stores.ts';

/** Turns a getUserMedia failure into words a practitioner can act on. */
export function describeMediaError(device: 'camera' | 'microphone', error: unknown): DeviceStatus {
  const name = error instanceof DOMException ? error.name : '';
  const other = device === 'camera' ? 'microphone and touch' : 'camera and touch';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return {
      state: 'denied',
      message: `The ${device} is blocked for Attune. Allow it in the browser's site settings and reload. Sessions still run on the ${other}.`,
    };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') {
    return {
      state: 'missing',
      message: `No ${device} was found, or another program is using it. Check it is plugged in. Sessions still run on the ${other}.`,
    };
  }
  if (typeof navigator !== 'undefined' && !navigator.mediaDevices) {
    return {
      state: 'failed',
      message: `This browser cannot use a ${device} here (open Attune from http://localhost). Sessions still run on the ${other}.`,
    };
  }
  return {
    state: 'failed',
    message: `The ${device} could not be started (${error instanceof Error ? error.message : String(error)}). Sessions still run on the ${other}.`,
  };
}
