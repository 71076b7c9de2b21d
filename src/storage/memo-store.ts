import { createHash } from 'node:crypto';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';

/** How many writes pass between two prunes: a listing of the memo now and then, not on every write. */
const WRITES_PER_PRUNE = 50;

/**
 * A bounded, persistent memo of JSON values (analyses, judgements) keyed by content, as objects
 * `memo/<sha256>.json` in the object store: shared by every run and every worker that sees the store (a
 * second worker finds the first one's answers) and surviving restarts, so the same image is never paid for
 * twice.
 *
 * Bounded the same way on every store: every {@link WRITES_PER_PRUNE} writes a worker lists the memo and
 * deletes the least recently written entries beyond `maxEntries` (on S3 that is one `ListObjectsV2` page per
 * 1 000 entries). On a bucket shared by many workers, a lifecycle rule expiring `memo/` after some days is
 * a fine extra bound; a memo entry that is gone is only a miss.
 *
 * The first answer stored for a key wins (a conditional write): two workers that analysed the same image
 * at once keep one answer, so every later run sees the same judgement.
 */
export class MemoStore {
  private writesSincePrune = 0;
  private readonly store: ObjectStore;
  private readonly prefix: string;

  /**
   * @param store the object store (a folder path is a local folder holding the entries directly)
   * @param maxEntries how many entries to keep
   */
  constructor(
    store: ObjectStore | string,
    private readonly maxEntries = 5_000,
  ) {
    this.store = typeof store === 'string' ? new LocalObjectStore(store) : store;
    this.prefix = typeof store === 'string' ? '' : 'memo/';
  }

  /** The memo key for a content hash, a model and a prompt version. */
  static key(...parts: string[]): string {
    return createHash('sha256').update(parts.join('\u0000')).digest('hex');
  }

  /** The stored value, or undefined. A corrupt entry counts as missing; a store that fails throws. */
  async get<T>(key: string): Promise<T | undefined> {
    const bytes = await this.store.get(this.objectKey(key));
    if (!bytes) return undefined;
    try {
      return JSON.parse(bytes.toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** Stores a value, unless an answer for the key is already there (see the class comment). */
  async set(key: string, value: unknown): Promise<void> {
    const objectKey = this.objectKey(key);
    const bytes = Buffer.from(JSON.stringify(value));
    const created = await this.store.put(objectKey, bytes, {
      ifAbsent: true,
      contentType: 'application/json',
    });
    // An entry that is there but corrupt (an older crash) would shadow the answer forever: replace it.
    if (!created && (await this.get(key)) === undefined) {
      await this.store.put(objectKey, bytes, { contentType: 'application/json' });
    }
    this.writesSincePrune += 1;
    if (this.writesSincePrune >= WRITES_PER_PRUNE) {
      this.writesSincePrune = 0;
      await this.prune();
    }
  }

  /** Deletes the least recently written entries beyond `maxEntries`. */
  async prune(): Promise<void> {
    const entries = (await this.store.list(this.prefix)).filter(
      (entry) => entry.key.endsWith('.json') && !entry.key.slice(this.prefix.length).includes('/'),
    );
    if (entries.length <= this.maxEntries) return;
    entries.sort((a, b) => a.modifiedMs - b.modifiedMs);
    await this.store.delete(entries.slice(0, entries.length - this.maxEntries).map((entry) => entry.key));
  }

  private objectKey(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`memo key must be a sha256 hex string, got '${key}'`);
    return `${this.prefix}${key}.json`;
  }
}
