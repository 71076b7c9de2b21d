import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { OutcomeDocument } from '../../src/cli/run-outcome';
import { runKeyOf } from '../../src/shared/run-key';
import { STORE_HEADER, storeTaskQueue } from '../../src/shared/store-identity';
import { drawProduct } from '../helpers/drawn-images';
import { listFilesUnder } from '../helpers/files';
import { useTemporal } from '../helpers/temporal';
import { assertExit, jsonOf, runCli } from '../cli/cli-process';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

const temporal = useTemporal();

/** One clone's settings: its own store (blob folder), output folder and state, on the shared server. */
interface Clone {
  name: string;
  blobs: string;
  output: string;
  env: Record<string, string | undefined>;
  worker?: WorkerProcess;
}

let root: string;
const clones: Clone[] = [];

function clone(name: string): Clone {
  const blobs = path.join(root, name, 'blobs');
  const output = path.join(root, name, 'output');
  return {
    name,
    blobs,
    output,
    env: {
      TEMPORAL_ADDRESS: temporal().address,
      TEMPORAL_NAMESPACE: 'default',
      DIRECTOR_DATA_DIR: blobs,
      DIRECTOR_OUTPUT_DIR: output,
      DIRECTOR_MODEL: 'local',
      // Nothing chosen by hand: each clone's queue comes from its store.
      DIRECTOR_TASK_QUEUE: undefined,
      DIRECTOR_CONFIG: undefined,
      DIRECTOR_INPUT_DIRS: undefined,
    },
  };
}

const [cloneA, cloneB] = [() => clones[0]!, () => clones[1]!];
const workerOf = (c: Clone): WorkerProcess => c.worker ?? assert.fail(`clone ${c.name} has no worker`);

/** Every file in a clone's store and output folder. */
async function filesOf(c: Clone): Promise<string[]> {
  return [...(await listFilesUnder(c.blobs)), ...(await listFilesUnder(c.output))].sort();
}

/** The identities of the workers that started a run's activities (its children's too), and its headers. */
async function whoRan(handle: WorkflowHandle): Promise<{ workers: Set<string>; stores: string[] }> {
  const workers = new Set<string>();
  const stores: string[] = [];
  const events = (await handle.fetchHistory()).events ?? [];
  for (const event of events) {
    const started = event.activityTaskStartedEventAttributes;
    if (started?.identity) workers.add(started.identity);
    const header = event.activityTaskScheduledEventAttributes?.header?.fields?.[STORE_HEADER];
    if (event.activityTaskScheduledEventAttributes) {
      stores.push(header ? defaultPayloadConverter.fromPayload<string>(header) : '(none)');
    }
    const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
    if (child) {
      const inner = await whoRan(temporal().client.workflow.getHandle(child));
      inner.workers.forEach((worker) => workers.add(worker));
      stores.push(...inner.stores);
    }
  }
  return { workers, stores };
}

describe('two clones on one machine and one Temporal server', () => {
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'director-clones-'));
    clones.push(clone('a'), clone('b'));
    await Promise.all(
      clones.map(async (c) => {
        c.worker = await startWorkerProcess(c.env);
      }),
    );
  });

  after(async () => {
    await Promise.all(clones.map((c) => (c.worker ? c.worker.stop() : Promise.resolve())));
    await rm(root, { recursive: true, force: true });
  });

  it('poll two task queues, each derived from its own store', () => {
    const [a, b] = [cloneA(), cloneB()];
    assert.equal(workerOf(a).taskQueue, storeTaskQueue(pathToFileURL(a.blobs).href));
    assert.equal(workerOf(b).taskQueue, storeTaskQueue(pathToFileURL(b.blobs).href));
    assert.notEqual(workerOf(a).taskQueue, workerOf(b).taskQueue);
  });

  it("run each clone's Directors only on that clone's worker, writing only that clone's store", async () => {
    const image = await drawProduct('tshirt');
    const [a, b] = [cloneA(), cloneB()];
    const runA = await runCli(['run', 'ecommerce', '--image', image, '--json'], { env: a.env });
    assertExit(runA, 0);
    const runB = await runCli(['run', 'product', '--image', image, '--type', 'apparel', '--json'], {
      env: b.env,
    });
    assertExit(runB, 0);
    for (const [c, run] of [
      [a, jsonOf<OutcomeDocument>(runA)],
      [b, jsonOf<OutcomeDocument>(runB)],
    ] as const) {
      assert.equal(run.status, 'completed');
      const handle = temporal().client.workflow.getHandle(run.workflowId);
      const { workers, stores } = await whoRan(handle);
      assert.deepEqual(
        [...workers],
        [`${workerOf(c).pid}@${os.hostname()}`],
        `${c.name}'s worker ran it all`,
      );
      const uri = pathToFileURL(c.blobs).href;
      assert.ok(stores.length > 3 && stores.every((store) => store === uri), stores.join(', '));
      const other = c === a ? b : a;
      const runKey = runKeyOf(run.workflowId);
      const own = (await filesOf(c)).filter((file) => file.includes(runKey));
      assert.ok(
        own.some((file) => file.startsWith(c.output)),
        `${c.name} published into its own folder`,
      );
      assert.ok(
        !(await filesOf(other)).some((file) => file.includes(runKey)),
        `nothing of ${c.name}'s run in ${other.name}'s folders`,
      );
      // Header-only interception: the run, children included, replays on today's code.
      await Worker.runReplayHistory(
        { workflowBundle: temporal().workflowBundle },
        await handle.fetchHistory(),
        run.workflowId,
      );
    }
  });

  it('refuses, before any step runs, a run sent to the other clone’s queue with its own store', async () => {
    const image = await drawProduct('tote');
    const [a, b] = [cloneA(), cloneB()];
    const before = { a: await filesOf(a), b: await filesOf(b) };
    // Clone B's CLI, forced onto clone A's queue: A's worker sees another store than the run names.
    const run = await runCli(['run', 'ecommerce', '--image', image, '--json'], {
      env: { ...b.env, DIRECTOR_TASK_QUEUE: workerOf(a).taskQueue },
    });
    assertExit(run, 1);
    const outcome = jsonOf<OutcomeDocument>(run);
    assert.ok(outcome.status === 'failed', JSON.stringify(outcome));
    assert.equal(outcome.failure.type, 'StoreMismatch');
    assert.ok(outcome.failure.message.includes(pathToFileURL(a.blobs).href), outcome.failure.message);
    assert.ok(outcome.failure.message.includes(pathToFileURL(b.blobs).href), outcome.failure.message);
    // Refused at its first attempt: the failure is not retried, and no step completed.
    const events =
      (await temporal().client.workflow.getHandle(outcome.workflowId).fetchHistory()).events ?? [];
    assert.equal(events.filter((e) => e.activityTaskCompletedEventAttributes).length, 0);
    assert.ok(events.every((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) === 1));
    assert.deepEqual({ a: await filesOf(a), b: await filesOf(b) }, before, 'nothing written in either store');
  });

  it('runs a run started without a store header (the temporal CLI, the Web UI) on the queue it was sent to', async () => {
    const a = cloneA();
    const handle = await temporal().client.workflow.start('ecommerceDirector', {
      taskQueue: workerOf(a).taskQueue,
      workflowId: `clones-no-header-${Date.now()}`,
      args: [{ productImage: await drawProduct('tote') }],
    });
    await handle.result();
    const { workers, stores } = await whoRan(handle);
    assert.deepEqual([...workers], [`${workerOf(a).pid}@${os.hostname()}`]);
    assert.ok(stores.every((store) => store === '(none)'));
  });
});
