import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { PROJECT_ROOT } from '../../src/config';
import type { CreativeResult } from '../../src/shared/creative-input';
import { startDevServer } from '../../src/temporal/dev-server';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';
import { WORKER_TUNING } from '../../src/worker';
import { progressQuery } from '../../src/shared/messages';
import { drawReferences } from '../helpers/drawn-images';
import { freePort } from '../helpers/free-port';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

/** A long enough Creative run: ten images, one at a time. */
async function longCreativeInput() {
  return {
    referenceImages: await drawReferences(1),
    brand: 'linn-atelier',
    mood: 'calm',
    batchCount: 10,
    size: 640,
    concurrency: 1,
    validation: { minScore: 0 },
  };
}

/** A `director worker` process of its own (killable), on its own task queue. */
function spawnWorker(address: string, taskQueue: string, dataDir: string): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/client.ts'), 'worker'],
    {
      cwd: PROJECT_ROOT,
      detached: true, // its own process group, so SIGKILL takes tsx and node together
      stdio: 'ignore',
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: address,
        DIRECTOR_TASK_QUEUE: taskQueue,
        DIRECTOR_MODEL: 'local',
        DIRECTOR_DATA_DIR: path.join(dataDir, 'blobs'),
        DIRECTOR_OUTPUT_DIR: path.join(dataDir, 'output'),
      },
    },
  );
  child.unref(); // the test kills it; it must not keep the test process alive
  return child;
}

function killHard(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error; // already gone
  }
}

async function untilImages(handle: WorkflowHandle, settled: number): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const progress = await handle.query(progressQuery).catch(() => undefined);
    if (progress?.stage === 'image-generation' && (progress.items?.settled ?? 0) >= settled) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the run never generated ${settled} images`);
}

/** Each (activity, prompt index, round) the run scheduled: a resumed run schedules none twice. */
async function scheduledSteps(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'generateImage') return [];
    const data = scheduled.input?.payloads?.[0]?.data;
    const input = JSON.parse(Buffer.from(data ?? []).toString()) as {
      prompt: { index: number };
      round: number;
    };
    return [`${input.prompt.index}-r${input.round}`];
  });
}

describe('durability', () => {
  it('finishes a run whose worker was killed mid-fan-out, without redoing finished steps', async () => {
    const env = temporal();
    const taskQueue = `crash-worker-${randomUUID()}`;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'director-crash-'));
    const first = spawnWorker(env.address, taskQueue, dataDir);
    let second: ChildProcess | undefined;
    try {
      const handle = await env.client.workflow.start('creativeDirector', {
        taskQueue,
        workflowId: `crash-worker-${randomUUID()}`,
        args: [await longCreativeInput()],
      });
      await untilImages(handle, 3);
      killHard(first);
      second = spawnWorker(env.address, taskQueue, dataDir);
      const result = (await handle.result()) as CreativeResult;
      assert.equal(result.images.length, 10);
      const steps = await scheduledSteps(handle);
      assert.equal(new Set(steps).size, steps.length, `no step scheduled twice: ${steps.join(', ')}`);
      assert.equal(steps.length, 10);
    } finally {
      killHard(first);
      if (second) killHard(second);
    }
  });

  it('finishes a run whose Temporal server was killed and restarted mid-run', async () => {
    const cli = await resolveTemporalCli();
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'director-crash-server-'));
    const [port, uiPort] = [await freePort(), await freePort()];
    let server = await startDevServer({ cliPath: cli.path, stateDir, port, uiPort });
    const connection = await Connection.connect({ address: server.address });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const deps = await tempDeps();
    const taskQueue = `crash-server-${randomUUID()}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: temporal().workflowBundle,
      activities: createActivities(deps),
      ...WORKER_TUNING,
    });
    try {
      const client = new Client({ connection });
      const result = await worker.runUntil(async () => {
        const handle = await client.workflow.start('creativeDirector', {
          taskQueue,
          workflowId: `crash-server-${randomUUID()}`,
          args: [await longCreativeInput()],
        });
        await untilImages(handle, 3);
        process.kill(server.pid, 'SIGKILL');
        await server.stop();
        server = await startDevServer({ cliPath: cli.path, stateDir, port, uiPort });
        const outcome = (await handle.result()) as CreativeResult;
        return { outcome, steps: await scheduledSteps(handle) };
      });
      assert.equal(result.outcome.images.length, 10);
      assert.equal(new Set(result.steps).size, result.steps.length, 'no step scheduled twice');
    } finally {
      await nativeConnection.close();
      await connection.close();
      await server.stop();
      await deps.dispose();
    }
  });
});
