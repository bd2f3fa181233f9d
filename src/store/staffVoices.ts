import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { isVoiceProfile, storedProfileVersion, type VoiceProfile } from '../core/audio/whoseVoice.ts';

/**
 * Staff voices: each practitioner's enrolled voice, under a staff name, kept on this computer.
 *
 * A database of its own ('attune-staff-voices'), like the PIN's, rather than a store of the log's database:
 * - a staff voice belongs to a member of staff, not to a learner, so learner export, import and erase never
 *   touch it, and "Back up everything" (which copies the log's database) cannot carry it;
 * - it is never exported, backed up or replicated: a voiceprint of an adult who did not ask for it to leave
 *   this computer;
 * - the log's schema is extended by other work (DB_VERSION steps); a separate database needs no coordination.
 * No audio is kept: a voice is a VoiceProfile (core/audio/whoseVoice.ts), a few dozen statistics.
 */

export const STAFF_VOICES_DB_NAME = 'attune-staff-voices';
const STAFF_VOICES_DB_VERSION = 1;
/** Who is running sessions on this computer, remembered between sessions (a staff id). */
const CHOSEN_KEY = 'attune.practitioner';

export interface StaffVoice {
  id: string;
  /** How staff know each other: a first name or initials. */
  name: string;
  /** The practitioner's voice (pitch and spectral envelope statistics, never audio). */
  profile: VoiceProfile;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

/** Who ran a session: its vocalisations are attributed again with that member of staff's voice. */
export interface SessionStaff {
  sessionId: string;
  staffId: string;
}

interface StaffVoicesDb extends DBSchema {
  staff: { key: string; value: StaffVoice };
  /** Kept here, not in the session's record: a staff id means nothing on another computer, and never leaves this one. */
  sessions: { key: string; value: SessionStaff };
}

/** What the engine needs of the staff voices (StaffVoices, or one in memory in the unit tests). */
export type StaffVoiceStore = Pick<
  StaffVoices,
  'list' | 'save' | 'erase' | 'ranSession' | 'whoRan' | 'forgetSessionsExcept'
> &
  Partial<Pick<StaffVoices, 'older'>>;

export class StaffVoices {
  private constructor(private readonly db: IDBPDatabase<StaffVoicesDb>) {}

  static async open(name = STAFF_VOICES_DB_NAME): Promise<StaffVoices> {
    const db = await openDB<StaffVoicesDb>(name, STAFF_VOICES_DB_VERSION, {
      upgrade(d) {
        d.createObjectStore('staff', { keyPath: 'id' });
        d.createObjectStore('sessions', { keyPath: 'sessionId' });
      },
    });
    return new StaffVoices(db);
  }

  /** Every staff voice this version can use, by name (one made by another version is left out). */
  async list(): Promise<StaffVoice[]> {
    return (await this.db.getAll('staff'))
      .filter((s) => isVoiceProfile(s.profile))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Staff whose voice an earlier version recorded (whoseVoice.ts FEATURE_VERSION): never compared with today's
   * features, and listed so that the panel can ask them to record it again under the same name.
   */
  async older(): Promise<{ id: string; name: string }[]> {
    return (await this.db.getAll('staff'))
      .filter((s) => storedProfileVersion(s.profile) === 'older')
      .map((s) => ({ id: s.id, name: s.name }));
  }

  async get(id: string): Promise<StaffVoice | null> {
    return (await this.db.get('staff', id)) ?? null;
  }

  /** Saves a voice under a name: a name already here is re-recorded (its id kept), a new one is added. */
  async save(name: string, profile: VoiceProfile): Promise<StaffVoice> {
    const tx = this.db.transaction('staff', 'readwrite');
    const existing = (await tx.store.getAll()).find((s) => sameName(s.name, name));
    const now = Date.now();
    const voice: StaffVoice = existing
      ? { ...existing, profile, updatedAt: now }
      : { id: crypto.randomUUID(), name: name.trim(), profile, createdAt: now, updatedAt: now };
    await tx.store.put(voice);
    await tx.done;
    return voice;
  }

  /** Notes who is running a session. */
  async ranSession(sessionId: string, staffId: string): Promise<void> {
    await this.db.put('sessions', { sessionId, staffId });
  }

  /** Who ran a session, if it was noted here. */
  async whoRan(sessionId: string): Promise<string | null> {
    return (await this.db.get('sessions', sessionId))?.staffId ?? null;
  }

  /** Forgets who ran sessions no longer in the log (an erased learner's): nothing of them is left here. */
  async forgetSessionsExcept(sessionIds: ReadonlySet<string>): Promise<void> {
    const tx = this.db.transaction('sessions', 'readwrite');
    for (const id of await tx.store.getAllKeys()) if (!sessionIds.has(id)) void tx.store.delete(id);
    await tx.done;
  }

  async erase(id: string): Promise<void> {
    await this.db.delete('staff', id);
    if (chosenStaffId() === id) chooseStaff(null);
  }

  close(): void {
    this.db.close();
  }
}

export function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/** The member of staff chosen on this computer last time, or null. */
export function chosenStaffId(): string | null {
  try {
    return localStorage.getItem(CHOSEN_KEY);
  } catch {
    // Storage refused (a locked-down profile): nobody is remembered, and staff choose each time.
    return null;
  }
}

export function chooseStaff(id: string | null): void {
  try {
    if (id === null) localStorage.removeItem(CHOSEN_KEY);
    else localStorage.setItem(CHOSEN_KEY, id);
  } catch {
    // As above: the choice holds for this page only.
  }
}
