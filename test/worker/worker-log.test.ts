import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { PROJECT_ROOT } from '../../src/config';
import { drawProduct } from '../helpers/drawn-images';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

/** A `director worker` process on a task queue of its own, with what it has written to stderr so far. */
async function startWorker(
  taskQueue: string,
  root: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/client.ts'), 'worker'],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: temporal().address,
        TEMPORAL_NAMESPACE: 'default',
        DIRECTOR_TASK_QUEUE: taskQueue,
        DIRECTOR_MODEL: 'local',
        DIRECTOR_DATA_DIR: path.join(root, 'blobs'),
        DIRECTOR_OUTPUT_DIR: path.join(root, 'output'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  for (let i = 0; i < 600 && !/worker polling/.test(stdout); i += 1) {
    if (child.exitCode !== null) assert.fail(`the worker exited (${child.exitCode}):\n${stdout}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.match(stdout, /worker polling/, `the worker never started:\n${stdout}\n${stderr}`);
  return { child, log: () => stderr + stdout };
}

/** Runs an E-commerce Director on the worker's queue and returns its failure type. */
async function failingRun(taskQueue: string, input: Record<string, unknown>): Promise<string | undefined> {
  const handle = await temporal().client.workflow.start('ecommerceDirector', {
    taskQueue,
    workflowId: `log-${randomUUID()}`,
    args: [input],
  });
  const error = await handle.result().then(
    () => assert.fail('the run must fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WorkflowFailedError);
  return error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;
}

/** The log's lines from `from` on that mention `word`, and whether a stack trace (`    at …`) follows them. */
function linesAbout(log: string, word: string): { lines: string[]; stack: boolean } {
  const lines = log.split('\n');
  const first = lines.findIndex((line) => line.includes(word));
  return {
    lines: lines.filter((line) => line.includes(word)),
    stack: first >= 0 && lines.slice(first).some((line) => /^\s+at /.test(line)),
  };
}

/** Waits (bounded) until the log mentions `word`: the worker writes its log as the run closes. */
async function untilLogged(log: () => string, word: string): Promise<void> {
  for (let i = 0; i < 100 && !log().includes(word); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

describe("the worker's log", () => {
  it('gives an expected business outcome one line without a stack, while a real error keeps its stack', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'director-worker-log-'));
    const taskQueue = `log-${randomUUID()}`;
    const worker = await startWorker(taskQueue, root);
    try {
      const image = await drawProduct('tote');
      const rejected = await failingRun(taskQueue, {
        productImage: image,
        canvasSize: 800,
        quality: { minSharpness: 1e9 },
      });
      assert.equal(rejected, 'QualityRejected');
      await untilLogged(worker.log, 'QualityRejected');
      const quiet = linesAbout(worker.log(), 'QualityRejected');
      assert.equal(quiet.lines.length, 1, `one line for the rejection:\n${worker.log()}`);
      assert.equal(quiet.stack, false, `no stack trace for a rejection:\n${worker.log()}`);

      // An image that is not there is a failure someone must look at: its stack stays.
      const missing = await failingRun(taskQueue, { productImage: path.join(root, 'no-such-photo.png') });
      assert.equal(missing, 'ImageNotFound');
      await untilLogged(worker.log, 'ImageNotFound');
      const loud = linesAbout(worker.log(), 'ImageNotFound');
      assert.ok(loud.stack, `a stack trace for a real error:\n${worker.log()}`);
    } finally {
      const exited = new Promise((resolve) => worker.child.once('exit', resolve));
      if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
      await exited;
      await rm(root, { recursive: true, force: true });
    }
  });
});
