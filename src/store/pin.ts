import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import {
  type AttemptState,
  afterFailure,
  constantTimeEqual,
  noAttempts,
  PIN_MAX_DIGITS,
  PIN_MIN_DIGITS,
  waitMs,
} from '../core/pinPolicy.ts';

/**
 * The staff PIN of this device: a salted PBKDF2-SHA-256 hash in IndexedDB, never the PIN itself.
 *
 * It lives in a database of its own ('attune-staff') rather than as a store in the log's database:
 * - it is a setting of the device, not learner data, so import, export and erase of the log can never touch it
 *   and clearing the log does not unlock review;
 * - the log's schema is being extended by other work (new stores through DB_VERSION steps); a separate
 *   database needs no coordination of version numbers and no upgrade of the log to add a PIN;
 * - the panel can ask for the PIN without opening the log.
 *
 * What it protects against: a learner, a visitor or another class using the PC's browser. A person with the
 * browser's developer tools can read the hash and try every 4-digit PIN offline; the iteration count makes each
 * guess cost a fraction of a second, which is why a longer PIN is worth suggesting.
 */

export const PIN_DB_NAME = 'attune-staff';
const PIN_DB_VERSION = 1;
const KEY = 'staff';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256; about a third of a second per try on a school PC. */
export const PIN_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

export interface PinRecord {
  algorithm: 'PBKDF2-SHA-256';
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
  /** Epoch ms. */
  setAt: number;
}

interface StaffDb extends DBSchema {
  pin: { key: string; value: PinRecord };
  attempts: { key: string; value: AttemptState };
}

const encoder = new TextEncoder();

export async function derivePinHash(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    // A copy so the salt is a plain ArrayBuffer-backed view, whatever the caller passed.
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

export async function makePinRecord(
  pin: string,
  setAt: number,
  iterations = PIN_ITERATIONS,
): Promise<PinRecord> {
  if (!/^[0-9]+$/.test(pin) || pin.length < PIN_MIN_DIGITS || pin.length > PIN_MAX_DIGITS) {
    // The dialog checks the policy with a message; this guards the store against any other caller.
    throw new Error(`A staff PIN is ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits.`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return {
    algorithm: 'PBKDF2-SHA-256',
    iterations,
    salt,
    hash: await derivePinHash(pin, salt, iterations),
    setAt,
  };
}

export async function pinMatches(record: PinRecord, pin: string): Promise<boolean> {
  const hash = await derivePinHash(pin, record.salt, record.iterations);
  return constantTimeEqual(hash, record.hash);
}

export type PinVerdict =
  | { ok: true }
  /** `waitMs` > 0: the next try must wait (after several wrong ones); `checked` false: this one was not tried. */
  | { ok: false; checked: boolean; waitMs: number };

export class PinStore {
  private constructor(private readonly db: IDBPDatabase<StaffDb>) {}

  static async open(name = PIN_DB_NAME): Promise<PinStore> {
    const db = await openDB<StaffDb>(name, PIN_DB_VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('pin');
          db.createObjectStore('attempts');
        }
      },
    });
    return new PinStore(db);
  }

  async hasPin(): Promise<boolean> {
    return (await this.db.get('pin', KEY)) !== undefined;
  }

  /** Sets or replaces the PIN (the caller has checked the policy and, when replacing, the old PIN). */
  async setPin(pin: string, now = Date.now()): Promise<void> {
    const record = await makePinRecord(pin, now);
    const tx = this.db.transaction(['pin', 'attempts'], 'readwrite');
    void tx.objectStore('pin').put(record, KEY);
    void tx.objectStore('attempts').put(noAttempts(), KEY);
    await tx.done;
  }

  async waitMs(now = Date.now()): Promise<number> {
    return waitMs((await this.db.get('attempts', KEY)) ?? noAttempts(), now);
  }

  /**
   * Checks a PIN. Wrong tries are counted on the device (a reload does not reset them), and after a few the
   * next try must wait; a try made during the wait is refused without being checked.
   */
  async verify(pin: string, now = Date.now()): Promise<PinVerdict> {
    const record = await this.db.get('pin', KEY);
    if (!record) return { ok: false, checked: false, waitMs: 0 };
    const attempts = (await this.db.get('attempts', KEY)) ?? noAttempts();
    const wait = waitMs(attempts, now);
    if (wait > 0) return { ok: false, checked: false, waitMs: wait };
    if (await pinMatches(record, pin)) {
      await this.db.put('attempts', noAttempts(), KEY);
      // A record hashed with fewer iterations than today's figure is re-hashed now that the PIN is known.
      if (record.iterations < PIN_ITERATIONS) await this.setPin(pin, record.setAt);
      return { ok: true };
    }
    const next = afterFailure(attempts, now);
    await this.db.put('attempts', next, KEY);
    return { ok: false, checked: true, waitMs: waitMs(next, now) };
  }

  close(): void {
    this.db.close();
  }
}
