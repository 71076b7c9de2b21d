import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { brandGuideSchema, type BrandGuide } from '../shared/brand-guide';
import { nonRetryable } from '../shared/failures';

/**
 * Brand guides from a folder of `<id>.json` files, validated against the schema and cached in a bounded
 * LRU + TTL cache (100 entries, 1 hour by default), so a worker reads each guide once an hour at most.
 */
export class BrandGuides {
  private readonly cache: LRUCache<string, BrandGuide>;

  /**
   * `maxEntries` and `ttlMs` bound the cache (both must be positive and finite: the cache is never
   * unbounded); `now` replaces the clock in tests. Throws a `RangeError` for any other bound.
   */
  constructor(
    private readonly folder: string,
    options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
  ) {
    const { maxEntries = 100, ttlMs = 3_600_000, now } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    if (!Number.isFinite(ttlMs) || ttlMs <= 0)
      throw new RangeError(`ttlMs must be a positive, finite number of milliseconds, got ${ttlMs}`);
    // ttlResolution 0: read the clock on every lookup (the default caches it for a millisecond).
    this.cache = new LRUCache({
      max: maxEntries,
      ttl: ttlMs,
      ttlResolution: 0,
      ...(now ? { perf: { now } } : {}),
    });
  }

  /** The ids of the guides in the folder. */
  async list(): Promise<string[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort();
  }

  /**
   * Loads a guide by id. Throws `InvalidInput` listing the known brands for an unknown id, and naming the
   * file and the field for a guide that does not match the schema.
   */
  async get(id: string): Promise<BrandGuide> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const known = await this.list();
    if (!known.includes(id)) {
      throw nonRetryable(
        'InvalidInput',
        `unknown brand '${id}'; known brands: ${known.join(', ') || '(none)'}`,
        {
          field: 'brand',
          value: id,
          known,
        },
      );
    }
    const file = path.join(this.folder, `${id}.json`);
    const parsed = brandGuideSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw nonRetryable('InvalidInput', `brand guide ${file} is invalid: ${problems}`, {
        field: 'brand',
        value: id,
      });
    }
    this.cache.set(id, parsed.data);
    return parsed.data;
  }
}
