import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { drawSampleProduct } from '../../src/samples/sample-product';
import type { EcommerceInput, EcommerceResult } from '../../src/shared/ecommerce';
import { ECOMMERCE_STAGES } from '../../src/workflows/ecommerce-director';
import { summaryQuery } from '../../src/shared/messages';
import { runFailure } from '../helpers/failures';
import { listFilesUnder } from '../helpers/files';
import { fixture, skipWithoutFixtures } from '../helpers/fixtures';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';

const temporal = useTemporal();

async function samplePath(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-sample-'));
  const file = path.join(dir, 'tote.png');
  await writeFile(file, await drawSampleProduct('tote'));
  return file;
}

async function runDirector(input: EcommerceInput) {
  const env = temporal();
  const deps = await tempDeps();
  const outcome = await withWorker(env, deps, async (taskQueue) => {
    const handle = await env.client.workflow.start('ecommerceDirector', {
      taskQueue,
      workflowId: `test-ecommerce-${randomUUID()}`,
      args: [input],
    });
    try {
      const result = (await handle.result()) as EcommerceResult;
      // Queries on a closed run are answered by a worker replaying it: ask while ours still runs.
      return { ok: true as const, result, handle, queried: await handle.query(summaryQuery) };
    } catch (error: unknown) {
      return { ok: false as const, error, handle };
    }
  });
  return { ...outcome, deps };
}

describe('ecommerceDirector', () => {
  it('publishes a square PNG of the requested size for the sample product', async () => {
    const run = await runDirector({
      productImage: await samplePath(),
      style: 'warm-beige',
      canvasSize: 1024,
    });
    assert.ok(run.ok, `run failed: ${String(!run.ok && run.error)}`);
    const [file] = run.result.files;
    assert.ok(file && existsSync(file.path), 'the published file exists');
    const meta = await sharp(file.path).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 1024, 1024]);
    assert.ok(file.path.startsWith(run.deps.outputDir), 'published into the output folder');
    assert.deepEqual(
      run.result.summary.stages.map((s) => [s.name, s.status]),
      ECOMMERCE_STAGES.map((n) => [n, 'completed']),
    );
    assert.equal(run.result.summary.status, 'completed');
    assert.ok(run.result.quality.passed);
    assert.equal(run.queried.status, 'completed', 'the summary query answers after the run closed');
    await run.deps.dispose();
  });

  it('composes real photos, with EXIF-rotated ones upright', { skip: skipWithoutFixtures }, async () => {
    const run = await runDirector({
      productImage: fixture('photos/Portrait_8.jpg'),
      style: 'cool-grey',
      canvasSize: 800,
      // Portrait_8 is a scene, pasted whole, which the quality gate rejects (test/workflows/quality-gates):
      // let it through, since this test is about orientation.
      quality: { maxFramed: 1 },
    });
    assert.ok(run.ok, `run failed: ${String(!run.ok && run.error)}`);
    const raw = await sharp(fixture('photos/Portrait_8.jpg')).metadata();
    assert.ok(raw.width > raw.height, 'the stored pixels of Portrait_8 are landscape (EXIF orientation 8)');
    assert.ok(
      run.result.analysis.height > run.result.analysis.width,
      'the analysed image is upright (portrait)',
    );
    const meta = await sharp(run.result.files[0]?.path).metadata();
    assert.deepEqual([meta.width, meta.height], [800, 800]);
    await run.deps.dispose();
  });

  it('fails a run whose quality check rejects it, after compensations that leave no output behind', async () => {
    const run = await runDirector({ productImage: await samplePath(), quality: { minSharpness: 1e9 } });
    assert.ok(!run.ok, 'the run must fail');
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'QualityRejected');
    assert.match(failure.message, /quality-check: .*sharpness/);
    assert.ok(summary, 'a failed run carries its stage summary');
    assert.equal(summary.status, 'failed');
    assert.deepEqual(
      summary.compensations.map((c) => [c.name, c.status]),
      [
        ['deleteBlobs', 'completed'],
        ['deleteBlobs', 'completed'],
        ['deleteBlobs', 'completed'],
      ],
      'composition, background and intake blobs are deleted, newest first',
    );
    assert.equal(summary.stages.find((s) => s.name === 'publish')?.status, 'pending', 'publish never ran');
    assert.deepEqual(await listFilesUnder(run.deps.dataDir), [], 'no blob of the run is left');
    assert.deepEqual(await listFilesUnder(run.deps.outputDir), [], 'nothing was published');
    await run.deps.dispose();
  });

  it('names the field and the value of an invalid input, before any activity runs', async () => {
    const run = await runDirector({
      productImage: '/tmp/x.png',
      style: 'neon' as 'studio-white',
      canvasSize: 7,
    });
    assert.ok(!run.ok);
    const { failure } = runFailure(run.error);
    assert.equal(failure.type, 'InvalidInput');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /style: .*"neon"/);
    assert.match(failure.message, /canvasSize: .*7/);
    assert.deepEqual(await listFilesUnder(run.deps.dataDir), []);
    await run.deps.dispose();
  });
});
