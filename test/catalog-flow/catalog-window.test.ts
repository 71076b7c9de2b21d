import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { LineRecord } from '../../src/shared/catalog';
import { drawProduct } from '../helpers/drawn-images';
import { tempDeps, useTemporal } from '../helpers/temporal';
import { runCatalog } from './catalog-harness';
import { badLine, fakeCatalog, readyLine } from './fake-catalog';
import { Gate, gatedBackground, waitFor } from './gate';
import { reportAttempt } from '../../src/activities/report-attempt';

const temporal = useTemporal();

/** The indexes recorded, sorted; each line must appear once. */
function recordedIndexes(records: LineRecord[]): number[] {
  return records.map((r) => r.index).sort((a, b) => a - b);
}

describe('the catalog window', () => {
  it('runs every line once through at most `window` children, continuing as new with lines in flight', async (t) => {
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const lines = Array.from({ length: 12 }, (_, i) => readyLine(i, image));
    const fake = fakeCatalog(lines);
    const run = await runCatalog(temporal(), deps, fake, { window: 3, segmentLines: 5, title: 'window' });
    await deps.dispose();
    t.diagnostic(
      `history events per run: ${run.runs.map((r) => `${r.events} (${r.childrenStarted.length} started, ${r.linesAwaited} awaited)`).join(', ')}`,
    );

    assert.equal(run.error, undefined, String(run.error));
    assert.equal(run.result?.tallies.published, 12);
    assert.deepEqual(recordedIndexes(fake.log.records), [...Array(12).keys()], 'every line recorded once');
    assert.ok(
      fake.log.records.every((r) => r.status === 'published' && r.outputs.length === 1 && r.attempts >= 1),
      JSON.stringify(fake.log.records.slice(0, 2)),
    );
    assert.ok(run.runs.length >= 3, `12 lines in segments of 5 take at least 3 runs, got ${run.runs.length}`);
    assert.equal(run.result?.segments, run.runs.length);
    for (const [i, segment] of run.runs.entries()) {
      assert.ok(segment.mostInFlight <= 3, `run ${i} had ${segment.mostInFlight} lines in flight at once`);
      assert.ok(segment.childrenStarted.length <= 5, `run ${i} started ${segment.childrenStarted.length}`);
      // History grows with the lines a run handles, about ten events each, plus a fixed part.
      const handled = segment.childrenStarted.length + segment.linesAwaited;
      assert.ok(
        segment.events <= 40 + 15 * handled,
        `run ${i}: ${segment.events} events for ${handled} lines`,
      );
    }
    const boundaries = run.runs.slice(0, -1);
    assert.ok(
      boundaries.some((segment) => segment.carriedOut > 0),
      'a boundary was crossed with lines in flight',
    );
    for (const [i, segment] of run.runs.slice(1).entries()) {
      const before = run.runs[i];
      assert.equal(segment.carriedIn, before?.carriedOut, 'the next run takes over what the last carried');
      assert.equal(segment.linesAwaited, segment.carriedIn, 'each carried line is awaited once');
    }
    const started = run.runs.flatMap((segment) => segment.childrenStarted);
    assert.equal(new Set(started).size, 12, 'each line started one child, in whichever run');
    assert.ok(started.every((id) => id.startsWith(`${run.handle.workflowId}/sku-`)));

    const progress = run.progress;
    assert.ok(progress);
    assert.equal(progress.status, 'completed');
    assert.equal(progress.done, 12);
    assert.equal(progress.waiting + progress.running, 0);
    const attributes = run.searchAttributes;
    assert.deepEqual(attributes.DirectorName, ['catalog']);
    assert.deepEqual(attributes.DirectorStage, ['completed']);
    assert.deepEqual(attributes.DirectorProgress, [100]);
  });

  it('records invalid lines and already-published lines without starting a child, and the rest go on', async () => {
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const lines = [
      readyLine(0, image),
      badLine(1, 'image', 'image "nope.png" was not found'),
      readyLine(2, image, {
        published: {
          catalogId: 'earlier-catalog',
          sku: 'sku-2',
          workflowId: 'earlier-catalog/sku-2',
          outputs: ['/earlier/product.png'],
          publishedAt: '2026-12-01T10:00:00.000Z',
        },
      }),
      badLine(3, 'director', 'director "painter" is not one of ecommerce, product'),
      readyLine(4, image),
    ];
    const fake = fakeCatalog(lines);
    const run = await runCatalog(temporal(), deps, fake, { window: 2 });
    await deps.dispose();

    assert.equal(run.error, undefined, String(run.error));
    assert.deepEqual(run.result?.tallies, {
      ...run.result?.tallies,
      total: 5,
      published: 2,
      skipped: 1,
      invalid: 2,
      failed: 0,
    });
    const byIndex = new Map(fake.log.records.map((r) => [r.index, r]));
    assert.equal(byIndex.get(1)?.status, 'invalid');
    assert.equal(byIndex.get(1)?.failure?.field, 'image');
    assert.match(byIndex.get(3)?.failure?.message ?? '', /painter/);
    const skipped = byIndex.get(2);
    assert.equal(skipped?.status, 'skipped');
    assert.match(skipped?.note ?? '', /already published by catalog earlier-catalog/);
    assert.deepEqual(skipped?.outputs, ['/earlier/product.png']);
    assert.equal(skipped?.costUsd, 0);
    const started = run.runs.flatMap((segment) => segment.childrenStarted);
    assert.deepEqual(started.sort(), [`${run.handle.workflowId}/sku-0`, `${run.handle.workflowId}/sku-4`]);
    const progress = run.progress;
    assert.ok(progress);
    assert.equal(progress.failed, 2);
    assert.deepEqual(
      progress.latestFailures.map((f) => f.line),
      [5, 3],
      'the latest failures, newest first',
    );
  });

  it('attaches to a line whose child is already running under its id instead of starting a second', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const fake = fakeCatalog([readyLine(0, image), readyLine(1, image)]);
    const gate = new Gate();
    let earlierRunId = '';
    const run = await runCatalog(
      env,
      deps,
      fake,
      { window: 2 },
      {
        overrides: gatedBackground(deps, gate),
        prepare: async (taskQueue, catalogId) => {
          const earlier = await env.client.workflow.start('ecommerceDirector', {
            taskQueue,
            workflowId: `${catalogId}/sku-0`,
            args: [{ productImage: image }],
          });
          earlierRunId = earlier.firstExecutionRunId;
        },
        drive: async () => {
          // The earlier run of line 0 and the catalog's child for line 1 are both held; line 0 attached.
          await waitFor('both lines held', () => gate.waiting === 2);
          gate.open();
        },
      },
    );
    const catalogId = run.handle.workflowId;
    const line0 = await env.client.workflow.getHandle(`${catalogId}/sku-0`).describe();
    await deps.dispose();

    assert.equal(run.error, undefined, String(run.error));
    assert.equal(run.result?.tallies.published, 2);
    assert.equal(gate.arrived, 2, 'two children ran, not three');
    assert.equal(line0.runId, earlierRunId, 'line 0 is the run that was already under way');
    assert.equal(run.runs[0]?.linesAwaited, 1, 'followed with awaitCatalogLine');
    const record = fake.log.records.find((r) => r.index === 0);
    assert.equal(record?.status, 'published');
    assert.equal(record?.outputs.length, 1);
  });

  it('when the manifest cannot be read further, lets the lines in flight finish and records them before failing', async () => {
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const lines = Array.from({ length: 4 }, (_, i) => readyLine(i, image));
    const fake = fakeCatalog(lines);
    fake.activities.readCatalogLines = reportAttempt(({ from }: { from: number }) =>
      from === 0
        ? Promise.resolve({ lines: lines.slice(0, 2) })
        : Promise.reject(ApplicationFailure.nonRetryable('line 4: the file ends early', 'ManifestMalformed')),
    );
    const run = await runCatalog(temporal(), deps, fake, { window: 2 });
    await deps.dispose();

    assert.ok(run.error instanceof WorkflowFailedError, String(run.error));
    assert.ok(run.error.cause instanceof ApplicationFailure, String(run.error.cause));
    assert.equal(run.error.cause.type, 'ManifestMalformed');
    assert.deepEqual(
      fake.log.records.map((r) => [r.index, r.status]).sort(),
      [
        [0, 'published'],
        [1, 'published'],
      ],
      'the two lines in flight finished and were recorded',
    );
    assert.equal(fake.log.written.length, 0);
    assert.deepEqual(run.searchAttributes.DirectorStage, ['failed']);
  });

  it('fails at once with the manifest error itself when the manifest is malformed', async () => {
    const deps = await tempDeps();
    const fake = fakeCatalog([]);
    fake.activities.openCatalog = () =>
      Promise.reject(
        ApplicationFailure.nonRetryable('line 3, column 7: unclosed quote', 'ManifestMalformed', {
          line: 3,
          column: 7,
        }),
      );
    const run = await runCatalog(temporal(), deps, fake, {});
    await deps.dispose();
    assert.ok(run.error instanceof WorkflowFailedError, String(run.error));
    assert.ok(run.error.cause instanceof ApplicationFailure, String(run.error.cause));
    assert.equal(run.error.cause.type, 'ManifestMalformed');
    assert.match(run.error.cause.message, /line 3, column 7/);
    assert.equal(run.runs[0]?.childrenStarted.length, 0);
    assert.deepEqual(run.searchAttributes.DirectorStage, ['failed']);
  });
});
