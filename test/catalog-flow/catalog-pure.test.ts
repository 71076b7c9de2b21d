import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure, CancelledFailure, ChildWorkflowFailure } from '@temporalio/common';
import type { CatalogTallies } from '../../src/shared/catalog';
import { catalogProgress, percentSettled } from '../../src/workflows/catalog/catalog-progress';
import { lineOutcomeOfFailure, lineOutcomeOfResult } from '../../src/workflows/catalog/line-outcome';
import {
  addLatestFailure,
  addRecord,
  emptyTallies,
  recordOfOutcome,
} from '../../src/workflows/catalog/line-records';

const summary = (attempts: number[], costUsd: number) => ({
  director: 'ecommerce',
  status: 'completed',
  stages: attempts.map((a, i) => ({ name: `s${i}`, status: 'completed', attempts: a })),
  compensations: [],
  durationMs: 1,
  cost: { calls: 2, inputTokens: 0, outputTokens: 0, images: 1, costUsd, models: [] },
});

function childFailure(cause: Error): ChildWorkflowFailure {
  return new ChildWorkflowFailure(
    'default',
    { workflowId: 'c/sku', runId: 'r' },
    'ecommerceDirector',
    undefined,
    cause,
  );
}

describe('reading how a catalog line ended', () => {
  it('reads a published child: its files, its cost, its most attempts and its images without thumbnails', () => {
    const outcome = lineOutcomeOfResult({
      files: [
        { name: 'front.png', path: '/out/a/front.png' },
        { name: 'front-thumb.webp', path: '/out/a/front-thumb.webp' },
      ],
      summary: summary([1, 3, 2], 0.0391),
    });
    assert.deepEqual(outcome, {
      status: 'published',
      outputs: ['/out/a/front.png', '/out/a/front-thumb.webp'],
      costUsd: 0.0391,
      attempts: 3,
      images: 1,
    });
  });

  it('reads a failed child from its closing failure: type, message, the cost and attempts its summary carries', () => {
    const closing = ApplicationFailure.create({
      type: 'QualityRejected',
      message: 'quality-check: too small',
      nonRetryable: true,
      details: [{ summary: summary([1, 4], 0.08) }],
    });
    const outcome = lineOutcomeOfFailure(childFailure(closing));
    assert.equal(outcome.status, 'failed');
    assert.deepEqual(outcome.failure, { type: 'QualityRejected', message: 'quality-check: too small' });
    assert.equal(outcome.costUsd, 0.08);
    assert.equal(outcome.attempts, 4);
    assert.deepEqual(outcome.outputs, []);
  });

  it('reads a child cancelled through Temporal or by its signal as cancelled', () => {
    assert.equal(lineOutcomeOfFailure(childFailure(new CancelledFailure('cancelled'))).status, 'cancelled');
    const bySignal = ApplicationFailure.create({
      type: 'DirectorCancelled',
      message: 'cancelled by signal: x',
    });
    assert.equal(lineOutcomeOfFailure(childFailure(bySignal)).status, 'cancelled');
  });
});

describe('the catalog progress snapshot', () => {
  const tallies = (over: Partial<CatalogTallies>): CatalogTallies => ({ ...emptyTallies(10), ...over });
  const state = {
    catalogId: 'c',
    title: 't',
    status: 'running' as const,
    running: 2,
    segment: 0,
    startedAtMs: 0,
    latestFailures: [],
  };

  it('estimates the time left from the lines that ran, not those skipped in a moment', () => {
    const progress = catalogProgress(
      { ...state, tallies: tallies({ published: 2, skipped: 4, images: 2 }) },
      120_000,
    );
    assert.equal(progress.done, 6);
    assert.equal(progress.waiting, 2);
    assert.equal(progress.imagesPerMinute, 1);
    // 2 lines ran in 2 minutes; 4 left (2 waiting, 2 running) take 4 minutes more.
    assert.equal(progress.etaSeconds, 240);
  });

  it('has no estimate before any line ran, nor while paused', () => {
    assert.equal(catalogProgress({ ...state, tallies: tallies({}) }, 60_000).etaSeconds, null);
    const paused = { ...state, status: 'pausing' as const, tallies: tallies({ published: 3 }) };
    assert.equal(catalogProgress(paused, 60_000).etaSeconds, null);
  });

  it('counts failed and invalid lines as failed, and keeps the five latest failures newest first', () => {
    let latest = addLatestFailure([], {
      index: 0,
      line: 2,
      sku: 'a',
      status: 'invalid',
      failure: { type: 'InvalidLine', message: 'bad image' },
      outputs: [],
      costUsd: 0,
      attempts: 0,
      settledAt: '',
    });
    for (let i = 1; i <= 5; i += 1) {
      const place = { index: i, line: i + 2, sku: `s${i}`, workflowId: `c/s${i}`, fingerprint: '' };
      const outcome = lineOutcomeOfFailure(ApplicationFailure.create({ type: 'Boom', message: `m${i}` }));
      latest = addLatestFailure(latest, recordOfOutcome(place, outcome, ''));
    }
    assert.deepEqual(
      latest.map((f) => f.sku),
      ['s5', 's4', 's3', 's2', 's1'],
    );
    const counted = addRecord(
      emptyTallies(4),
      {
        ...recordOfOutcome(
          { index: 0, line: 2, sku: 'a', workflowId: 'w', fingerprint: '' },
          { status: 'published', outputs: ['x'], costUsd: 0.1, attempts: 1, images: 1 },
          '',
        ),
      },
      1,
    );
    assert.equal(counted.published, 1);
    assert.equal(percentSettled(counted), 25);
    assert.equal(percentSettled(emptyTallies(0)), 100);
  });
});
