/**
 * A catalog's lines on a real worker process: a malformed manifest fails at once, naming line and column,
 * and starts nothing; bad lines are those lines' failures, in the user's words, while the rest publish;
 * the same manifest run again pays for nothing, and a changed line runs again.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CatalogResult } from '../../src/shared/catalog';
import { drawSampleProduct } from '../../src/samples/sample-product';
import { drawProduct } from '../helpers/drawn-images';
import { FakeGeminiServer } from '../helpers/fake-gemini-server';
import { callKind, geminiStudio } from '../helpers/gemini-studio';
import { useTemporal } from '../helpers/temporal';
import { runCli } from '../cli/cli-process';
import { catalogWorld, readResultsJsonl, segmentRuns } from '../helpers/catalog-world';

const temporal = useTemporal();
const KEY = 'AIzaFAKE-catalog-lines-key';
let fake: FakeGeminiServer;

before(async () => {
  fake = await FakeGeminiServer.start(KEY);
  fake.setFallback(await geminiStudio());
});
after(() => fake.close());

/** Draws the sample product to `name` under `root` (a photo the manifest names relative to itself). */
async function drawProductInto(root: string, name: string): Promise<void> {
  const file = path.join(root, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, await drawSampleProduct('tote'));
}

/** The Gemini provider against the fake server in this process: every paid call is counted here. */
const geminiWorker = () => ({
  DIRECTOR_MODEL: 'gemini',
  GEMINI_API_KEY: KEY,
  GOOGLE_GEMINI_BASE_URL: fake.baseUrl,
});

describe('a catalog manifest', () => {
  it('that is malformed fails at once with its line and column, and starts no line', async () => {
    const env = temporal();
    const world = await catalogWorld(env.client, env.address);
    try {
      await world.startWorker();
      const product = await drawProduct('tote');
      const manifest = await world.writeManifest(
        'broken.csv',
        `sku,image,style\nA-1,${product},studio-white\nA-2,"${product},studio-white\n`,
      );
      const handle = await world.startCatalog({ manifest });
      const error = await handle.result().then(
        () => assert.fail('a malformed manifest does not complete'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof WorkflowFailedError);
      assert.ok(error.cause instanceof ApplicationFailure);
      assert.equal(error.cause.type, 'ManifestMalformed');
      assert.match(error.cause.message, /line 3, column 5: a quoted cell is never closed/);
      const [run] = await segmentRuns(env.client, handle.workflowId);
      assert.equal(run?.activities('readCatalogLines'), 0, 'no line was read, none started');
    } finally {
      await world.dispose();
    }
  });

  it('reports each bad line in its own words and publishes the rest', async () => {
    const env = temporal();
    const world = await catalogWorld(env.client, env.address);
    try {
      await world.startWorker();
      const product = await drawProduct('tote');
      const lines = [
        { sku: 'GOOD-1', image: product, style: 'studio-white', canvasSize: 512 },
        { sku: 'BAD-STYLE', image: product, style: 'neon-jungle', canvasSize: 512 },
        { sku: 'BAD-KEY', image: product, colour: 'red', canvasSize: 512 },
        { sku: 'NO-IMAGE', canvasSize: 512 },
        { sku: 'GOOD-1', image: product, canvasSize: 512 },
        { sku: 'GOOD-2', image: product, style: 'warm-beige', canvasSize: 512 },
      ];
      const manifest = await world.writeManifest(
        'lines.jsonl',
        lines.map((l) => JSON.stringify(l)).join('\n'),
      );
      const handle = await world.startCatalog({ manifest, window: 2 });
      const result = (await handle.result()) as CatalogResult;
      assert.equal(result.tallies.published, 2);
      assert.equal(result.tallies.invalid, 4);
      const rows = await readResultsJsonl(result.files.resultsJsonl);
      const failureOf = (line: number) => {
        const row = rows.find((r) => r.line === line);
        assert.ok(row, `a result row for line ${line}`);
        assert.equal(row.status, 'invalid');
        return JSON.stringify(row);
      };
      assert.match(failureOf(2), /style.*neon-jungle/);
      assert.match(failureOf(3), /colour/);
      assert.match(failureOf(4), /image/);
      assert.match(failureOf(5), /GOOD-1.*line 1/);
    } finally {
      await world.dispose();
    }
  });

  it('runs from `director run catalog` to its results, printing the tallies and the files', async () => {
    const env = temporal();
    const world = await catalogWorld(env.client, env.address);
    try {
      await world.startWorker();
      await drawProductInto(world.root, 'photos/tote.png');
      await world.writeManifest(
        'season.csv',
        'sku,image,style,canvasSize\nTOTE-1,photos/tote.png,studio-white,512\nTOTE-2,photos/missing.png,,512\n',
      );
      const run = await runCli(['run', 'catalog', '--manifest', path.join(world.root, 'season.csv')], {
        address: env.address,
        env: {
          DIRECTOR_TASK_QUEUE: world.taskQueue,
          DIRECTOR_DATA_DIR: world.dataDir,
          DIRECTOR_OUTPUT_DIR: world.outputDir,
        },
      });
      // One line published, one refused for its missing photo: the catalog completes with a failed line.
      assert.match(run.stderr + run.stdout, /line 3.*photos\/missing\.png/s);
      assert.match(run.stdout, /results\.csv/);
      const results = (await world.files('output')).filter((file) => file.endsWith('results.jsonl'));
      assert.equal(results.length, 1, 'one results file');
      const rows = await readResultsJsonl(path.join(world.outputDir, results[0] as string));
      assert.deepEqual(
        rows.map((row) => [row.sku, row.status]),
        [
          ['TOTE-1', 'published'],
          ['TOTE-2', 'invalid'],
        ],
      );
    } finally {
      await world.dispose();
    }
  });

  it('run again pays for nothing; a changed line runs again, alone', async () => {
    const env = temporal();
    const world = await catalogWorld(env.client, env.address);
    try {
      await world.startWorker(geminiWorker());
      const product = await drawProduct('tote');
      const csv = (lastStyle: string) =>
        [
          'sku,image,style,brand,canvasSize',
          ...['studio-white', 'warm-beige', 'cool-grey', lastStyle].map(
            (style, i) => `SKU-${i},${product},${style},brand-${i},512`,
          ),
        ].join('\n');
      const first = await world.writeManifest('season.csv', csv('studio-white'));
      const paidBefore = fake.requests.length;
      const firstRun = (await (await world.startCatalog({ manifest: first })).result()) as CatalogResult;
      assert.equal(firstRun.tallies.published, 4);
      const paidFirst = fake.requests.length - paidBefore;
      assert.ok(paidFirst > 0, 'the first run called the model');

      const againBefore = fake.requests.length;
      const again = (await (await world.startCatalog({ manifest: first })).result()) as CatalogResult;
      assert.equal(fake.requests.length - againBefore, 0, 'no model call on the second run');
      assert.equal(again.tallies.skipped, 4);
      const rows = await readResultsJsonl(again.files.resultsJsonl);
      assert.ok(rows.every((row) => row.status === 'skipped' && /already published/.test(String(row.note))));

      const changed = await world.writeManifest('season-2.csv', csv('warm-beige'));
      const changedBefore = fake.requests.length;
      const third = (await (await world.startCatalog({ manifest: changed })).result()) as CatalogResult;
      assert.equal(third.tallies.published, 1);
      assert.equal(third.tallies.skipped, 3);
      const images = fake.requests.slice(changedBefore).filter((r) => callKind(r) === 'image').length;
      assert.ok(images >= 1, 'the changed line generated its image');
    } finally {
      await world.dispose();
    }
  });
});
