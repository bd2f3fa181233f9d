/**
 * Where this PC stands with the school server, and the words review says it in. Staff need three things from
 * it: has what I recorded reached the school (last pushed), how much has not yet (waiting), and is anything
 * wrong that they or IT can act on (cannot reach it, or it refuses Attune).
 */

export type SyncState =
  /** No school server is set up for this PC: everything stays here. */
  | { kind: 'off' }
  /** Set up, and not yet heard from. */
  | { kind: 'starting' }
  /** Sending or receiving now. */
  | { kind: 'busy' }
  /** Everything here is on the server and everything there is here. */
  | { kind: 'upToDate' }
  /** The server cannot be reached (since `since`, epoch ms): replication retries by itself. */
  | { kind: 'unreachable'; since: number }
  /** The server answered, and refused (a wrong user or password, or no right to the database). */
  | { kind: 'refused'; status: number };

export interface SyncStatus {
  state: SyncState;
  /** The server's address as configured (origin and database), for staff to tell IT. */
  server: string | null;
  /** Epoch ms when something from this PC last reached the server, or null. */
  lastPushedAt: number | null;
  /** This PC's finished sessions not yet on the server. */
  waiting: number;
  /** Sessions from other PCs taken into this PC's log since the page opened. */
  received: number;
  /** A session or record from the server that could not be taken in, in words; null when none. */
  problem: string | null;
}

export const SYNC_OFF: SyncStatus = {
  state: { kind: 'off' },
  server: null,
  lastPushedAt: null,
  waiting: 0,
  received: 0,
  problem: null,
};

function sessions(n: number): string {
  return n === 1 ? '1 session' : `${n} sessions`;
}

/** A time as staff read it: the clock time today, else the date and time. */
export function whenWords(at: number, now: number, locale = 'en-GB'): string {
  const then = new Date(at);
  const sameDay = new Date(now).toDateString() === then.toDateString();
  const time = then.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return sameDay
    ? `at ${time} today`
    : `on ${then.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' })} at ${time}`;
}

/** The sync state in one or two plain sentences, for review. */
export function syncWords(s: SyncStatus, now: number): string {
  const state = s.state;
  if (state.kind === 'off')
    return 'No school server is set up: sessions are kept on this computer only (see "Back up everything").';
  const pushed =
    s.lastPushedAt === null
      ? 'Nothing has been sent from this computer yet.'
      : `Last sent to the school server ${whenWords(s.lastPushedAt, now)}.`;
  const waiting =
    s.waiting === 0
      ? 'Nothing is waiting to be sent.'
      : `${sessions(s.waiting)} waiting to be sent; they go by themselves.`;
  const parts: string[] = [];
  switch (state.kind) {
    case 'starting':
      parts.push('Connecting to the school server…');
      break;
    case 'busy':
      parts.push('Exchanging sessions with the school server now.', pushed, waiting);
      break;
    case 'upToDate':
      parts.push('Up to date with the school server.', pushed, waiting);
      break;
    case 'unreachable':
      parts.push(
        `Cannot reach the school server${s.server ? ` at ${s.server}` : ''} (since ${whenWords(state.since, now).replace(/^(at|on) /, '')}). Sessions are kept here and sent when it is back by themselves; tell IT if it lasts.`,
        pushed,
        waiting,
      );
      break;
    case 'refused':
      parts.push(
        `The school server refused this computer (error ${state.status}): ask IT to check ATTUNE_SCHOOL_USER and ATTUNE_SCHOOL_PASSWORD and the database's permissions. Sessions are kept here meanwhile.`,
        waiting,
      );
      break;
  }
  if (s.received > 0) parts.push(`${sessions(s.received)} from other computers arrived since Attune opened.`);
  if (s.problem) parts.push(s.problem);
  return parts.join(' ');
}
