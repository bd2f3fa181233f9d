import type { IncomingMessage, ServerResponse } from 'node:http';
/** Types for start.mjs (plain JavaScript, so that `npm start` needs nothing built to run). */
export function sourcesHash(): string;
export function buildIfChanged(): Promise<void>;
export function attuneHandler(options?: {
  dist?: string;
  schoolServer?: string | null;
}): (req: IncomingMessage, res: ServerResponse) => void;
