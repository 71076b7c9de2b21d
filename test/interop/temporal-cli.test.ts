/**
 * Interop: every Director can be started, queried and signalled with the official `temporal` CLI using
 * plain JSON — no TypeScript client involved — against runs served by a test worker.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../src/activities';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { listFilesUnder } from '../helpers/files';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';

const run = promisify(execFile);
const temporal = useTemporal();
let cliPath = '';

before(async () => {
  cliPath = (await resolveTemporalCli()).path;
});

/** Runs `temporal <args> --address <test server>` and returns its stdout; throws with stderr on failure. */
async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(cliPath, [...args, '--address', temporal().address], { timeout: 60_000 });
  return stdout;
}

/** Runs a `temporal` command with `-o json` and parses what it prints. */
async function cliJson<T>(...args: string[]): Promise<T> {
  return JSON.parse(await cli(...args, '-o', 'json')) as T;
}

interface Progress {
  stage: string;
  status: string;
  completed: number;
  total: number;
}

interface Description {
  workflowExecutionInfo: {
    status: string;
    searchAttributes: { indexedFields: Record<string, { data: string }> };
  };
  executionConfig: { userMetadata?: { summary?: string } };
}

/** A search attribute's value from `temporal workflow describe -o json` (JSON, base64-encoded). */
function searchAttribute(description: Description, name: string): unknown {
  const field = description.workflowExecutionInfo.searchAttributes.indexedFields[name];
  return field ? JSON.parse(Buffer.from(field.data, 'base64').toString('utf8')) : undefined;
}

async function progressOf(workflowId: string): Promise<Progress> {
  const answer = await cliJson<{ queryResult: [Progress] }>(
    ...['workflow', 'query', '--name', 'progress', '--workflow-id', workflowId],
  );
  return answer.queryResult[0];
}

async function untilStage(workflowId: string, stage: string): Promise<Progress> {
  for (let i = 0; i < 120; i += 1) {
    const progress = await progressOf(workflowId).catch(() => undefined);
    if (progress?.stage === stage) return progress;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`${workflowId} never reached stage ${stage}`);
}

/** An activity that runs until it is cancelled, so a run waits in a known stage for the signal. */
async function hang(): Promise<never> {
  for (;;) {
    Context.current().heartbeat();
    await Context.current().sleep(100);
  }
}

const DIRECTORS = [
  {
    type: 'ecommerceDirector',
    name: 'ecommerce',
    input: async () => ({ productImage: await drawProduct('tote'), canvasSize: 600, brand: 'interop' }),
    hangs: { generateBackground: hang },
    stage: 'background-generation',
  },
  {
    type: 'creativeDirector',
    name: 'creative',
    input: async () => ({
      referenceImages: await drawReferences(1),
      brand: 'linn-atelier',
      mood: 'quiet',
      batchCount: 2,
      size: 256,
    }),
    hangs: { generateImage: hang },
    stage: 'image-generation',
  },
  {
    type: 'productDirector',
    name: 'product',
    input: async () => ({
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { size: 512 },
    }),
    hangs: { extractProduct: hang },
    stage: 'branch',
  },
] satisfies {
  type: string;
  name: string;
  input: () => Promise<object>;
  hangs: Partial<Activities>;
  stage: string;
}[];

