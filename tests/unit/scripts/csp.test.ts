import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  attuneConfigJson,
  contentSecurityPolicy,
  schoolServerOrigin,
  withCspMeta,
} from '../../../scripts/csp.mjs';

/** The policy as a map of directive to its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );
}

describe('the Content-Security-Policy', () => {
  it("allows connections to the app's own origin only, by default", () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    // MediaPipe compiles WASM; Tone.js loads its worklet from a blob.
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
  });

  it('adds the school server to connect-src, and nothing else anywhere', () => {
    const plain = directives(contentSecurityPolicy());
    const school = directives(contentSecurityPolicy({ schoolServer: 'http://127.0.0.1:5984' }));
    expect(school.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:5984']);
    for (const [name, sources] of plain)
      if (name !== 'connect-src') expect(school.get(name)).toEqual(sources);
  });

  it("keeps only the school server's origin: never a path, credentials or a character that ends a directive", () => {
    expect(schoolServerOrigin('http://admin:secret@couch.school.local:5984/attune/')).toBe(
      'http://couch.school.local:5984',
    );
    expect(schoolServerOrigin(' https://couch.example.org ')).toBe('https://couch.example.org');
    expect(schoolServerOrigin(undefined)).toBeNull();
    expect(schoolServerOrigin('  ')).toBeNull();
    expect(() => schoolServerOrigin('couch.school.local:5984; script-src *')).toThrow(
      /http:\/\/ or https:\/\//,
    );
    expect(() => schoolServerOrigin('not an address')).toThrow(/not a web address/);
    expect(() => schoolServerOrigin('ftp://files.school.local')).toThrow(/http:\/\/ or https:\/\//);
    const policy = contentSecurityPolicy({ schoolServer: 'http://couch.local:5984/a;b' });
    expect(directives(policy).get('connect-src')).toEqual(["'self'", 'http://couch.local:5984']);
  });

  it('writes exactly one <meta> into the page, after its charset, replacing any there', () => {
    const page = readFileSync('index.html', 'utf8');
    const once = withCspMeta(page, contentSecurityPolicy());
    const twice = withCspMeta(once, contentSecurityPolicy({ schoolServer: 'http://127.0.0.1:5984' }));
    const metas = twice.match(/http-equiv="Content-Security-Policy"/g) ?? [];
    expect(metas).toHaveLength(1);
    expect(twice).toContain("connect-src 'self' http://127.0.0.1:5984;");
    expect(twice.indexOf('charset')).toBeLessThan(twice.indexOf('Content-Security-Policy'));
    expect(twice.indexOf('Content-Security-Policy')).toBeLessThan(twice.indexOf('<script'));
    expect(() => withCspMeta('<p>no head</p>', 'x')).toThrow(/no <head>/);
  });

  it('tells the page the school server in /attune-config.json', () => {
    expect(JSON.parse(attuneConfigJson('http://127.0.0.1:5984'))).toEqual({
      schoolServer: 'http://127.0.0.1:5984',
    });
    expect(JSON.parse(attuneConfigJson(null))).toEqual({ schoolServer: null });
  });

  it('adds the database and the CouchDB user the PCs sign in as, when they are given', () => {
    const env = {
      ATTUNE_SCHOOL_SERVER: 'http://10.0.0.5:5984/oakfield',
      ATTUNE_SCHOOL_USER: 'attune',
      ATTUNE_SCHOOL_PASSWORD: 's3cret',
    };
    expect(JSON.parse(attuneConfigJson('http://10.0.0.5:5984', env))).toEqual({
      schoolServer: 'http://10.0.0.5:5984',
      schoolDatabase: 'oakfield',
      schoolUser: 'attune',
      schoolPassword: 's3cret',
    });
    const named = { ATTUNE_SCHOOL_SERVER: 'http://10.0.0.5:5984', ATTUNE_SCHOOL_DATABASE: 'school' };
    expect(JSON.parse(attuneConfigJson('http://10.0.0.5:5984', named))).toEqual({
      schoolServer: 'http://10.0.0.5:5984',
      schoolDatabase: 'school',
    });
    expect(JSON.parse(attuneConfigJson(null, env))).toEqual({ schoolServer: null });
  });
});
