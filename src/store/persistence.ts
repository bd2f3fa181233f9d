/**
 * Whether the browser keeps Attune's data for good. Without persistent storage a browser may clear a site's
 * data when the disk runs low (Chrome and Edge evict the least used sites first), and nothing warns anyone.
 * `navigator.storage.persist()` asks for it: Chrome and Edge decide by themselves (an installed app or a site
 * used often gets it), Firefox asks the person at the computer.
 */

export interface StorageState {
  /** True: kept until someone deletes it; false: the browser may clear it; null: this browser cannot say. */
  persisted: boolean | null;
  /** Bytes used and available to Attune, where the browser says. */
  usage: number | null;
  quota: number | null;
}

function manager(): StorageManager | null {
  return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : null;
}

/** What the browser says now, without asking for anything. */
export async function storageState(): Promise<StorageState> {
  const storage = manager();
  if (!storage) return { persisted: null, usage: null, quota: null };
  const persisted =
    typeof storage.persisted === 'function' ? await storage.persisted().catch(() => null) : null;
  const estimate = typeof storage.estimate === 'function' ? await storage.estimate().catch(() => null) : null;
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/**
 * Asks for persistent storage unless it is granted already; says what the browser then says. Asked when there
 * is something to keep and staff are at the computer: when a session starts and when review opens (a browser
 * that asks the person shows its question then, not to a learner at the board on the page's first load).
 */
export async function askToPersist(): Promise<StorageState> {
  const storage = manager();
  const now = await storageState();
  if (now.persisted === false && storage && typeof storage.persist === 'function') {
    const granted = await storage.persist().catch(() => false);
    return { ...now, persisted: granted };
  }
  return now;
}
