import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { playbackStats, watchUnderruns } from '../../../src/sound/audioHealth.ts';

/** Like Chromium's AudioPlaybackStats: the figures are getters on the prototype, not own fields. */
class FakeStats {
  events = 0;
  get underrunEvents(): number {
    return this.events;
  }
  get underrunDuration(): number {
    return this.events * 0.01;
  }
  get totalDuration(): number {
    return 60;
  }
}

describe('watching the audio output for underruns', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', globalThis);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reads the browser object’s figures', () => {
    const stats = new FakeStats();
    stats.events = 3;
    const context = { playbackStats: stats } as unknown as AudioContext;
    expect(playbackStats(context)).toEqual({ underrunEvents: 3, underrunDuration: 0.03, totalDuration: 60 });
    expect(playbackStats({} as AudioContext)).toBeNull();
  });

  it('calls back once for each look that found new underruns, and never without them', () => {
    const stats = new FakeStats();
    const context = { playbackStats: stats } as unknown as AudioContext;
    const onUnderrun = vi.fn();
    const stop = watchUnderruns(context, onUnderrun, 1000);
    vi.advanceTimersByTime(3000);
    expect(onUnderrun).not.toHaveBeenCalled();
    stats.events = 2;
    vi.advanceTimersByTime(1000);
    expect(onUnderrun).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(onUnderrun).toHaveBeenCalledTimes(1);
    stop();
    stats.events = 5;
    vi.advanceTimersByTime(5000);
    expect(onUnderrun).toHaveBeenCalledTimes(1);
  });
});
