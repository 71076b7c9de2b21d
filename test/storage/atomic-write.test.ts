import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import {
  STALE_TEMPORARY_MS,
  sweepInterruptedWrites,
  sweepTemporaryFiles,
  writeFileAtomic,
} from '../../src/storage/atomic-write';
import { listFilesUnder } from '../helpers/files';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'director-atomic-'));
});
after(() => rm(root, { recursive: true, force: true }));

/** The prototype every `FileHandle` shares, so its `sync` can be watched. */
async function fileHandlePrototype(): Promise<{ sync: () => Promise<void> }> {
  const probe = await open(path.join(root, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  return prototype;
}

describe('atomic writes', () => {
  it('flushes the bytes to disk before the rename, and the folder after it', async () => {
    const file = path.join(root, 'runs', 'one', 'image.png');
    const prototype = await fileHandlePrototype();
    const original = prototype.sync;
    const seen: { realNameExists: boolean }[] = [];
    const spy = mock.method(prototype, 'sync', function (this: unknown) {
      // The bytes must be on disk while they are still under the temporary name.
      seen.push({ realNameExists: existsSync(file) });
      return original.call(this);
    });
    try {
      await writeFileAtomic(file, Buffer.from('whole image'));
    } finally {
      spy.mock.restore();
    }
    assert.equal(seen.length, 2, 'the file, then its folder, are synced');
    assert.deepEqual(seen, [{ realNameExists: false }, { realNameExists: true }]);
    assert.equal(await readFile(file, 'utf8'), 'whole image');
    assert.deepEqual(await listFilesUnder(path.dirname(file)), [file], 'no temporary file is left');
  });

  it('sweeps temporary files that interrupted writes left, never a write still in progress', async () => {
    const folder = path.join(root, 'sweep', 'runs', 'r1');
    await mkdir(folder, { recursive: true });
    const stale = path.join(folder, 'image.png.tmp-0123456789ab');
    const fresh = path.join(folder, 'other.png.tmp-ba9876543210');
    const kept = path.join(folder, 'image.png');
    for (const file of [stale, fresh, kept]) await writeFile(file, 'x');
    const longAgo = new Date(Date.now() - STALE_TEMPORARY_MS - 60_000);
    await utimes(stale, longAgo, longAgo);
    await utimes(kept, longAgo, longAgo);
    assert.deepEqual(await sweepTemporaryFiles(path.join(root, 'sweep'), STALE_TEMPORARY_MS), [stale]);
    assert.deepEqual((await listFilesUnder(folder)).sort(), [kept, fresh].sort());
    await utimes(fresh, longAgo, longAgo);
    assert.equal(await sweepInterruptedWrites([path.join(root, 'sweep'), path.join(root, 'missing')]), 1);
    assert.deepEqual(await listFilesUnder(folder), [kept]);
  });
});
