import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ActivityDeps } from '../../src/activities';
import { LocalCreativeModel } from '../../src/model/local/local-model';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { LocalPublisher } from '../../src/storage/publisher';

/** Real dependencies over fresh temp folders: the local model, a blob store and an output folder. */
export async function tempDeps(): Promise<ActivityDeps & { dataDir: string; outputDir: string; dispose(): Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-test-'));
  const dataDir = path.join(root, 'blobs');
  const outputDir = path.join(root, 'output');
  return {
    model: new LocalCreativeModel(),
    blobs: new LocalBlobStore(dataDir),
    publisher: new LocalPublisher(outputDir),
    dataDir,
    outputDir,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

