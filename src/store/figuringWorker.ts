import { type FigureBatch, type FiguredSession, figureBatch } from './figuring.ts';
import { LogStore } from './logStore.ts';

/**
 * Review's figuring off the page's thread: reading a learner's sessions' events is most of the cost of their
 * figures (a hundred half-hour sessions held the page for seconds), and the page has the stage to draw. The
 * worker opens the same log (`name`) once and answers each batch in turn, so only one batch's events are in
 * memory at a time.
 */

export interface FigureRequest extends FigureBatch {
  id: number;
  /** The log's database name. */
  name: string;
}

export type FigureReply = { id: number; figures: FiguredSession[] } | { id: number; error: string };

// The DOM and WebWorker libs are both in tsconfig, so `self` is typed as a Window here.
const scope = self as unknown as DedicatedWorkerGlobalScope;

let store: Promise<LogStore> | null = null;
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e: MessageEvent<FigureRequest>) => {
  const request = e.data;
  queue = queue.then(async () => {
    let reply: FigureReply;
    try {
      // No notice to show here: the page says what is wrong with the log.
      store ??= LogStore.open(request.name, () => undefined);
      reply = { id: request.id, figures: await figureBatch((await store).db, request) };
    } catch (error) {
      store = null;
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    scope.postMessage(reply);
  });
};
