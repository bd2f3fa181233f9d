import type { WakeLockState } from './protocol.ts';

/**
 * Keeps the screen on while the stage shows: a whiteboard that dims or locks in the middle of a session stops
 * the interaction. The browser lets go of a wake lock whenever the page is hidden, so it is asked for again each
 * time the page is shown.
 */
export function keepScreenOn(onChange: (state: WakeLockState) => void): () => void {
  const wakeLock = typeof navigator !== 'undefined' ? navigator.wakeLock : undefined;
  if (!wakeLock) {
    onChange('unsupported');
    return () => undefined;
  }
  let sentinel: WakeLockSentinel | null = null;
  let stopped = false;
  const acquire = async () => {
    if (stopped || document.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
    try {
      const granted = await wakeLock.request('screen');
      // Stopped while the browser was deciding: let go at once, and say nothing more.
      if (stopped) {
        void granted.release();
        return;
      }
      sentinel = granted;
      sentinel.addEventListener('release', () => {
        if (!stopped) onChange('released');
      });
      onChange('held');
    } catch (error) {
      if (!stopped) onChange({ refused: error instanceof Error ? error.message : String(error) });
    }
  };
  const onVisibility = () => void acquire();
  document.addEventListener('visibilitychange', onVisibility);
  void acquire();
  return () => {
    stopped = true;
    document.removeEventListener('visibilitychange', onVisibility);
    void sentinel?.release();
  };
}
