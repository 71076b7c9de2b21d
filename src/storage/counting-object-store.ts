import type { ObjectStore, PutOptions, StoredObject } from './object-store';

/** What went through an object store: calls by kind, and bytes each way. */
export interface StoreTraffic {
  /** `get` calls. */
  reads: number;
  /** `put` calls. */
  writes: number;
  /** `list` calls (a `deletePrefix` lists too, counted there). */
  lists: number;
  /** `delete` and `deletePrefix` calls. */
  deletes: number;
  bytesRead: number;
  bytesWritten: number;
}

/** A zeroed {@link StoreTraffic}. */
export function noTraffic(): StoreTraffic {
  return { reads: 0, writes: 0, lists: 0, deletes: 0, bytesRead: 0, bytesWritten: 0 };
}

/**
 * An object store that counts the round trips and bytes of another (for the bench's store figure, and for
 * tests that want to see how a run uses its store); everything else passes through unchanged.
 */
export class CountingObjectStore implements ObjectStore {
  traffic: StoreTraffic = noTraffic();

  constructor(private readonly inner: ObjectStore) {}

  get uri(): string {
    return this.inner.uri;
  }

  locate(key: string): string {
    return this.inner.locate(key);
  }

  async put(key: string, bytes: Uint8Array, options?: PutOptions): Promise<boolean> {
    this.traffic.writes += 1;
    this.traffic.bytesWritten += bytes.length;
    return this.inner.put(key, bytes, options);
  }

  async get(key: string): Promise<Buffer | undefined> {
    this.traffic.reads += 1;
    const bytes = await this.inner.get(key);
    this.traffic.bytesRead += bytes?.length ?? 0;
    return bytes;
  }

  async delete(keys: readonly string[]): Promise<number> {
    this.traffic.deletes += 1;
    return this.inner.delete(keys);
  }

  async deletePrefix(prefix: string): Promise<number> {
    this.traffic.deletes += 1;
    return this.inner.deletePrefix(prefix);
  }

  async list(prefix: string): Promise<StoredObject[]> {
    this.traffic.lists += 1;
    return this.inner.list(prefix);
  }

  /** Returns the traffic so far and starts counting from zero. */
  take(): StoreTraffic {
    const taken = this.traffic;
    this.traffic = noTraffic();
    return taken;
  }
}
