/**
 * Catalogs end to end on real worker processes over the local model and a local store: a 200-line catalog
 * across several continue-as-new segments, a worker SIGKILLed mid-catalog, a cancel that leaves nothing
 * behind, and a pause that holds. Heavy: run by `npm run test:catalog`, not `npm test`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CatalogResult, CatalogUndo } from '../../src/shared/catalog';
import { cancelSignal, pauseSignal, resumeSignal } from '../../src/shared/messages';
import { drawProduct } from '../helpers/drawn-images';
import { useTemporal } from '../helpers/temporal';
import {
  catalogWorld,
  readResultsJsonl,
  segmentRuns,
  untilProgress,
  type CatalogWorld,
} from '../helpers/catalog-world';

const temporal = useTemporal();

/** A CSV manifest of `count` E-commerce lines over one photo, each line a brand of its own (so each runs). */
async function manifestOf(world: CatalogWorld, name: string, count: number): Promise<string> {
  const product = await drawProduct('tote');
  const rows = Array.from(
    { length: count },
    (_, i) => `SKU-${String(i).padStart(4, '0')},${product},studio-white,brand-${i},512`,
  );
  return world.writeManifest(name, ['sku,image,style,brand,canvasSize', ...rows].join('\n') + '\n');
}

/** What a cancelled catalog's failure carries: the list of what was undone. */
function undoneOf(error: unknown): CatalogUndo {
  assert.ok(error instanceof WorkflowFailedError, `a failed catalog, got ${String(error)}`);
  const cause = error.cause;
  assert.ok(cause instanceof ApplicationFailure, `an application failure, got ${String(cause)}`);
  assert.equal(cause.type, 'CatalogCancelled');
  return cause.details?.[0] as CatalogUndo;
}

/** Everything the catalog may have written to the store or the output folder, the memo cache aside. */
async function leftovers(world: CatalogWorld): Promise<string[]> {
  const data = (await world.files('data')).filter((file) => !file.startsWith('memo/'));
  return [...data, ...(await world.files('output'))];
}

describe('a catalog at scale', () => {
  it('runs 200 lines to the end on the local model, crossing continue-as-new with lines in flight', async () => {
    const env = temporal();
    const world = await catalogWorld(env.client, env.address);
    try {
      await world.startWorker();
      const manifest = await manifestOf(world, 'catalog.csv', 200);
      const handle = await world.startCatalog({ manifest, window: 8, segmentLines: 60 });
      const result = (await handle.result()) as CatalogResult;
      assert.equal(result.tallies.published, 200);
      assert.equal(result.tallies.failed + result.tallies.invalid + result.tallies.cancelled, 0);
      const rows = await readResultsJsonl(result.files.resultsJsonl);
      assert.equal(rows.length, 200);
      assert.equal(new Set(rows.map((row) => row.sku)).size, 200, 'every SKU once');
      assert.ok(rows.every((row) => row.status === 'published'));
      // Every line's image is in the output folder, beside the catalog's own outputs.
      const outputs = await world.files('output');
      assert.equal(outputs.filter((file) => file.endsWith('/product.png')).length, 200);
      const runs = await segmentRuns(env.client, handle.workflowId);
      assert.ok(runs.length >= 4, `200 lines in segments of 60: ${runs.length} runs`);
      assert.equal(result.segments, runs.length);
      // A later segment waited for lines an earlier one had started: the boundary was crossed in flight.
      const carried = runs.slice(1).reduce((sum, run) => sum + run.activities('awaitCatalogLine'), 0);
      assert.ok(carried > 0, 'some lines were still running when the catalog continued as new');
    } finally {
      await world.dispose();
    }
  });

  it('finishes every line exactly once when its worker is SIGKILLed mid-catalog', async () => {
    const env = temporal();
    const world = await catalogWorld(env.client, env.address);
    try {
      const first = await world.startWorker();
      const manifest = await manifestOf(world, 'catalog.csv', 40);
      const handle = await world.startCatalog({ manifest, window: 4, segmentLines: 15 });
      await untilProgress(handle, (p) => p.done >= 6 && p.running > 0, '6 lines done, some running');
      await first.kill();
      await world.startWorker();
      const result = (await handle.result()) as CatalogResult;
      assert.equal(result.tallies.published, 40);
      const rows = await readResultsJsonl(result.files.resultsJsonl);
      assert.deepEqual(
        rows.map((row) => row.sku).sort(),
        Array.from({ length: 40 }, (_, i) => `SKU-${String(i).padStart(4, '0')}`),
      );
      const images = (await world.files('output')).filter((file) => file.endsWith('/product.png'));
      assert.equal(images.length, 40, 'one published image a line, none twice');
    } finally {
      await world.dispose();
    }
  });

  it('undoes every line on cancel: the children compensate and nothing is left in the store', async () => {
    const env = temporal();
    const world = await catalogWorld(env.client, env.address);
    try {
      // The fake model at a walking pace, so lines are in flight when the cancel comes.
      await world.startWorker({
        DIRECTOR_MODEL: 'fake',
        DIRECTOR_FAKE_LATENCY_MS: '700',
        DIRECTOR_FAKE_TEXT_LATENCY_MS: '50',
      });
      const manifest = await manifestOf(world, 'catalog.csv', 30);
      const handle = await world.startCatalog({ manifest, window: 4, segmentLines: 8 });
      await untilProgress(handle, (p) => p.done >= 4 && p.running > 0, '4 lines done, some running');
      await handle.signal(cancelSignal, { reason: 'wrong season' });
      const error = await handle.result().then(
        () => assert.fail('a cancelled catalog does not complete'),
        (e: unknown) => e,
      );
      const undo = undoneOf(error);
      assert.ok(undo.lines >= 4, `the published lines were undone: ${JSON.stringify(undo)}`);
      assert.deepEqual(await leftovers(world), [], 'no orphan object in the store or the output folder');
    } finally {
      await world.dispose();
    }
  });

  it('starts no line while paused and finishes them all once resumed', async () => {
    const env = temporal();
    const world = await catalogWorld(env.client, env.address);
    try {
      await world.startWorker({
        DIRECTOR_MODEL: 'fake',
        DIRECTOR_FAKE_LATENCY_MS: '400',
        DIRECTOR_FAKE_TEXT_LATENCY_MS: '20',
      });
      const manifest = await manifestOf(world, 'catalog.csv', 16);
      const handle = await world.startCatalog({ manifest, window: 3, segmentLines: 6 });
      await untilProgress(handle, (p) => p.done >= 2, '2 lines done');
      await handle.signal(pauseSignal, { by: 'test' });
      const paused = await untilProgress(handle, (p) => p.status === 'paused' && p.running === 0, 'paused');
      // Held: a few seconds later, not one more line has started or settled.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const still = await untilProgress(handle, () => true, 'an answer');
      assert.equal(still.status, 'paused');
      assert.equal(still.done + still.failed, paused.done + paused.failed);
      assert.equal(still.running, 0);
      await handle.signal(resumeSignal, { by: 'test' });
      const result = (await handle.result()) as CatalogResult;
      assert.equal(result.tallies.published, 16);
    } finally {
      await world.dispose();
    }
  });
});
