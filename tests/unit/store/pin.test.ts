import { describe, expect, it } from 'vitest';
import { derivePinHash, makePinRecord, PIN_ITERATIONS, pinMatches } from '../../../src/store/pin.ts';

// Node 20 has the same WebCrypto as the browser, so the hashing is tested here; the IndexedDB part is tested in
// the browser (tests/browser/pin.test.ts).
describe('the stored form of a staff PIN', () => {
  it('is PBKDF2-SHA-256 with a random 16-byte salt and a 32-byte hash, and no PIN in it', async () => {
    const record = await makePinRecord('739154', 1, 1000);
    expect(record.algorithm).toBe('PBKDF2-SHA-256');
    expect(record.salt).toBeInstanceOf(Uint8Array);
    expect(record.salt.length).toBe(16);
    expect(record.hash.length).toBe(32);
    expect(JSON.stringify({ ...record, salt: [...record.salt], hash: [...record.hash] })).not.toContain(
      '739154',
    );
    const other = await makePinRecord('739154', 1, 1000);
    expect([...other.salt]).not.toEqual([...record.salt]);
    expect([...other.hash]).not.toEqual([...record.hash]);
  });

  it('matches the right PIN only', async () => {
    const record = await makePinRecord('2580', 1, 1000);
    expect(await pinMatches(record, '2580')).toBe(true);
    expect(await pinMatches(record, '2581')).toBe(false);
    expect(await pinMatches(record, '02580')).toBe(false);
    expect(await pinMatches(record, '')).toBe(false);
  });

  it('is standard PBKDF2-HMAC-SHA-256 (a widely published test vector)', async () => {
    // Password "password", salt "salt", 1 iteration, 32 bytes: the SHA-256 counterpart of RFC 6070's first case.
    const hash = await derivePinHash('password', new TextEncoder().encode('salt'), 1);
    expect(Buffer.from(hash).toString('hex')).toBe(
      '120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b',
    );
  });

  it('uses at least 200,000 iterations by default', async () => {
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(200_000);
    const started = performance.now();
    const record = await makePinRecord('739154', 1);
    console.log(`PBKDF2 at ${record.iterations} iterations: ${Math.round(performance.now() - started)} ms`);
    expect(record.iterations).toBe(PIN_ITERATIONS);
  });

  it('refuses to store anything but 4 to 12 digits', async () => {
    await expect(makePinRecord('123', 1, 1000)).rejects.toThrow(/4 to 12 digits/);
    await expect(makePinRecord('12ab', 1, 1000)).rejects.toThrow(/4 to 12 digits/);
  });
});
