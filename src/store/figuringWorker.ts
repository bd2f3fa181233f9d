import {
  type FigureBatch,
  type FiguredSession,
  figureAndKeep,
  figureBatch,
  unfiguredSessions,
} from './figuring.ts';
import { LogStore, type StoredSession } from './logStore.ts';

/**
 * Review's figuring off the page's thread: reading a learner's sessions' events is most of the cost of their
 * figures (a hundred half-hour sessions held the page for seconds), and the page has the stage to draw. The
 * worker opens the same log (`name`) once and answers each request in turn, so only one batch's events are in
 * memory at a time. For the background figuring it also finds which sessions the log keeps no current figures
 * for (after an upgrade of the analysis), which reads every session's record and kept figures, and figures and
 * keeps them itself, a batch a request.
 */

/** Each names the log's database (`name`), which the worker opens once. */
export type FigureRequest =
  | (FigureBatch & { kind: 'figure'; id: number; name: string })
  | { kind: 'unfigured'; id: number; name: string }
  | { kind: 'keep'; id: number; name: string; sessionIds: string[] };

export type FigureReply =
  | { id: number; figures: FiguredSession[] }
  | { id: number; unfigured: StoredSession[] }
  | { id: number; kept: number }
  | { id: number; error: string };

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
      const db = (await store).db;
      reply =
        request.kind === 'figure'
          ? { id: request.id, figures: await figureBatch(db, request) }
          : request.kind === 'keep'
            ? { id: request.id, kept: await figureAndKeep(db, request.sessionIds) }
            : { id: request.id, unfigured: await unfiguredSessions(db) };
    } catch (error) {
      store = null;
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    scope.postMessage(reply);
  });
};
