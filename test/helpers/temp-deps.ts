import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ActivityDeps } from '../../src/activities';
import { BrandGuides } from '../../src/brand/brand-guides';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { MemoStore } from '../../src/storage/memo-store';
import { LocalPublisher } from '../../src/storage/publisher';
import { BRANDS_DIR } from '../../src/worker-deps';

/** Real dependencies over fresh temp folders: the local model, blob store, output folder and memo. */
export async function tempDeps(): Promise<
  ActivityDeps & { dataDir: string; outputDir: string; memoDir: string; dispose(): Promise<void> }
> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-test-'));
  const dataDir = path.join(root, 'blobs');
  const outputDir = path.join(root, 'output');
  const memoDir = path.join(root, 'memo');
  const publisher = new LocalPublisher(outputDir);
  return {
    model: new LocalDirectorModel(),
    blobs: new LocalBlobStore(dataDir),
    publisher,
    brands: new BrandGuides(BRANDS_DIR),
    memo: new MemoStore(memoDir),
    // The data folder as the whole store (catalog records, ledger), the output folder as the collection.
    objects: new LocalObjectStore(dataDir),
    outputs: { store: publisher.store, prefix: '' },
    dataDir,
    outputDir,
    memoDir,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
