import { createHash } from 'node:crypto';
import type { ImageData } from '../model/creative-model';
import type { ObjectStore } from './object-store';

/** How large and how old the stage cache may grow. */
export interface StageCacheBounds {
  /** Most entries kept (and, separately, most cached images); the least recently written go first. */
  maxEntries: number;
  /** An entry older than this is a miss and is pruned. */
  maxAgeMs: number;
}

/**
 * The bounds when the configuration names none: 1 000 entries (and as many cached images, which are the
 * bulk of the cache: a generated image is a few hundred KB to a few MB), 30 days.
 */
export const STAGE_CACHE_DEFAULTS: StageCacheBounds = { maxEntries: 1_000, maxAgeMs: 30 * 24 * 3600_000 };

/** Where the cache lives in the object store. */
export const STAGE_CACHE_PREFIX = { entries: 'cache/stages/', images: 'cache/images/' } as const;

/** A cached image: its bytes are kept under `cache/images/<sha256>`, the entry holds the rest. */
interface ImageEntry {
  sha256: string;
  mimeType: string;
  width: number;
  height: number;
}

interface Entry {
  stage: string;
  /** ms since the epoch, when the entry was written. */
  storedAt: number;
  value: unknown;
}

/**
 * The durable stage cache: a stage's result under a key over the stage, its code version, the model and
 * the content of its inputs (see `stageKey`), as objects `cache/stages/<key>.json` in the object store, and
 * generated images content-addressed under `cache/images/<sha256>`. In the store, it is shared by every
 * worker that sees the store and survives restarts.
 *
 * Bounded by entries and by age: an entry older than `maxAgeMs` is a miss (and deleted); every few writes
 * a worker lists the cache and deletes what is too old and the least recently written entries (and images)
 * beyond `maxEntries`. An entry or image that is gone, damaged or expired is only a miss: the stage runs
 * and writes it again. A run never owns cache objects: it copies a cached image into its own key, so a
 * run's undo and cleanup never reach the cache.
 */
export class StageCache {
  private writesSincePrune = 0;
  private readonly writesPerPrune: number;

  /**
   * @param store the object store (local folder or bucket)
   * @param bounds entries and age kept
   * @param now the clock, ms since the epoch (tests move it)
   */
  constructor(
    private readonly store: ObjectStore,
    readonly bounds: StageCacheBounds = STAGE_CACHE_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {
    // Pruned at least once per `maxEntries` writes, so the cache never holds more than twice its bound.
    this.writesPerPrune = Math.max(1, Math.min(50, bounds.maxEntries));
  }

  /** The cached value for `key`, or undefined (missing, damaged or expired). A store that fails throws. */
  async get(key: string): Promise<unknown> {
    const objectKey = this.entryKey(key);
    const bytes = await this.store.get(objectKey);
    if (!bytes) return undefined;
    const entry = parseEntry(bytes);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt > this.bounds.maxAgeMs) {
      await this.store.delete([objectKey]);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a stage's result (the latest write wins: an expired or damaged entry is replaced). */
  async set(key: string, stage: string, value: unknown): Promise<void> {
    const entry: Entry = { stage, storedAt: this.now(), value };
    await this.store.put(this.entryKey(key), Buffer.from(JSON.stringify(entry)), {
      contentType: 'application/json',
    });
    await this.counted();
  }

  /** The image cached under `key`, or undefined; its bytes are checked against their hash. */
  async getImage(key: string): Promise<ImageData | undefined> {
    const entry = (await this.get(key)) as ImageEntry | undefined;
    if (!entry || typeof entry.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) return undefined;
    const bytes = await this.store.get(`${STAGE_CACHE_PREFIX.images}${entry.sha256}`);
    if (!bytes || sha256(bytes) !== entry.sha256) return undefined;
    return { bytes, mimeType: entry.mimeType, width: entry.width, height: entry.height };
  }

  /** Caches a generated image: its bytes under their hash (rewritten, so they live as long as the entry), then the entry. */
  async setImage(key: string, stage: string, image: ImageData): Promise<void> {
    const hash = sha256(image.bytes);
    await this.store.put(`${STAGE_CACHE_PREFIX.images}${hash}`, image.bytes, { contentType: image.mimeType });
    const entry: ImageEntry = {
      sha256: hash,
      mimeType: image.mimeType,
      width: image.width,
      height: image.height,
    };
    await this.set(key, stage, entry);
  }

  /**
   * Deletes entries and images older than `maxAgeMs`, then the least recently written beyond `maxEntries`
   * (entries and images each). Returns how many objects it deleted. Idempotent.
   */
  async prune(): Promise<number> {
    let deleted = 0;
    for (const prefix of Object.values(STAGE_CACHE_PREFIX)) {
      const objects = await this.store.list(prefix);
      const oldest = this.now() - this.bounds.maxAgeMs;
      const expired = objects.filter((o) => o.modifiedMs < oldest);
      const fresh = objects.filter((o) => o.modifiedMs >= oldest).sort((a, b) => a.modifiedMs - b.modifiedMs);
      const beyond = fresh.slice(0, Math.max(0, fresh.length - this.bounds.maxEntries));
      const doomed = [...expired, ...beyond].map((o) => o.key);
      if (doomed.length > 0) deleted += await this.store.delete(doomed);
    }
    return deleted;
  }

  private async counted(): Promise<void> {
    this.writesSincePrune += 1;
    if (this.writesSincePrune < this.writesPerPrune) return;
    this.writesSincePrune = 0;
    await this.prune();
  }

  private entryKey(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key))
      throw new Error(`stage cache key must be a sha256 hex string, got '${key}'`);
    return `${STAGE_CACHE_PREFIX.entries}${key}.json`;
  }
}

function parseEntry(bytes: Buffer): Entry | undefined {
  try {
    const entry = JSON.parse(bytes.toString('utf8')) as Partial<Entry>;
    return typeof entry.storedAt === 'number' && 'value' in entry ? (entry as Entry) : undefined;
  } catch {
    return undefined;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
