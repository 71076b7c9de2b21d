/**
 * The catalog commands against a real server, driving a stand-in `catalogDirector` (stand-in/): the real
 * catalog is built elsewhere, so these tests prove what the CLI does with one, not the catalog itself.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type { ListedRun } from '../../src/cli/commands/list';
import { parseManifest } from '../../src/catalog/manifest';
import { loadDirectorConfig } from '../../src/config';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { openObjectStore } from '../../src/storage/open-store';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { drawProduct } from '../helpers/drawn-images';
import { useTemporal } from '../helpers/temporal';
import { startVersityGw, useGatewayCredentials } from '../helpers/versitygw';
import { assertExit, jsonOf, runCli, startCli } from '../cli/cli-process';
import { finishSignal, inputQuery } from './stand-in/catalog-stand-in';

const temporal = useTemporal();
const STAND_IN = path.join(__dirname, 'stand-in', 'catalog-stand-in.ts');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let bundle: WorkflowBundle | undefined;
const folders: string[] = [];

before(async () => {
  const cache = await mkdtemp(path.join(os.tmpdir(), 'director-stand-in-bundle-'));
  folders.push(cache);
  bundle = await loadWorkflowBundle(cache, STAND_IN);
});
after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

/** Runs `body` while a worker with the stand-in catalog polls a task queue of its own. */
async function withStandIn<T>(body: (taskQueue: string) => Promise<T>): Promise<T> {
  if (!bundle) throw new Error('the stand-in bundle was not built');
  const taskQueue = `test-catalog-${randomUUID()}`;
  const worker = await Worker.create({
    connection: temporal().nativeConnection,
    taskQueue,
    workflowBundle: bundle,
  });
  return worker.runUntil(body(taskQueue));
}

/** A user's folder with a photo and a three-line manifest naming it by a relative path, and a store. */
async function userCatalog() {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'director-catalog-control-'));
  folders.push(folder);
  const photo = path.join(folder, 'tote.png');
  await copyFile(await drawProduct('tote'), photo);
  const manifest = path.join(folder, 'spring.csv');
  await writeFile(manifest, 'sku,image\nSKU-1,tote.png\nSKU-2,missing.png\nSKU-3,tote.png\n');
  const dataDir = path.join(folder, 'store');
  return { folder, photo, manifest, dataDir, env: { DIRECTOR_DATA_DIR: dataDir } };
}

