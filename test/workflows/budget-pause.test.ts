import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { CreativeResult } from '../../src/shared/creative-input';
import type { EcommerceResult } from '../../src/shared/ecommerce';
import { budgetQuery, cancelSignal, raiseBudgetUpdate, summaryQuery } from '../../src/shared/messages';
import { directorStageKey } from '../../src/shared/search-attributes';
import type { RunSummary } from '../../src/shared/stages';
import { renderStageTable } from '../../src/workflows/engine/visibility';
import { FakeGeminiServer } from '../helpers/fake-gemini-server';
import { runFailure } from '../helpers/failures';
import { geminiDeps } from '../helpers/gemini-deps';
import { callKind, geminiStudio } from '../helpers/gemini-studio';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { listFilesUnder } from '../helpers/files';
import { runWorkflow } from '../helpers/run-workflow';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const KEY = 'AIzaFAKE-budget-pause-key-0001';
let fake: FakeGeminiServer;

before(async () => {
  fake = await FakeGeminiServer.start(KEY);
  fake.setFallback(await geminiStudio());
});
after(() => fake.close());

/** A Creative run whose images cost ~$0.134 each on the fake Gemini: a cap of $0.2 pays for one. */
async function creativeInput(extra: Record<string, unknown>) {
  return {
    referenceImages: await drawReferences(1),
    brand: 'linn-atelier',
    mood: 'calm',
    batchCount: 2,
    size: 256,
    concurrency: 1,
    costCapUsd: 0.2,
    ...extra,
  };
}

/** Polls the run's summary until it is paused for budget; returns that summary. */
async function untilPaused(handle: WorkflowHandle): Promise<RunSummary> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const summary = await handle.query(summaryQuery).catch(() => undefined);
    if (summary?.status === 'paused') return summary;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the run never paused for budget');
}

async function timersStarted(handle: WorkflowHandle): Promise<number> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).filter((event) => event.timerStartedEventAttributes).length;
}

