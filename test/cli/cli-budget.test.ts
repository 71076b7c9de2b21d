import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { RunEstimate } from '../../src/estimate/estimate-document';
import type { BudgetState } from '../../src/shared/budget';
import { summaryQuery } from '../../src/shared/messages';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { FakeGeminiServer } from '../helpers/fake-gemini-server';
import { geminiDeps } from '../helpers/gemini-deps';
import { geminiStudio } from '../helpers/gemini-studio';
import { useTemporal, withWorker } from '../helpers/temporal';
import { assertExit, jsonOf, runCli } from './cli-process';

const temporal = useTemporal();
// No key in the CLI's environment: it estimates for the local model unless told otherwise.
const NO_KEY = { GEMINI_API_KEY: undefined, GOOGLE_API_KEY: undefined, DIRECTOR_MODEL: undefined };
const cli = (args: string[]) => runCli(args, { address: temporal().address, env: NO_KEY });
const KEY = 'AIzaFAKE-cli-budget-key-0003';
let fake: FakeGeminiServer;

before(async () => {
  fake = await FakeGeminiServer.start(KEY);
  fake.setFallback(await geminiStudio());
});
after(() => fake.close());

async function untilPaused(handle: WorkflowHandle): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const summary = await handle.query(summaryQuery).catch(() => undefined);
    if (summary?.status === 'paused') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the run never paused for budget');
}

describe('director estimate', () => {
  it('prices a Creative run on Gemini per stage, with the range regeneration rounds open', async () => {
    const refs = await drawReferences(2);
    const args = ['estimate', 'creative', '--ref', refs[0] ?? '', '--ref', refs[1] ?? ''];
    const run = await cli([
      ...args,
      '--brand',
      'linn-atelier',
      '--mood',
      'calm',
      '--count',
      '4',
      '--model',
      'gemini',
      '--json',
    ]);
    assertExit(run, 0);
    const estimate = jsonOf<RunEstimate>(run);
    assert.equal(estimate.models.kind, 'gemini');
    assert.equal(estimate.total.calls, 2 + 1 + 4 + 4);
    assert.equal(estimate.total.images, 4);
    assert.ok(estimate.total.usd.high > estimate.total.usd.expected);
    const table = await cli([
      ...args,
      '--brand',
      'linn-atelier',
      '--mood',
      'calm',
      '--count',
      '4',
      '--model',
      'gemini',
    ]);
    assertExit(table, 0);
    assert.match(table.stdout, /reference-analysis\s+2\s/);
    assert.match(table.stdout, /total\s+11–27\s/);
  });

  it('counts the local model’s calls at $0, and refuses bad flags as run does', async () => {
    const image = await drawProduct('tote');
    const local = await cli(['estimate', 'ecommerce', '--image', image]);
    assertExit(local, 0);
    assert.match(local.stdout, /total\s+3\s/);
    assert.match(local.stdout, /local model/);
    const bad = await cli(['estimate', 'ecommerce', '--image', image, '--canvas', 'big']);
    assertExit(bad, 2);
    assert.match(bad.stderr, /--canvas must be a number \(got "big"\)/);
    const badTimeout = await cli(['run', 'ecommerce', '--image', image, '--budget-timeout', 'soon']);
    assertExit(badTimeout, 2);
    assert.match(badTimeout.stderr, /--budget-timeout/);
    assert.doesNotMatch(badTimeout.stdout, /started/, 'nothing started');
  });

  it('prices a catalog manifest line by line, leaving out the lines the catalog would refuse', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'estimate-catalog-'));
    const manifest = path.join(dir, 'lines.csv');
    const rows = ['sku,image,director,productType', 'A-1,a.jpg,ecommerce,', 'A-2,b.jpg,ecommerce,'];
    await writeFile(
      manifest,
      [...rows, 'P-1,c.jpg,product,apparel', 'BAD,d.jpg,product,spaceship'].join('\n'),
    );
    const run = await cli(['estimate', 'catalog', '--manifest', manifest, '--model', 'gemini', '--json']);
    assertExit(run, 0);
    const estimate = jsonOf<RunEstimate>(run);
    assert.deepEqual(
      estimate.stages.map((s) => [s.stage, s.calls]),
      [
        ['2 ecommerce lines', 6],
        ['1 product line', 3],
      ],
    );
    assert.equal(estimate.total.images, 2 * 2 + 2);
    assert.ok(estimate.notes.some((note) => /1 line\(s\) the catalog would refuse/.test(note)));
    await writeFile(manifest, 'sku,image\n"A-1,a.jpg\n');
    const malformed = await cli(['estimate', 'catalog', '--manifest', manifest]);
    assertExit(malformed, 2);
    assert.match(malformed.stderr, /lines\.csv line 2, column 1/);
    await rm(dir, { recursive: true, force: true });
  });

  it('is shown by run before it starts', async () => {
    const image = await drawProduct('tote');
    const queue = `nobody-polls-${randomUUID()}`;
    const run = await cli(['run', 'ecommerce', '--image', image, '--no-wait', '--task-queue', queue]);
    assertExit(run, 0);
    assert.match(run.stdout, /^estimate: 3 model calls, 2 images, \$0 \(local model\)$/m);
    const workflowId = run.stdout.trim().split('\n').at(-1) ?? '';
    await temporal().client.workflow.getHandle(workflowId).terminate('test done');
  });
});

