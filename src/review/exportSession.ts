import type { LogEvent } from '../core/events.ts';
import { makeExport, toJson } from '../core/exportFormat.ts';
import type { Learner, SessionMeta } from '../core/session.ts';
import type { StoredSession } from '../store/logStore.ts';

/** One session as an Attune export file (the versioned format in core/exportFormat.ts). */
export function sessionExportJson(learner: Learner, stored: StoredSession, events: LogEvent[]): string {
  const { counts: _counts, lastEventMs: _last, ...meta } = stored;
  const sessionMeta: SessionMeta = meta;
  return toJson(makeExport(learner, [{ meta: sessionMeta, events }], Date.now()));
}
