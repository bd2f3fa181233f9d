import type { DeviceStatus, SessionState } from '../state/stores.ts';
import { h } from '../ui/dom.ts';

function describe(name: string, s: DeviceStatus): string {
  if (s.state === 'starting') return `${name}: starting…`;
  if (s.state === 'on') return `${name}: on (${s.label})`;
  return `${name}: ${s.message}`;
}

/** Camera, microphone and body tracking: each one starting, on (with the device's name), or what is wrong. */
export function createDeviceStatus(): { readonly element: HTMLElement; render(s: SessionState): void } {
  const list = h('ul', { class: 'status', role: 'status', 'aria-live': 'polite' });
  return {
    element: list,
    render(s) {
      list.replaceChildren(
        h('li', {}, describe('Camera', s.camera)),
        h('li', {}, describe('Microphone', s.microphone)),
        h('li', {}, describe('Body tracking', s.vision)),
      );
    },
  };
}