describe('the official temporal CLI', () => {
  it('fails a run started with a misspelled key, naming it and the key it most likely meant', async () => {
    const deps = await tempDeps();
    const workflowId = `test-cli-strict-${randomUUID()}`;
    const input = JSON.stringify({
      referenceImages: await drawReferences(1),
      brand: 'linn-atelier',
      mood: 'quiet',
      batchCount: 1,
      approvel: { required: true },
    });
    await withWorker(temporal(), deps, async (taskQueue) => {
      await cli(
        ...['workflow', 'start', '--type', 'creativeDirector', '--task-queue', taskQueue],
        ...['--workflow-id', workflowId, '--input', input],
      );
      const error = await temporal()
        .client.workflow.getHandle(workflowId)
        .result()
        .then(
          () => assert.fail('the run must not go ahead without the approval it asked for'),
          (e: unknown) => e,
        );
      assert.ok(error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure);
      assert.equal(error.cause.type, 'InvalidInput');
      assert.equal(error.cause.nonRetryable, true);
      assert.match(error.cause.message, /approvel: unknown key \(did you mean "approval"\?\)/);
    });
    await deps.dispose();
  });

  it('starts an E-commerce Director from plain JSON, waits for its result and queries its summary', async () => {
    const deps = await tempDeps();
    const workflowId = `test-cli-${randomUUID()}`;
    const input = JSON.stringify({
      productImage: await drawProduct('tote'),
      canvasSize: 600,
      brand: 'interop',
    });
    await withWorker(temporal(), deps, async (taskQueue) => {
      await cli(
        ...['workflow', 'start', '--type', 'ecommerceDirector', '--task-queue', taskQueue],
        ...[
          '--workflow-id',
          workflowId,
          '--input',
          input,
          '--static-summary',
          'A tote, from the temporal CLI',
        ],
      );
      const done = await cliJson<{
        status: string;
        closeEvent: {
          workflowExecutionCompletedEventAttributes: {
            result: [{ files: { name: string }[]; report: { html: { path: string } } }];
          };
        };
      }>(...['workflow', 'result', '--workflow-id', workflowId]);
      assert.equal(done.status, 'COMPLETED');
      const [result] = done.closeEvent.workflowExecutionCompletedEventAttributes.result;
      assert.deepEqual(
        result.files.map((f) => f.name),
        ['product.png'],
      );
      assert.match(result.report.html.path, /report\.html$/);

      const summary = await cliJson<{
        queryResult: [{ status: string; stages: { name: string; status: string }[] }];
      }>(...['workflow', 'query', '--name', 'summary', '--workflow-id', workflowId]);
      assert.equal(summary.queryResult[0].status, 'completed');
      assert.ok(summary.queryResult[0].stages.every((s) => s.status === 'completed'));

      const described = await cliJson<Description>('workflow', 'describe', '--workflow-id', workflowId);
      assert.equal(described.workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_COMPLETED');
      assert.equal(described.executionConfig.userMetadata?.summary, 'A tote, from the temporal CLI');
      assert.equal(searchAttribute(described, 'DirectorStage'), 'completed');
      assert.equal(searchAttribute(described, 'DirectorProgress'), 100);

      const listed = await cliJson<{ execution: { workflowId: string } }[]>(
        ...[
          'workflow',
          'list',
          '--query',
          `DirectorName="ecommerce" AND DirectorBrand="interop" AND WorkflowId="${workflowId}"`,
        ],
      );
      assert.deepEqual(
        listed.map((l) => l.execution.workflowId),
        [workflowId],
      );
    });
    await deps.dispose();
  });

  for (const director of DIRECTORS) {
    it(`starts, queries, describes and cancels the ${director.name} Director by signal`, async () => {
      const deps = await tempDeps();
      const workflowId = `test-cli-${director.name}-${randomUUID()}`;
      const input = JSON.stringify(await director.input());
      await withWorker(
        temporal(),
        deps,
        async (taskQueue) => {
          await cli(
            ...['workflow', 'start', '--type', director.type, '--task-queue', taskQueue],
            ...['--workflow-id', workflowId, '--input', input],
          );
          const progress = await untilStage(workflowId, director.stage);
          assert.equal(progress.status, 'running');
          assert.ok(progress.total > progress.completed);

          const described = await cliJson<Description>('workflow', 'describe', '--workflow-id', workflowId);
          assert.equal(described.workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_RUNNING');
          assert.equal(searchAttribute(described, 'DirectorName'), director.name);

          await cli(
            ...['workflow', 'signal', '--name', 'cancel', '--workflow-id', workflowId],
            ...['--input', '{"reason":"stopped from the temporal CLI"}'],
          );
          const closed: unknown = await temporal()
            .client.workflow.getHandle(workflowId)
            .result()
            .then(
              () => assert.fail('a cancelled run does not complete'),
              (error: unknown) => error,
            );
          assert.ok(closed instanceof WorkflowFailedError && closed.cause instanceof ApplicationFailure);
          assert.equal(closed.cause.type, 'DirectorCancelled');
          assert.match(closed.cause.message, /cancelled by signal: stopped from the temporal CLI/);
          const after = await cliJson<Description>('workflow', 'describe', '--workflow-id', workflowId);
          assert.equal(after.workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_FAILED');
          assert.equal((await progressOf(workflowId)).status, 'cancelled');
        },
        director.hangs,
      );
      const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
      assert.deepEqual(leftovers, [], 'the cancel compensated everything');
      await deps.dispose();
    });
  }
});
