import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDirectorConfig } from '../../src/config';
import type { CreativeInput, CreativeResult } from '../../src/shared/creative-input';
import { runKeyOf } from '../../src/shared/run-key';
import { openObjectStore } from '../../src/storage/open-store';
import { buildWorkerDeps } from '../../src/worker-deps';
import { startCli } from '../cli/cli-process';
import { drawReferences } from '../helpers/drawn-images';
import { Context } from '@temporalio/activity';
import { drawSampleProduct } from '../../src/samples/sample-product';
import { writeFile } from 'node:fs/promises';
import { failing } from '../helpers/inject';
import { runWorkflow } from '../helpers/run-workflow';
import { useTemporal } from '../helpers/temporal';
import { startVersityGw, useGatewayCredentials, type VersityGw } from '../helpers/versitygw';

const temporal = useTemporal();
const BUCKET = 'studio';
const PREFIX = 'linn';

let gateway: VersityGw | undefined;
let restoreEnv: (() => void) | undefined;
const dirs: string[] = [];

before(async () => {
  gateway = await startVersityGw(BUCKET);
  restoreEnv = useGatewayCredentials(gateway);
});

after(async () => {
  restoreEnv?.();
  await gateway?.stop();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function gw(): VersityGw {
  if (!gateway) throw new Error('versitygw did not start');
  return gateway;
}

/** Settings of a worker on its own state folder whose store is the shared bucket. */
async function s3Config() {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'director-s3-worker-'));
  dirs.push(stateDir);
  // Credentials are not settings: the SDK reads them from this process's environment.
  const settings = Object.fromEntries(
    Object.entries(gw().env(BUCKET, PREFIX)).filter(([name]) => name.startsWith('DIRECTOR_')),
  );
  // The tests' inputs are files drawn under the temporary folder: a worker on a remote store reads local
  // paths only from folders it is told to (DIRECTOR_INPUT_DIRS).
  return loadDirectorConfig({ ...settings, DIRECTOR_STATE_DIR: stateDir, DIRECTOR_INPUT_DIRS: os.tmpdir() });
}

