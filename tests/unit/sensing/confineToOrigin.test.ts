import { describe, expect, it } from 'vitest';
import { confineToOrigin, type NetworkScope, onOwnOrigin } from '../../../src/sensing/confineToOrigin.ts';

const WORKER = 'http://localhost:5173/assets/visionWorker-abc.js';

/** A worker scope whose fetch and XHR record what reached them instead of going anywhere. */
function fakeScope() {
  const fetched: string[] = [];
  const opened: string[] = [];
  class FakeXhr {
    open(_method: string, url: string) {
      opened.push(url);
    }
  }
  const scope = {
    location: { href: WORKER, origin: new URL(WORKER).origin },
    fetch: async (input: RequestInfo | URL, _init?: RequestInit) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return new Response('ok');
    },
    XMLHttpRequest: FakeXhr,
    WebSocket: class {},
    EventSource: class {},
  };
  return { scope, fetched, opened, xhr: () => new FakeXhr() };
}

describe('confineToOrigin', () => {
  it("refuses MediaPipe's usage log before it reaches the network, and says which address", async () => {
    const { scope, fetched } = fakeScope();
    const blocked: string[] = [];
    confineToOrigin(scope as unknown as NetworkScope, (url) => blocked.push(url));
    const log = 'https://odml.pa.googleapis.com/v1/log';
    await expect(scope.fetch(log, { method: 'POST' })).rejects.toThrow(/outside its own origin/);
    await expect(scope.fetch(new Request(log))).rejects.toThrow(TypeError);
    await expect(scope.fetch(new URL('http://localhost:9999/x'))).rejects.toThrow(TypeError);
    expect(fetched).toEqual([]);
    expect(blocked).toEqual([log, log, 'http://localhost:9999/x']);
  });

  it('lets the app fetch its own models and WASM, relative or absolute', async () => {
    const { scope, fetched } = fakeScope();
    confineToOrigin(scope as unknown as NetworkScope);
    await scope.fetch('/models/pose_landmarker_lite.task');
    await scope.fetch('http://localhost:5173/wasm/vision_wasm_module_internal.wasm');
    await scope.fetch(new Request('http://localhost:5173/models/face_landmarker.task'));
    expect(fetched).toEqual([
      '/models/pose_landmarker_lite.task',
      'http://localhost:5173/wasm/vision_wasm_module_internal.wasm',
      'http://localhost:5173/models/face_landmarker.task',
    ]);
  });

  it('refuses XHR off the origin, allows it on, and takes away WebSocket and EventSource', () => {
    const { scope, opened, xhr } = fakeScope();
    confineToOrigin(scope as unknown as NetworkScope);
    expect(() => xhr().open('POST', 'https://example.org/beacon')).toThrow(/outside its own origin/);
    xhr().open('GET', '/wasm/vision_wasm_module_internal.js');
    expect(opened).toEqual(['/wasm/vision_wasm_module_internal.js']);
    expect(scope.WebSocket).toBeUndefined();
    expect(scope.EventSource).toBeUndefined();
  });

  it('counts blob: URLs of its own origin and data: URLs as its own, and other schemes as not', () => {
    const at = { location: { href: WORKER, origin: 'http://localhost:5173' } };
    expect(onOwnOrigin('blob:http://localhost:5173/1b2c', at)).toBe(true);
    expect(onOwnOrigin('data:application/octet-stream;base64,AA==', at)).toBe(true);
    expect(onOwnOrigin('blob:https://elsewhere.example/1b2c', at)).toBe(false);
    expect(onOwnOrigin('https://localhost:5173/x', at)).toBe(false);
    expect(onOwnOrigin('ws://localhost:5173/x', at)).toBe(false);
    expect(onOwnOrigin('http://[not an address', at)).toBe(false);
  });
});
