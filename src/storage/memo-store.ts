import { createHash } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write';

/**
 * A bounded, persistent memo of JSON values (analyses, judgements) keyed by content: shared by every run
 * of a worker and surviving its restart, so the same image is never paid for twice. Holds at most
 * `maxEntries` files; the least recently written go first.
 */
export class MemoStore {
  private writesSincePrune = 0;

  constructor(
    private readonly folder: string,
    private readonly maxEntries = 5_000,
  ) {}

  /** The memo key for a content hash, a model and a prompt version. */
  static key(...parts: string[]): string {
    return createHash('sha256').update(parts.join('\u0000')).digest('hex');
  }

  /** The stored value, or undefined. A corrupt entry counts as missing. */
  async get<T>(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file(key), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** Stores a value atomically. */
  async set(key: string, value: unknown): Promise<void> {
    await writeFileAtomic(this.file(key), Buffer.from(JSON.stringify(value)));
    this.writesSincePrune += 1;
    if (this.writesSincePrune >= 50) {
      this.writesSincePrune = 0;
      await this.prune();
    }
  }

  /** Deletes the oldest entries beyond `maxEntries`. */
  async prune(): Promise<void> {
    const names = (await readdir(this.folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    if (names.length <= this.maxEntries) return;
    const dated = await Promise.all(
      names.map(async (name) => ({ name, mtime: (await stat(path.join(this.folder, name))).mtimeMs })),
    );
    dated.sort((a, b) => a.mtime - b.mtime);
    for (const { name } of dated.slice(0, dated.length - this.maxEntries)) {
      await unlink(path.join(this.folder, name)).catch(() => undefined);
    }
  }

  private file(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`memo key must be a sha256 hex string, got '${key}'`);
    return path.join(this.folder, `${key}.json`);
  }
}