describe('budget pause (fake Gemini server, real @google/genai client)', () => {
  it('pauses before a call would pass the cap, and resumes when the budget is raised', async () => {
    const deps = await geminiDeps(KEY, fake);
    const before = fake.requests.length;
    let paused: RunSummary | undefined;
    let timers = 0;
    const run = await runWorkflow<CreativeResult>(
      temporal(),
      deps,
      'creativeDirector',
      // Two lanes: after the first two images, both next images hit the cap at once.
      await creativeInput({ batchCount: 4, concurrency: 2, costCapUsd: 0.3, budgetTimeout: '1 hour' }),
      {
        drive: async (handle) => {
          paused = await untilPaused(handle);
          const described = await handle.describe();
          assert.equal(
            described.typedSearchAttributes.get(directorStageKey),
            'paused: budget',
            'lists show it',
          );
          const budget = await handle.query(budgetQuery);
          assert.equal(budget.pause?.activity, 'generateImage');
          assert.equal(budget.capUsd, 0.3);
          // Let both lanes reach the pause before counting its timers.
          await new Promise((resolve) => setTimeout(resolve, 500));
          timers = await timersStarted(handle);
          const raised = await handle.executeUpdate(raiseBudgetUpdate, { args: [{ usd: 1, by: 'test' }] });
          assert.equal(raised.capUsd, 1.3);
          assert.equal(raised.pause, undefined, 'the raise covers the next call: the run goes on');
        },
      },
    );
    assert.ok(run.result, String(run.error));
    assert.ok(paused?.pause, 'the summary carried the pause while the run waited');
    assert.equal(paused.pause.stage, 'image-generation');
    assert.equal(paused.pause.capUsd, 0.3);
    assert.ok(paused.pause.spentUsd <= 0.3 && paused.pause.spentUsd + paused.pause.nextCallUsd > 0.3);
    assert.equal(paused.pause.timeout, '1 hour');
    const details = renderStageTable(paused);
    assert.match(details, /\*\*creative\*\* · paused/);
    assert.match(
      details,
      /\*\*paused: budget\*\* at image-generation .*the next generateImage call costs ~\$0\.13/,
    );
    assert.match(details, /director budget <workflow id> --raise <dollars>/);
    assert.equal(timers, 1, 'the two lanes that hit the cap wait on one pause');
    const images = fake.requests.slice(before).filter((r) => callKind(r) === 'image').length;
    assert.equal(images, 4, 'every image was made once the budget was raised');
    assert.equal(run.result.summary.status, 'completed');
    assert.equal(run.result.summary.pause, undefined);
    assert.ok((run.result.summary.cost?.costUsd ?? 0) > 0.3, 'the run spent past its old cap');
    await deps.dispose();
  });

  it('pauses an E-commerce run before its second image, priced like the first', async () => {
    const deps = await geminiDeps(KEY, fake);
    let paused: RunSummary | undefined;
    const run = await runWorkflow<EcommerceResult>(
      temporal(),
      deps,
      'ecommerceDirector',
      { productImage: await drawProduct('tote'), canvasSize: 800, costCapUsd: 0.2, budgetTimeout: '1 hour' },
      {
        drive: async (handle) => {
          paused = await untilPaused(handle);
          await handle.executeUpdate(raiseBudgetUpdate, { args: [{ usd: 0.5 }] });
        },
      },
    );
    assert.ok(run.result, String(run.error));
    assert.equal(paused?.pause?.stage, 'composition');
    assert.equal(paused.pause.activity, 'composeProduct');
    assert.ok(paused.pause.nextCallUsd > 0.13, 'the composition is priced like the background image');
    assert.ok((run.result.summary.cost?.costUsd ?? 0) > 0.2);
    await deps.dispose();
  });

  it('fails with CostCapExceeded and compensates when nobody raises the budget in time', async () => {
    const deps = await geminiDeps(KEY, fake);
    let paused: RunSummary | undefined;
    const run = await runWorkflow<CreativeResult>(
      temporal(),
      deps,
      'creativeDirector',
      await creativeInput({ budgetTimeout: '2s' }),
      {
        drive: async (handle) => {
          paused = await untilPaused(handle);
        },
      },
    );
    assert.equal(paused?.pause?.reason, 'budget');
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'CostCapExceeded');
    assert.match(failure.message, /no raise-budget within 2s/);
    assert.ok(summary?.compensations.length, 'compensations ran');
    assert.ok(summary.compensations.every((c) => c.status === 'completed'));
    assert.equal(summary.pause, undefined);
    assert.deepEqual(
      [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))],
      [],
      'nothing is left behind',
    );
    await deps.dispose();
  });

  it('refuses bad raises, and compensates when cancelled during a pause', async () => {
    const deps = await geminiDeps(KEY, fake);
    const refusals: string[] = [];
    const run = await runWorkflow<CreativeResult>(
      temporal(),
      deps,
      'creativeDirector',
      await creativeInput({ budgetTimeout: '1 hour' }),
      {
        drive: async (handle) => {
          await untilPaused(handle);
          for (const usd of [0, -2, Number.NaN, Number.POSITIVE_INFINITY, 50_000]) {
            const refused = await handle.executeUpdate(raiseBudgetUpdate, { args: [{ usd }] }).then(
              () => undefined,
              (error: unknown) => error,
            );
            assert.ok(refused instanceof WorkflowUpdateFailedError, `usd ${usd} is refused`);
            refusals.push(refused.cause?.message ?? '');
          }
          const still = await handle.query(budgetQuery);
          assert.equal(still.capUsd, 0.2, 'a refused raise changes nothing');
          assert.ok(still.pause, 'still paused');
          await handle.signal(cancelSignal, { reason: 'too dear' });
        },
      },
    );
    for (const message of refusals) assert.match(message, /usd must be a positive number of dollars/);
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'DirectorCancelled');
    assert.ok(summary?.compensations.length, 'compensations ran');
    assert.deepEqual(
      [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))],
      [],
    );
    await deps.dispose();
  });
});
