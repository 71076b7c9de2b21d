import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFileAtomic, writeFileAtomic } from './atomic-write';
import type { ObjectStore, PutOptions, StoredObject } from './object-store';
import { removeKeys } from './remove-keys';
import { resolveKey } from './safe-key';

/** Temporary siblings of files being written (see atomic-write): never listed as objects. */
const TEMPORARY_NAME = /\.tmp-[0-9a-f]{12}$/;

/** An object store in a local folder: the embedded default, when every worker runs on one machine. */
export class LocalObjectStore implements ObjectStore {
  readonly root: string;
  readonly uri: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.uri = pathToFileURL(this.root).href;
  }

  locate(key: string): string {
    return resolveKey(this.root, key);
  }

  /** Durable and atomic (temp file, fsync, rename; a hard link when `ifAbsent`). */
  async put(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<boolean> {
    const file = resolveKey(this.root, key);
    if (options.ifAbsent) return createFileAtomic(file, bytes);
    await writeFileAtomic(file, bytes);
    return true;
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(resolveKey(this.root, key));
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') return undefined;
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<number> {
    return removeKeys(this.root, keys);
  }

  async deletePrefix(prefix: string): Promise<number> {
    const objects = await this.list(prefix);
    return this.delete(objects.map((object) => object.key));
  }

  async list(prefix: string): Promise<StoredObject[]> {
    // The deepest folder the prefix names fully; entries below it are filtered by the whole prefix.
    const folderPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const folder = folderPart ? resolveKey(this.root, folderPart) : this.root;
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    const objects: StoredObject[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || TEMPORARY_NAME.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const key = path.relative(this.root, file).split(path.sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const info = await stat(file).catch(() => undefined);
      if (info) objects.push({ key, size: info.size, modifiedMs: info.mtimeMs });
    }
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
