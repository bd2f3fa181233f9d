/**
 * The part of PouchDB's API that Attune uses, typed here rather than through @types/pouchdb-browser: those
 * types declare a global `Buffer` of their own that breaks Node's in the tests and scripts compiled with the app.
 * Checked against pouchdb-browser 9's documented API (allDocs, bulkDocs, get, put, sync with live and retry).
 */
declare module 'pouchdb-browser' {
  namespace PouchDB {
    interface Doc {
      _id: string;
      _rev?: string;
    }

    interface Error {
      status?: number;
      name?: string;
      message?: string;
      reason?: string;
      error?: boolean | string;
    }

    interface Response {
      ok: true;
      id: string;
      rev: string;
    }

    interface AllDocsOptions {
      include_docs?: boolean;
      startkey?: string;
      endkey?: string;
      keys?: string[];
    }

    interface AllDocsRow<T> {
      id: string;
      key: string;
      value: { rev: string; deleted?: boolean };
      doc?: (T & Doc) | null;
      error?: string;
    }

    interface AllDocsResult<T> {
      total_rows: number;
      rows: AllDocsRow<T>[];
    }

    interface SyncOptions {
      live?: boolean;
      retry?: boolean;
      batch_size?: number;
      back_off_function?: (delayMs: number) => number;
    }

    interface SyncChange<T> {
      direction: 'push' | 'pull';
      change: { docs: (T & Doc)[]; docs_written: number; last_seq?: number | string };
    }

    interface Sync<T> {
      on(event: 'change', fn: (info: SyncChange<T>) => void): this;
      on(event: 'paused', fn: (error?: unknown) => void): this;
      on(event: 'active', fn: () => void): this;
      on(event: 'denied' | 'error', fn: (error: unknown) => void): this;
      on(event: 'complete', fn: (info: unknown) => void): this;
      cancel(): void;
    }

    interface DatabaseOptions {
      auto_compaction?: boolean;
      auth?: { username: string; password: string };
      skip_setup?: boolean;
    }

    interface Database<T extends object> {
      get(id: string): Promise<T & Doc>;
      put(doc: T & Doc): Promise<Response>;
      bulkDocs(docs: (T & Doc)[]): Promise<(Response | Error)[]>;
      allDocs(options?: AllDocsOptions): Promise<AllDocsResult<T>>;
      sync(remote: Database<T> | string, options?: SyncOptions): Sync<T>;
      close(): Promise<void>;
      destroy(): Promise<void>;
    }
  }

  interface PouchDBConstructor {
    new <T extends object>(name: string, options?: PouchDB.DatabaseOptions): PouchDB.Database<T>;
  }

  const PouchDB: PouchDBConstructor;
  export default PouchDB;
}