describe('director budget', () => {
  it('shows a paused run, refuses bad raises, raises its cap so it completes, then refuses a closed run', async () => {
    const deps = await geminiDeps(KEY, fake);
    const referenceImages = await drawReferences(1);
    try {
      const workflowId = await withWorker(temporal(), deps, async (taskQueue) => {
        const handle = await temporal().client.workflow.start('creativeDirector', {
          taskQueue,
          workflowId: `creative-budget-${randomUUID()}`,
          args: [
            {
              referenceImages,
              brand: 'linn-atelier',
              mood: 'calm',
              batchCount: 2,
              size: 256,
              concurrency: 1,
              costCapUsd: 0.2,
              budgetTimeout: '1 hour',
            },
          ],
        });
        await untilPaused(handle);
        const id = handle.workflowId;
        const status = await cli(['status', id]);
        assertExit(status, 0);
        assert.match(status.stdout, /paused: budget at image-generation/);
        assert.match(status.stdout, new RegExp(`director budget ${id} --raise`));
        const shown = await cli(['budget', id]);
        assertExit(shown, 0);
        assert.match(shown.stdout, /of a \$0\.20 cost cap/);
        assert.match(shown.stdout, /the next generateImage call costs ~\$0\.13/);
        assertExit(await cli(['budget', id, '--raise', 'lots']), 2);
        const absurd = await cli(['budget', id, '--raise', '50000']);
        assertExit(absurd, 2);
        assert.match(absurd.stderr, /usd must be a positive number of dollars up to 10000, got 50000/);
        const raised = await cli(['budget', id, '--raise', '1', '--by', 'ana', '--json']);
        assertExit(raised, 0);
        const state = jsonOf<BudgetState & { by: string }>(raised);
        assert.equal(state.capUsd, 1.2);
        assert.equal(state.by, 'ana');
        assert.equal(state.pause, undefined);
        await handle.result();
        return id;
      });
      const closed = await cli(['budget', workflowId, '--raise', '1']);
      assertExit(closed, 2);
      assert.match(closed.stderr, /has already closed \(completed\)/);
    } finally {
      await deps.dispose();
    }
  });

  it('raises a Product Director’s budget in its branch, where it paused', async () => {
    const deps = await geminiDeps(KEY, fake);
    const productImage = await drawProduct('tshirt');
    try {
      await withWorker(temporal(), deps, async (taskQueue) => {
        const handle = await temporal().client.workflow.start('productDirector', {
          taskQueue,
          workflowId: `product-budget-${randomUUID()}`,
          args: [
            {
              productImage,
              productType: 'apparel',
              options: { size: 512 },
              costCapUsd: 0.2,
              budgetTimeout: '1 hour',
            },
          ],
        });
        const branch = temporal().client.workflow.getHandle(`${handle.workflowId}/apparel`);
        for (let attempt = 0; attempt < 600; attempt += 1) {
          const summary = await branch.query(summaryQuery).catch(() => undefined);
          if (summary?.status === 'paused') break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const shown = await cli(['budget', handle.workflowId]);
        assertExit(shown, 0);
        assert.match(shown.stdout, /is in its branch, which holds the budget/);
        assert.match(shown.stdout, /paused: budget at virtual-try-on/);
        assertExit(await cli(['budget', handle.workflowId, '--raise', '1']), 0);
        const result = (await handle.result()) as { summary: { cost?: { costUsd: number } } };
        assert.ok((result.summary.cost?.costUsd ?? 0) > 0.2, 'the run paid past its first cap');
      });
    } finally {
      await deps.dispose();
    }
  });
});
