import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { listQuery } from '../../src/cli/commands/list';
import type { CreativeResult } from '../../src/shared/creative-input';
import type { EcommerceResult } from '../../src/shared/ecommerce';
import type { ProductResult } from '../../src/shared/product-input';
import { directorBrandKey, directorNameKey, directorParentKey } from '../../src/shared/search-attributes';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { runFailure } from '../helpers/failures';
import { listFilesUnder } from '../helpers/files';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';
import { localActivityTypes } from '../helpers/history';

const temporal = useTemporal();

async function attributesOf(client: Client, workflowId: string) {
  const { typedSearchAttributes } = await client.workflow.getHandle(workflowId).describe();
  return {
    name: typedSearchAttributes.get(directorNameKey),
    brand: typedSearchAttributes.get(directorBrandKey),
    parent: typedSearchAttributes.get(directorParentKey),
  };
}

async function listIds(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const info of client.workflow.list({ query })) ids.push(info.workflowId);
  return ids.sort();
}

/** Visibility lags a run by a moment: asks again until `ready` holds (bounded), then returns the ids. */
async function listWhen(client: Client, query: string, ready: (ids: string[]) => boolean) {
  let ids: string[] = [];
  for (let tries = 0; tries < 60; tries++) {
    ids = await listIds(client, query);
    if (ready(ids)) return ids;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return ids;
}

describe('what a run decides first', () => {
  it('refuses an unknown brand before paying for any reference analysis', async () => {
    const deps = await tempDeps();
    const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', {
      referenceImages: await drawReferences(2),
      brand: 'no-such-brand',
      mood: 'calm',
      batchCount: 1,
      size: 256,
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'InvalidInput');
    assert.match(failure.message, /^brand-guide: .*no-such-brand/);
    assert.ok(!run.scheduled.includes('analyzeReference'), `scheduled: ${run.scheduled.join(', ')}`);
    assert.equal(summary?.stages.find((s) => s.name === 'reference-analysis')?.status, 'pending');
    await deps.dispose();
  });

  it('keeps the outputs of runs whose ids differ only in characters a folder name cannot hold', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const stem = `test-run-key-${randomUUID()}`;
    const product = await drawProduct('tote');
    const results = await withWorker(env, deps, async (taskQueue) => {
      const run = async (workflowId: string) =>
        (await env.client.workflow.execute('ecommerceDirector', {
          taskQueue,
          workflowId,
          args: [{ productImage: product, canvasSize: 512, quality: { minResolution: 512 } }],
        })) as EcommerceResult;
      return [await run(`${stem}/a`), await run(`${stem}_a`)];
    });
    const [first, second] = results.map((r) => r.files[0]?.path ?? '');
    assert.notEqual(first, second, 'each run publishes into its own folder');
    assert.ok(first && existsSync(first) && second && existsSync(second), 'both outputs are still there');
    await deps.dispose();
  });

  it('removes a finished run’s intermediate blobs after its report, keeping outputs and report', async () => {
    const deps = await tempDeps();
    const run = await runWorkflow<ProductResult>(temporal(), deps, 'productDirector', {
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { size: 512 },
    });
    assert.ok(run.result, String(run.error));
    assert.deepEqual(await listFilesUnder(deps.dataDir), [], 'no intermediate blob is left');
    for (const file of [...run.result.files, run.result.report.html, run.result.report.contactSheet])
      assert.ok(existsSync(file.path), `${file.path} is published`);
    // An ordinary activity, scheduled once the publish and the report (local) are in the history.
    assert.ok(run.scheduled.includes('removeRunIntermediates'));
    assert.ok(!(await localActivityTypes(run.handle)).includes('removeRunIntermediates'));
    await deps.dispose();
  });
});

describe('search attributes', () => {
  it('leave the brand absent when none is given, not the style', async () => {
    const deps = await tempDeps();
    const run = await runWorkflow<EcommerceResult>(temporal(), deps, 'ecommerceDirector', {
      productImage: await drawProduct('tote'),
      style: 'warm-beige',
      canvasSize: 512,
      quality: { minResolution: 512 },
    });
    assert.ok(run.result, String(run.error));
    const attributes = await attributesOf(temporal().client, run.handle.workflowId);
    assert.deepEqual(attributes, { name: 'ecommerce', brand: undefined, parent: undefined });
    await deps.dispose();
  });

  it('mark a Product branch as a child with its parent’s brand, and list shows top-level runs', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const brand = `warm-beige-${randomUUID().slice(0, 8)}`;
    const workflowId = `test-children-${randomUUID()}`;
    const product = await drawProduct('tshirt');
    await withWorker(env, deps, (taskQueue) =>
      env.client.workflow.execute('productDirector', {
        taskQueue,
        workflowId,
        args: [{ productImage: product, productType: 'apparel', options: { size: 512, brand } }],
      }),
    );
    const child = `${workflowId}/apparel`;
    assert.deepEqual(await attributesOf(env.client, workflowId), {
      name: 'product',
      brand,
      parent: undefined,
    });
    assert.deepEqual(await attributesOf(env.client, child), { name: 'product', brand, parent: workflowId });

    const all = await listWhen(env.client, listQuery({ brand, children: true }), (ids) => ids.length >= 2);
    assert.deepEqual(all, [workflowId, child].sort(), 'the brand filter finds the child too');
    assert.deepEqual(await listIds(env.client, listQuery({ brand })), [workflowId], 'list: top-level only');
    await deps.dispose();
  });

  it('leave a Product branch without a brand when its parent has none, not its product type', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const run = await runWorkflow<ProductResult>(env, deps, 'productDirector', {
      productImage: await drawProduct('sneaker'),
      productType: 'footwear',
      options: { size: 512 },
    });
    assert.ok(run.result, String(run.error));
    const parent = run.handle.workflowId;
    assert.deepEqual(await attributesOf(env.client, `${parent}/footwear`), {
      name: 'product',
      brand: undefined,
      parent,
    });
    await deps.dispose();
  });
});