describe('catalog commands against a running catalog', () => {
  it('starts on the stored manifest, pauses, resumes, shows its status, and watch follows it across continue-as-new to its files', async () => {
    const { photo, manifest, dataDir, env } = await userCatalog();
    const address = temporal().address;
    const cli = (args: string[]) => runCli(args, { address, env });
    const id = `catalog-spring-${randomUUID()}`;
    await withStandIn(async (taskQueue) => {
      const start = await cli(
        ['run', 'catalog', '--manifest', manifest, '--task-queue', taskQueue, '--id', id, '--detach'].concat([
          '--title',
          'Spring',
          '--window',
          '4',
          '--max-failure-ratio',
          '0.2',
        ]),
      );
      assertExit(start, 0);
      assert.equal(start.stdout.trim(), id);
      assert.match(start.stderr, /warning: spring\.csv line 3 image missing\.png: no such file/);
      const twice = await cli([
        'run',
        'catalog',
        '--manifest',
        manifest,
        '--task-queue',
        taskQueue,
        '--id',
        id,
      ]);
      assertExit(twice, 2);
      assert.match(twice.stderr, /--id catalog-spring-\S+: a run with that id is running \(director watch /);
      const handle = temporal().client.workflow.getHandle(id);
      const input = await handle.query(inputQuery);
      assert.equal(input.title, 'Spring');
      assert.equal(input.window, 4);
      assert.deepEqual(input.failureBudget, { maxFailureRatio: 0.2 });
      assert.match(input.manifest, /^file:\/\/.*\/inputs\/[0-9a-f]{64}\.csv$/);
      const store = new LocalObjectStore(dataDir);
      const stored = (await store.get(input.manifest.replace(`${store.uri}/`, '')))?.toString('utf8') ?? '';
      assert.deepEqual(
        parseManifest(stored, 'csv').map((row) => row.fields.image),
        [photo, path.join(path.dirname(photo), 'missing.png'), photo],
      );
      assert.equal(fileURLToPath(input.manifest).startsWith(dataDir), true);

      const paused = await cli(['pause', id]);
      assertExit(paused, 0);
      assert.match(paused.stdout, /pause sent to .*\nnow paused: no line in flight/);
      assert.match(paused.stdout, /1 done · 1 failed · 0 running · 0 waiting/);
      const status = await cli(['status', id]);
      assertExit(status, 0);
      assert.match(status.stdout, /^catalog\s+catalog-spring-/m);
      assert.match(status.stdout, /"Spring"\s+paused/);
      assert.match(status.stdout, /ETA — \(paused\)/);
      assert.match(status.stdout, /✗ line 3 {2}SKU-2 {2}InvalidLine: image: no such file/);
      const resumed = await cli(['resume', id]);
      assertExit(resumed, 0);
      assert.match(resumed.stdout, /now running: lines start again/);

      const watch = startCli(['watch', id], { address, env });
      await watch.printed(/1 done · 1 failed · 1 running · 0 waiting/);
      await handle.signal(finishSignal); // the stand-in continues as new: same id, a new run
      await watch.printed(/2 done · 1 failed · 0 running/);
      await handle.signal(finishSignal);
      const watched = await watch.result;
      assertExit(watched, 0);
      assert.match(watched.stdout, /catalog "Spring" completed in 2 segments: 2 published/);
      assert.match(
        watched.stdout,
        /results:\n {2}\/store\/catalogs\/x\/results\.csv\n {2}\/store\/catalogs\/x\/results\.jsonl/,
      );
      assert.match(watched.stdout, /report: \/store\/catalogs\/x\/report\.html/);
    });

    // Visibility lags a run by about a second: ask until the catalog shows up (bounded).
    let runs: ListedRun[] = [];
    const latest = () => runs.some((r) => r.workflowId === id && r.status === 'completed');
    for (let attempt = 0; attempt < 30 && !latest(); attempt += 1) {
      if (attempt > 0) await sleep(500);
      const listed = await cli(['list', '--director', 'catalog', '--limit', '100', '--json']);
      assertExit(listed, 0);
      runs = jsonOf<{ runs: ListedRun[] }>(listed).runs;
    }
    const segments = runs.filter((r) => r.workflowId === id);
    assert.equal(segments.length, 1, 'the latest run only, not the segment that continued as new');
    const listed = segments[0];
    assert.equal(listed?.director, 'catalog');
    assert.equal(listed?.percent, 66);
  });

  it("says what a catalog's cancel does, and watch shows the failure with what was undone", async () => {
    const { manifest, env } = await userCatalog();
    const address = temporal().address;
    const cli = (args: string[]) => runCli(args, { address, env });
    const id = `catalog-cancelled-${randomUUID()}`;
    await withStandIn(async (taskQueue) => {
      assertExit(
        await cli([
          'run',
          'catalog',
          '--manifest',
          manifest,
          '--task-queue',
          taskQueue,
          '--id',
          id,
          '--detach',
        ]),
        0,
      );
      const cancel = await cli(['cancel', id, '--reason', 'wrong season']);
      assertExit(cancel, 0);
      assert.match(cancel.stdout, /closes as Failed \(CatalogCancelled\) with the list of what was undone/);
      const watched = await cli(['watch', id]);
      assertExit(watched, 1);
      assert.match(watched.stdout, /Failed: CatalogCancelled: catalog cancelled: wrong season/);
      assert.match(
        watched.stdout,
        /undone: 2 lines, 5 objects removed\n {2}↶ line 2 {2}SKU-1 {2}\(3 objects\)/,
      );
      const status = await cli(['status', id, '--json']);
      assertExit(status, 0);
      const document = jsonOf<{ status: string; outcome: { failure: { type: string } } }>(status);
      assert.equal(document.status, 'failed');
      assert.equal(document.outcome.failure.type, 'CatalogCancelled');
    });
  });

  it('Ctrl-C while following a catalog detaches and says how to come back; the catalog goes on', async () => {
    const { manifest, env } = await userCatalog();
    const address = temporal().address;
    const id = `catalog-detached-${randomUUID()}`;
    await withStandIn(async (taskQueue) => {
      const run = startCli(
        ['run', 'catalog', '--manifest', manifest, '--task-queue', taskQueue, '--id', id],
        {
          address,
          env,
        },
      );
      await run.printed(/1 done · 1 failed · 1 running/);
      run.interrupt();
      const ended = await run.result;
      assertExit(ended, 0);
      assert.match(ended.stdout, new RegExp(`The catalog goes on\\. Follow it again: director watch ${id}`));
      assert.match(ended.stdout, new RegExp(`cancel it \\(undoes every line\\): director cancel ${id}`));
      const handle = temporal().client.workflow.getHandle(id);
      assert.equal((await handle.describe()).status.name, 'RUNNING');
      await handle.terminate('test over');
    });
  });

  it('uploads the images and the manifest to a bucket store and starts the catalog on their s3:// URIs', async () => {
    const { manifest, photo, folder } = await userCatalog();
    const gateway = await startVersityGw('studio');
    try {
      const env = gateway.env('studio', 'linn');
      const id = `catalog-bucket-${randomUUID()}`;
      const input = await withStandIn(async (taskQueue) => {
        const start = await runCli(
          ['run', 'catalog', '--manifest', manifest, '--task-queue', taskQueue, '--id', id, '--detach'],
          { address: temporal().address, env: { ...env, DIRECTOR_STATE_DIR: path.join(folder, 'state') } },
        );
        assertExit(start, 0);
        assert.match(start.stdout, /images: 1 uploaded, 1 already in the store/);
        const handle = temporal().client.workflow.getHandle(id);
        const started = await handle.query(inputQuery);
        await handle.terminate('test over');
        return started;
      });
      assert.match(input.manifest, /^s3:\/\/studio\/linn\/inputs\/[0-9a-f]{64}\.csv$/);
      const restore = useGatewayCredentials(gateway);
      try {
        const store = openObjectStore(
          loadDirectorConfig({ ...env, DIRECTOR_STATE_DIR: path.join(folder, 'state') }),
        );
        const text = (await store.get(input.manifest.slice('s3://studio/linn/'.length)))?.toString('utf8');
        const sha = createHash('sha256')
          .update(await readFile(photo))
          .digest('hex');
        assert.deepEqual(
          parseManifest(text ?? '', 'csv').map((row) => row.fields.image),
          [
            `s3://studio/linn/inputs/${sha}.png`,
            path.join(folder, 'missing.png'),
            `s3://studio/linn/inputs/${sha}.png`,
          ],
        );
      } finally {
        restore();
      }
    } finally {
      await gateway.stop();
    }
  });

  it('refuses to pause or resume a run that is not a catalog', async () => {
    const id = `not-a-catalog-${randomUUID()}`;
    // Nothing polls this queue: the run just waits, which is all `pause` needs to see.
    const handle = await temporal().client.workflow.start('ecommerceDirector', {
      taskQueue: `nobody-${randomUUID()}`,
      workflowId: id,
      args: [{}],
    });
    try {
      const run = await runCli(['pause', id], { address: temporal().address });
      assertExit(run, 2);
      assert.match(run.stderr, /is a ecommerceDirector run: only a catalog can pause/);
    } finally {
      await handle.terminate('test over');
    }
  });
});
