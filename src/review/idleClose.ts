/** Review closes after this long with no key, click or scroll in it. */
export const REVIEW_IDLE_MS = 5 * 60_000;

export interface IdleClose {
  /** Starts (or restarts) the wait. */
  stillHere(): void;
  stop(): void;
}

/**
 * Review shows every learner's logs: left open and unattended, it closes by itself and the PIN is asked again.
 * Any key, click, input or scroll inside `element` while it shows starts the wait afresh.
 */
export function closeWhenIdle(element: HTMLElement, onIdle: () => void, idleMs = REVIEW_IDLE_MS): IdleClose {
  let timer: number | null = null;
  const stop = () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
  };
  const stillHere = () => {
    stop();
    timer = window.setTimeout(onIdle, idleMs);
  };
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel'] as const)
    element.addEventListener(type, () => {
      if (!element.hidden) stillHere();
    });
  return { stillHere, stop };
}
