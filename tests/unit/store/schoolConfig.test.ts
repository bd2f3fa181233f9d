import { describe, expect, it } from 'vitest';
import { parseSchoolConfig } from '../../../src/store/schoolConfig.ts';

describe('the school server’s config as the page reads it', () => {
  it('is off when no school server is set', () => {
    expect(parseSchoolConfig({ schoolServer: null })).toBeNull();
    expect(parseSchoolConfig({})).toBeNull();
    expect(parseSchoolConfig(null)).toBeNull();
  });

  it('takes the origin, the database (attune unless named) and the credentials', () => {
    expect(parseSchoolConfig({ schoolServer: 'http://127.0.0.1:5984' })).toEqual({
      origin: 'http://127.0.0.1:5984',
      database: 'attune',
      username: null,
      password: null,
    });
    expect(
      parseSchoolConfig({
        schoolServer: 'https://couch.school.example:6984/',
        schoolDatabase: 'oakfield',
        schoolUser: 'attune',
        schoolPassword: 'pw',
      }),
    ).toEqual({
      origin: 'https://couch.school.example:6984',
      database: 'oakfield',
      username: 'attune',
      password: 'pw',
    });
  });

  it('refuses what is not an http(s) address or a CouchDB database name', () => {
    expect(parseSchoolConfig({ schoolServer: 'ftp://10.0.0.5' })).toBeNull();
    expect(parseSchoolConfig({ schoolServer: 'not an address' })).toBeNull();
    expect(
      parseSchoolConfig({ schoolServer: 'http://10.0.0.5:5984', schoolDatabase: '../_users' }),
    ).toBeNull();
    expect(parseSchoolConfig({ schoolServer: 'http://10.0.0.5:5984', schoolDatabase: 'Attune' })).toBeNull();
  });
});
