import type { SessionSummary } from '../core/turns/summary.ts';
import type { EraseResult, ImportResult } from '../store/learnerData.ts';
import { formatSeconds } from '../ui/dom.ts';

/** What review says, in plain words; no DOM, so it is unit-tested in Node. */

const number = new Intl.NumberFormat('en-GB');

export function count(n: number, one: string, many = `${one}s`): string {
  return `${number.format(n)} ${n === 1 ? one : many}`;
}

export function describeImport(r: ImportResult): string {
  const p = r.learner.pseudonym;
  const parts: string[] = [];
  if (r.sessionsAdded === 0) {
    parts.push(
      r.learnerAdded
        ? `Imported ${p} (a new learner) with no sessions.`
        : `Nothing new to import for ${p}: no session was added.`,
    );
  } else {
    const what = `${count(r.sessionsAdded, 'session')} (${count(r.eventsAdded, 'event')})`;
    parts.push(r.learnerAdded ? `Imported ${p} (a new learner) with ${what}.` : `Imported ${what} for ${p}.`);
  }
  if (r.fileCalledThem !== null) {
    parts.push(`The file calls this learner ${r.fileCalledThem}; the pseudonym used here, ${p}, is kept.`);
  }
  if (r.sessionsAlreadyHere > 0) {
    const already = count(r.sessionsAlreadyHere, 'session');
    parts.push(
      `${already} in the file ${r.sessionsAlreadyHere === 1 ? 'was' : 'were'} here already and left as before.`,
    );
  }
  if (r.sessionsClashing > 0) {
    parts.push(
      `${count(r.sessionsClashing, 'session')} could not be imported: another learner here has a session with the same id.`,
    );
  }
  if (r.learnerAdded && r.sameNameAs) parts.push(`Note: another learner here is also called ${p}.`);
  return parts.join(' ');
}

export function describeErase(r: Extract<EraseResult, { ok: true }>): string {
  return `Erased ${r.pseudonym}: ${count(r.sessions, 'session')} and ${count(r.events, 'event')} removed from this computer.`;
}

/** A failed import, from the storage: the file was fine but nothing was written. */
export function describeStorageError(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') {
    return "Nothing was imported: this computer's storage for Attune is full. Export and erase old learners, then try again.";
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `Nothing was imported: Attune could not save it (${detail}).`;
}

/** The turn-taking cells of a session's row, in the column order of review's table. */
export function figureCells(s: SessionSummary): string[] {
  const longest =
    s.sequences.longestTurns === 0
      ? 'none'
      : `${count(s.sequences.longestTurns, 'turn')}, ${formatSeconds(s.sequences.longestMs)}`;
  const latency = (ms: number | null) => (ms === null ? 'no answers' : formatSeconds(ms));
  return [
    number.format(s.exchanges.total),
    longest,
    number.format(s.initiations),
    latency(s.medianLatencyMs.learner),
    latency(s.medianLatencyMs.practitioner),
  ];
}

/** A name safe in a file name on Windows, macOS and Linux: letters and digits kept, anything else a hyphen. */
export function fileSafe(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}_-]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'learner'
  );
}

/** "2026-03-04-1432": a session's start in a file name, local time (what staff saw on the clock). */
export function fileStamp(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}`;
}
