import { type OverviewWeek, QUIET_DAYS, TREND_RULE, type Trend } from '../core/progress/overview.ts';
import type { SessionSummary } from '../core/turns/summary.ts';
import type { EraseResult, ImportResult } from '../store/learnerData.ts';
import { formatSeconds } from '../ui/dom.ts';

/** What review says, in plain words; no DOM, so it is unit-tested in Node. */

const number = new Intl.NumberFormat('en-GB');

/** A figure as review prints it: whole numbers as they are, others to two decimal places. */
export function figureText(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

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

/** Under the sessions table: what its figures mean. */
export const FIGURES_HINT =
  'An exchange is a turn answered by the other person within 5 seconds; a sequence is a run of such turns. ' +
  'An initiation is a learner turn with no practitioner turn in the 5 seconds before it. Answer times are ' +
  'from the end of one person’s turn to the start of the other’s answer.';

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

/** The trend in words, with an arrow for a glance (the arrow is decoration: the words carry the meaning). */
export const TREND_WORDS: Record<Trend, { arrow: string; words: string }> = {
  up: { arrow: '↑', words: 'more sessions' },
  down: { arrow: '↓', words: 'fewer sessions' },
  steady: { arrow: '→', words: 'about the same' },
};

/** How the trend was reached: the two counts it compared. */
export function trendBasis(recent: number, earlier: number): string {
  const weeks = TREND_RULE.windowDays / 7;
  return `${count(recent, 'session')} in the last ${weeks} weeks, ${number.format(earlier)} in the ${weeks} before`;
}

/** A week's column heading: "w/c 9 Mar" (week commencing), its Monday in UTC as the weeks are counted. */
export function weekHeading(week: OverviewWeek): string {
  const monday = new Date(week.startsAt).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return `w/c ${monday}${week.current ? ' (so far)' : ''}`;
}

/** The date a session started, as staff read a date: "20 Feb 2026", on this computer's clock. */
export function sessionDate(epochMs: number): string {
  return new Date(epochMs).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * A chart's date tick, "8 Sept": the month in words, as a chart library's default "9/8" is a month first that a
 * UK reader takes for 9 August.
 */
export function dayMonth(epochMs: number): string {
  return new Date(epochMs).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

export const QUIET_WORDS = `No session in the last ${QUIET_DAYS} days`;

/** What each of the school overview's figures means, as term and definition. */
export function overviewDefinitions(weeks: number): [string, string][] {
  const window = TREND_RULE.windowDays;
  return [
    [
      'Weeks',
      `Each of the last ${weeks} weeks is a column: the number of sessions the learner started in it. A week runs ` +
        'Monday to Sunday and is headed by the date of its Monday (w/c, week commencing); the last column is this ' +
        'week so far. Weeks are counted in UTC (Greenwich time), which moves no school-day session into another week.',
    ],
    [
      'Trend',
      `The sessions in the last ${window} days against the ${window} days before them. ${TREND_WORDS.up.arrow} ` +
        `${TREND_WORDS.up.words} or ${TREND_WORDS.down.arrow} ${TREND_WORDS.down.words} when the number changed by ` +
        `at least ${TREND_RULE.minChange} sessions and by at least ${TREND_RULE.minFraction * 100}% of the earlier number; otherwise ` +
        `${TREND_WORDS.steady.arrow} ${TREND_WORDS.steady.words}. The two numbers are under the words.`,
    ],
    [
      'Last session',
      `The date the learner’s latest session started. “${QUIET_WORDS}” marks a learner whose latest session ` +
        `started ${QUIET_DAYS} or more days ago.`,
    ],
  ];
}
