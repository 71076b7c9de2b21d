/**
 * A worker process for the catalog crash test: the real Directors' activities over folders under
 * `CATALOG_TEST_ROOT`, the fake catalog activities over the manifest in `manifest.json` there, each batch of
 * records appended to `records.jsonl` (so what was recorded outlives a killed process). Polls
 * `CATALOG_TEST_QUEUE` on the test server until it is killed.
 */
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { BrandGuides } from '../../src/brand/brand-guides';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import type { CatalogLine } from '../../src/shared/catalog';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { MemoStore } from '../../src/storage/memo-store';
import { LocalPublisher } from '../../src/storage/publisher';
import { createQueueWorkers } from '../../src/worker';
import { WORKER_QUEUES } from '../../src/worker-queues';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { BRANDS_DIR } from '../../src/worker-deps';
import { TEST_ENV } from '../helpers/test-server';
import { fakeCatalog } from './fake-catalog';

async function main(): Promise<void> {
  const root = required('CATALOG_TEST_ROOT');
  const lines = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8')) as CatalogLine[];
  const fake = fakeCatalog(lines, (records) =>
    appendFile(path.join(root, 'records.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join('')),
  );
  const deps = {
    model: new LocalDirectorModel(),
    blobs: new LocalBlobStore(path.join(root, 'blobs')),
    publisher: new LocalPublisher(path.join(root, 'output')),
    brands: new BrandGuides(BRANDS_DIR),
    memo: new MemoStore(path.join(root, 'memo')),
  };
  const connection = await NativeConnection.connect({ address: required(TEST_ENV.address) });
  // The model queues too: the Directors schedule their model calls there.
  const worker = await createQueueWorkers({
    connection,
    taskQueue: required('CATALOG_TEST_QUEUE'),
    queues: WORKER_QUEUES,
    quotas: {},
    workflowBundle: await loadWorkflowBundle(required(TEST_ENV.bundle)),
    activities: { ...createActivities(deps), ...fake.activities },
  });
  console.log('catalog worker polling');
  await worker.run();
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