/** A worker's deps as `director worker` builds them (all stores from openObjectStore), its model calls counted. */
async function workerDeps() {
  const config = await s3Config();
  const deps = buildWorkerDeps(config, { DIRECTOR_MODEL: 'local' });
  const calls: Record<string, number> = {};
  const model = new Proxy(deps.model, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[String(property)] = (calls[String(property)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { deps: { ...deps, model }, calls, config };
}

async function keysUnder(prefix: string): Promise<string[]> {
  const store = openObjectStore(await s3Config());
  return (await store.list(prefix)).map((object) => object.key);
}

let referenceImages: string[] = [];
const input = (): Partial<CreativeInput> => ({
  referenceImages,
  brand: 'north-pier',
  mood: 'stormy',
  batchCount: 2,
  size: 256,
  validation: { minScore: 0 },
});

describe('a Director on an S3 store (versitygw)', () => {
  let completed: { workflowId: string; result: CreativeResult } | undefined;

  it('publishes outputs and the report under outputs/<runKey>/, keeps the memo, leaves no intermediates', async () => {
    referenceImages = await drawReferences(2);
    const worker = await workerDeps();
    const run = await runWorkflow<CreativeResult>(temporal(), worker.deps, 'creativeDirector', input());
    assert.ok(run.result, `run failed: ${String(run.error)}`);
    const runKey = runKeyOf(run.handle.workflowId);
    const outputs = `s3://${BUCKET}/${PREFIX}/outputs/${runKey}/`;
    assert.ok(run.result.contactSheet?.path.startsWith(outputs), run.result.contactSheet?.path);
    for (const image of run.result.images) {
      for (const file of image.files) assert.ok(file.path.startsWith(outputs), file.path);
    }
    const published = await keysUnder(`outputs/${runKey}/`);
    assert.ok(published.includes(`outputs/${runKey}/report.html`), published.join(', '));
    assert.ok(published.includes(`outputs/${runKey}/contact-sheet.png`));
    assert.equal(published.length, 2 + run.result.images.reduce((n, image) => n + image.files.length, 0));
    assert.deepEqual(await keysUnder(`runs/${runKey}/`), [], 'no intermediates left after completion');
    assert.ok((await keysUnder('memo/')).length >= 2, 'the analyses are in the store');
    assert.equal(worker.calls.analyzeReference, 2);
    const html = await openObjectStore(await s3Config()).get(`outputs/${runKey}/report.html`);
    assert.ok(html, 'the report is in the store');
    assert.doesNotMatch(
      html.toString(),
      /(src|href)="(https?:)?\/\//,
      'the report loads nothing from outside',
    );
    completed = { workflowId: run.handle.workflowId, result: run.result };
  });

  it("lets a second worker with its own state folder reuse the first one's analyses (no model call)", async () => {
    assert.ok(completed, 'needs the first run');
    const second = await workerDeps();
    const run = await runWorkflow<CreativeResult>(temporal(), second.deps, 'creativeDirector', input());
    assert.ok(run.result, `run failed: ${String(run.error)}`);
    assert.equal(second.calls.analyzeReference ?? 0, 0, 'no analysis repeated across workers');
    // The stage cache is in the bucket too: the same input writes no prompt and draws no image again.
    assert.equal(second.calls.writePrompts ?? 0, 0, 'prompts from the stage cache');
    assert.equal(second.calls.generateImage ?? 0, 0, 'images from the stage cache');
    const generation = run.result.summary.stages.find((stage) => stage.name === 'image-generation');
    assert.deepEqual(generation?.reused, { items: 2, of: 2 });
    assert.ok((await keysUnder('cache/images/')).length >= 1, 'cached images are in the bucket');
  });

  it("downloads a run's outputs with `director fetch`, from the bucket", async () => {
    assert.ok(completed, 'needs the first run');
    const to = await mkdtemp(path.join(os.tmpdir(), 'director-fetched-'));
    dirs.push(to);
    const cli = startCli(['fetch', completed.workflowId, '--to', to, '--json'], {
      address: temporal().address,
      env: { ...gw().env(BUCKET, PREFIX), DIRECTOR_STATE_DIR: to },
    });
    const { code, stdout, stderr } = await cli.result;
    assert.equal(code, 0, stderr);
    const document = JSON.parse(stdout) as { files: { name: string; path: string }[] };
    const runKey = runKeyOf(completed.workflowId);
    assert.deepEqual(
      document.files.map((f) => f.name).sort(),
      (await keysUnder(`outputs/${runKey}/`)).map((key) => key.slice(`outputs/${runKey}/`.length)).sort(),
    );
    const store = openObjectStore(await s3Config());
    for (const file of document.files) {
      assert.deepEqual(await readFile(file.path), await store.get(`outputs/${runKey}/${file.name}`));
    }
  });

  it('`director report` prints the s3:// URIs of the report in the bucket', async () => {
    assert.ok(completed, 'needs the first run');
    const cli = startCli(['report', completed.workflowId], {
      address: temporal().address,
      env: gw().env(BUCKET, PREFIX),
    });
    const { code, stdout, stderr } = await cli.result;
    assert.equal(code, 0, stderr);
    const runKey = runKeyOf(completed.workflowId);
    assert.match(stdout, new RegExp(`report +s3://${BUCKET}/${PREFIX}/outputs/${runKey}/report\\.html`));
    assert.match(
      stdout,
      new RegExp(`contact sheet +s3://${BUCKET}/${PREFIX}/outputs/${runKey}/contact-sheet\\.png`),
    );
  });

  it('leaves no object of a failed run in the bucket after its compensations', async () => {
    const worker = await workerDeps();
    const run = await runWorkflow<CreativeResult>(temporal(), worker.deps, 'creativeDirector', input(), {
      overrides: failing('writeRunReport'),
    });
    assert.ok(run.error, 'the run failed');
    const runKey = runKeyOf(run.handle.workflowId);
    assert.deepEqual(await keysUnder(`runs/${runKey}/`), []);
    assert.deepEqual(await keysUnder(`outputs/${runKey}/`), []);
  });

  it('leaves no object of a cancelled run in the bucket', async () => {
    const worker = await workerDeps();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-s3-cancel-'));
    dirs.push(dir);
    const productImage = path.join(dir, 'tote.png');
    await writeFile(productImage, await drawSampleProduct('tote'));
    let generating = false;
    let markStarted = () => {};
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const run = await runWorkflow(
      temporal(),
      worker.deps,
      'ecommerceDirector',
      { productImage },
      {
        // A background generation that heartbeats until it is cancelled: the intake image is stored by then.
        overrides: {
          generateBackground: async () => {
            generating = true;
            markStarted();
            for (;;) {
              Context.current().heartbeat();
              await Context.current().sleep(100);
            }
          },
        },
        drive: async (handle) => {
          // A run that fails before generating must fail this test, not hang it.
          const ended = handle.result().then(
            () => 'ended',
            () => 'ended',
          );
          if ((await Promise.race([started.then(() => 'started'), ended])) === 'ended') return;
          await handle.cancel();
        },
      },
    );
    assert.ok(run.error, 'the run was cancelled');
    assert.ok(generating, 'the run reached generation before it was cancelled');
    const runKey = runKeyOf(run.handle.workflowId);
    assert.deepEqual(await keysUnder(`runs/${runKey}/`), []);
    assert.deepEqual(await keysUnder(`outputs/${runKey}/`), []);
  });

  it('says a failed run has nothing to fetch (exit 1)', async () => {
    const worker = await workerDeps();
    const run = await runWorkflow<CreativeResult>(temporal(), worker.deps, 'creativeDirector', input(), {
      overrides: failing('publishImages'),
    });
    assert.ok(run.error, 'the run failed');
    const cli = startCli(['fetch', run.handle.workflowId], {
      address: temporal().address,
      env: gw().env(BUCKET, PREFIX),
    });
    const { code, stdout } = await cli.result;
    assert.equal(code, 1, stdout);
    assert.match(stdout, /has no outputs to fetch: it did not complete/);
  });
});
