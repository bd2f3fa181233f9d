import { h } from '../ui/dom.ts';

export interface Messages {
  /** The line saying what was done, then the line saying what went wrong. */
  readonly nodes: readonly HTMLElement[];
  /** Says what was done, and clears any problem shown before it. */
  say(text: string): void;
  /** Says what went wrong, and clears any word of success shown before it. */
  complain(text: string): void;
  clear(): void;
}

/** Review's two message lines; only one speaks at a time, so an old success never sits beside a new failure. */
export function createMessages(): Messages {
  const done = h('p', { class: 'done', role: 'status' });
  const problem = h('p', { class: 'problem', role: 'alert' });
  return {
    nodes: [done, problem],
    say(text) {
      problem.textContent = '';
      done.textContent = text;
    },
    complain(text) {
      done.textContent = '';
      problem.textContent = text;
    },
    clear() {
      done.textContent = '';
      problem.textContent = '';
    },
  };
}
