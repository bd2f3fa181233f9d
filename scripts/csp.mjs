/**
 * The one Content-Security-Policy of Attune, for every place that sends it: the <meta> tag in index.html (built
 * and served), the header from `npm start`'s server and from the development server. Workers take their policy
 * from their own HTTP response, never from the page's <meta>, so the header matters as much as the tag.
 *
 * Plain Node ESM with no dependencies, because `npm start` runs it before anything is built, and the school
 * server's address is only known then (ATTUNE_SCHOOL_SERVER).
 */

/**
 * Each directive's sources. 'wasm-unsafe-eval' lets MediaPipe compile its WASM; blob: lets Tone.js load its
 * AudioWorklet; connect-src is the app's own origin, plus the school server when one is configured, and nothing
 * else.
 */
const DIRECTIVES = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'", "'wasm-unsafe-eval'", 'blob:']],
  ['worker-src', ["'self'", 'blob:']],
  ['connect-src', ["'self'"]],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['media-src', ["'self'", 'blob:', 'mediastream:']],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['font-src', ["'self'"]],
  ['manifest-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'self'"]],
  ['form-action', ["'none'"]],
];

/**
 * The school server's origin from the value of ATTUNE_SCHOOL_SERVER, or null when it is unset or blank. Only
 * the origin is kept (a path or credentials in the address never reach the policy), and anything but an http or
 * https address is refused in words.
 * @param {string | undefined | null} value
 * @returns {string | null}
 */
export function schoolServerOrigin(value) {
  const text = (value ?? '').trim();
  if (text === '') return null;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `ATTUNE_SCHOOL_SERVER is not a web address: "${text}". Give one like http://127.0.0.1:5984, or leave it unset.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`ATTUNE_SCHOOL_SERVER must start with http:// or https://, not "${url.protocol}".`);
  }
  return url.origin;
}

/**
 * The policy as one header value.
 * @param {{ schoolServer?: string | null }} [options] schoolServer: an origin from schoolServerOrigin
 * @returns {string}
 */
export function contentSecurityPolicy(options = {}) {
  const school = options.schoolServer ? schoolServerOrigin(options.schoolServer) : null;
  return DIRECTIVES.map(([name, sources]) => {
    const all = name === 'connect-src' && school ? [...sources, school] : sources;
    return `${name} ${all.join(' ')}`;
  }).join('; ');
}

const CSP_META = /<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>\s*/gi;

/**
 * The page with exactly one CSP <meta>, holding `policy`, at the top of its <head> (before any script or style
 * it governs). Any CSP <meta> already there is replaced, so the built page can be given the school server's
 * policy when it is served.
 * @param {string} html
 * @param {string} policy
 * @returns {string}
 */
export function withCspMeta(html, policy) {
  const escaped = policy.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${escaped}" />`;
  const stripped = html.replace(CSP_META, '');
  // After the charset, which must come first, and before anything else.
  const anchor = /<meta\s+charset\b[^>]*>/i.exec(stripped) ?? /<head\b[^>]*>/i.exec(stripped);
  if (!anchor) throw new Error('index.html has no <head> to put the Content-Security-Policy in.');
  const at = anchor.index + anchor[0].length;
  return `${stripped.slice(0, at)}\n    ${tag}${stripped.slice(at)}`;
}

/**
 * The body of /attune-config.json, which tells the page at run time what `npm start` was given (the page is
 * built once, the school server is read at every start). Served with no-store. Beside the server's origin:
 * the school's CouchDB database when it is not "attune" (the path of ATTUNE_SCHOOL_SERVER, e.g.
 * http://10.0.0.5:5984/oakfield, or ATTUNE_SCHOOL_DATABASE), and the CouchDB user the PCs sign in as when the
 * server has one (ATTUNE_SCHOOL_USER, ATTUNE_SCHOOL_PASSWORD): the page itself talks to CouchDB, so it is given
 * them; give Attune a user of its own with access to that one database only.
 * @param {string | null} schoolServer an origin from schoolServerOrigin, or null
 * @param {Record<string, string | undefined>} [env]
 * @returns {string}
 */
export function attuneConfigJson(schoolServer, env = process.env) {
  const config = { schoolServer: schoolServer ?? null };
  if (schoolServer) {
    let path = '';
    try {
      path = new URL(env.ATTUNE_SCHOOL_SERVER ?? '').pathname.split('/').filter(Boolean)[0] ?? '';
    } catch {
      // schoolServer came from elsewhere: no path to read a database from.
    }
    const database = (env.ATTUNE_SCHOOL_DATABASE ?? '').trim() || decodeURIComponent(path);
    if (database) config.schoolDatabase = database;
    if (env.ATTUNE_SCHOOL_USER) config.schoolUser = env.ATTUNE_SCHOOL_USER;
    if (env.ATTUNE_SCHOOL_PASSWORD) config.schoolPassword = env.ATTUNE_SCHOOL_PASSWORD;
  }
  return JSON.stringify(config);
}
