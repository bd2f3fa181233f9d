/** Chromium's playback statistics of an AudioContext (not in TypeScript's DOM types yet). */
interface PlaybackStats {
  underrunEvents: number;
  underrunDuration: number;
  totalDuration: number;
}

/** The context's glitch counts so far, or null where the browser does not report them. */
export function playbackStats(context: AudioContext): PlaybackStats | null {
  const stats = (context as AudioContext & { playbackStats?: PlaybackStats }).playbackStats;
  // Read field by field: the figures are getters of a browser object, which a spread would not copy.
  return stats
    ? {
        underrunEvents: stats.underrunEvents,
        underrunDuration: stats.underrunDuration,
        totalDuration: stats.totalDuration,
      }
    : null;
}

/**
 * Calls `onUnderrun` whenever the audio output has underrun since the last look (a click or gap the learner
 * hears), checking every `everyMs`. Where the browser reports no playback statistics it never calls. Returns a
 * function that stops watching.
 */
export function watchUnderruns(context: AudioContext, onUnderrun: () => void, everyMs = 1000): () => void {
  let seen = playbackStats(context)?.underrunEvents ?? 0;
  const timer = window.setInterval(() => {
    const now = playbackStats(context)?.underrunEvents ?? seen;
    if (now > seen) onUnderrun();
    seen = now;
  }, everyMs);
  return () => window.clearInterval(timer);
}
