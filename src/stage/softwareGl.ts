/** Renderer names of WebGL drawn by the CPU: Chromium's SwiftShader, Mesa's llvmpipe and softpipe, Windows' WARP. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver|microsoft basic/i;

/**
 * Whether this browser's WebGL is drawn by the processor rather than a graphics card (a PC without one, or with
 * its driver blocked). Read once from a throwaway context; a browser that hides the renderer's name counts as
 * having a graphics card.
 */
export function softwareGl(): boolean {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE.test(name);
}
