/**
 * Which school server this PC replicates with, as `npm start` tells the page in /attune-config.json (read from
 * ATTUNE_SCHOOL_SERVER and its companions at every start, so changing it needs no rebuild). The last answer is
 * remembered in this profile, so a page opened while the start server is stopped (from the service worker's
 * copy) still knows its school server.
 */

export interface SchoolConfig {
  /** The server's origin, e.g. http://10.0.0.5:5984. */
  origin: string;
  /** The CouchDB database of the whole school. */
  database: string;
  /** CouchDB credentials of a user with access to that database only, when the server asks for them. */
  username: string | null;
  password: string | null;
}

export const DEFAULT_DATABASE = 'attune';
const REMEMBERED = 'attune:school-server';

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** The config from /attune-config.json's body; null when no school server is set (or the body is not one). */
export function parseSchoolConfig(value: unknown): SchoolConfig | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const server = text(v.schoolServer);
  if (!server) return null;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const database = text(v.schoolDatabase) ?? DEFAULT_DATABASE;
  // CouchDB's rule for database names; anything else would be a request for another path.
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(database)) return null;
  return { origin: url.origin, database, username: text(v.schoolUser), password: text(v.schoolPassword) };
}

function remember(body: unknown): void {
  try {
    localStorage.setItem(REMEMBERED, JSON.stringify(body));
  } catch {
    // Storage refused (private mode, full): the config is simply fetched again next time.
  }
}

function remembered(): unknown {
  try {
    const saved = localStorage.getItem(REMEMBERED);
    return saved === null ? null : (JSON.parse(saved) as unknown);
  } catch {
    return null;
  }
}

/**
 * Asks the app's own server which school server to use. When the answer cannot be had (the start server is
 * stopped and the page came from the offline copy), the last answer this profile was given is used.
 */
export async function readSchoolConfig(url = '/attune-config.json'): Promise<SchoolConfig | null> {
  let body: unknown;
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) return response.status === 404 ? null : parseSchoolConfig(remembered());
    body = await response.json();
  } catch {
    return parseSchoolConfig(remembered());
  }
  remember(body);
  return parseSchoolConfig(body);
}
