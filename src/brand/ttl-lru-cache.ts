/**
 * A bounded cache: at most `maxEntries` values, each kept at most `ttlMs`. The least recently used entry
 * goes first when full; an expired entry is never returned. `now` is injectable for tests. Throws a
 * `RangeError` for a size that is not a positive integer or a time to live that is not a positive finite
 * number.
 */
export class TtlLruCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    // An infinite time to live is an unbounded cache in time: refused like an unbounded size.
    if (!(ttlMs > 0 && Number.isFinite(ttlMs)))
      throw new RangeError(`ttlMs must be a positive finite number, got ${ttlMs}`);
  }

  /** The value for `key` if present and fresh; marks it most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Number of entries held (expired ones included until touched). */
  get size(): number {
    return this.entries.size;
  }
}
