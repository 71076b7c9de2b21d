import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { selectModel } from '../../src/model/select-model';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { PROJECT_ROOT } from '../../src/config';
import type { CreativeResult } from '../../src/shared/creative-input';
import { startDevServer } from '../../src/temporal/dev-server';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';
import { createQueueWorkers } from '../../src/worker';
import { WORKER_QUEUES } from '../../src/worker-queues';
import { progressQuery } from '../../src/shared/messages';
import { drawReferences } from '../helpers/drawn-images';
import { FakeGeminiServer } from '../helpers/fake-gemini-server';
import { freePort } from '../helpers/free-port';
import { callKind, geminiStudio } from '../helpers/gemini-studio';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const KEY = 'AIzaFAKE-crash-recovery-key';
/** Image calls take a while, as real ones do, so a crash lands mid-run. */
const IMAGE_DELAY_MS = 400;
let fake: FakeGeminiServer;

// The model is the Gemini provider talking to a fake Gemini server in this process: every call that
// reached the model, from any worker process, is recorded here.
before(async () => {
  fake = await FakeGeminiServer.start(KEY);
  const studio = await geminiStudio();
  fake.setFallback((request) => {
    const reply = studio(request);
    return callKind(request) === 'image' ? { ...reply, delayMs: IMAGE_DELAY_MS } : reply;
  });
});
after(() => fake.close());

const geminiEnv = () => ({
  GEMINI_API_KEY: KEY,
  GOOGLE_GEMINI_BASE_URL: fake.baseUrl,
  DIRECTOR_MODEL: 'gemini',
});

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
        ...geminiEnv(),
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

/**
 * The run's `generateImage` steps as its history records them: `prompt-round` for each, and the attempt
 * that completed it (a step retried after a crash shows attempt 2).
 */
async function imageSteps(handle: WorkflowHandle): Promise<{ steps: string[]; attempts: number }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const steps = new Map<string, string>();
  let attempts = 0;
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'generateImage') {
      const data = scheduled.input?.payloads?.[0]?.data;
      const input = JSON.parse(Buffer.from(data ?? []).toString()) as {
        prompt: { index: number };
        round: number;
      };
      steps.set(String(event.eventId), `${input.prompt.index}-r${input.round}`);
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started && steps.has(String(started.scheduledEventId))) attempts += started.attempt ?? 1;
  }
  return { steps: [...steps.values()], attempts };
}

/** Image calls the fake Gemini server received since `from` (requests index). */
function imageCallsSince(from: number): number {
  return fake.requests.slice(from).filter((request) => callKind(request) === 'image').length;
}

/**
 * Every image call that reached the model was a recorded attempt of a step: a crash may cost a retried
 * attempt, never a finished step done again (which would be a model call with no attempt behind it).
 */
function assertNoStepRedone(calls: number, history: { steps: string[]; attempts: number }): void {
  assert.equal(history.steps.length, 10, `ten image steps: ${history.steps.join(', ')}`);
  assert.ok(calls >= 10, `each of the ten steps called the model: ${calls} calls`);
  assert.ok(
    calls <= history.attempts,
    `${calls} image calls reached the model, but only ${history.attempts} attempts are recorded`,
  );
}

describe('durability', () => {
  it('finishes a run whose worker was killed mid-fan-out, without redoing finished steps', async () => {
    const env = temporal();
    const taskQueue = `crash-worker-${randomUUID()}`;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'director-crash-'));
    const callsBefore = fake.requests.length;
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
      assertNoStepRedone(imageCallsSince(callsBefore), await imageSteps(handle));
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
    const local = await tempDeps();
    const selection = selectModel(geminiEnv(), new LocalDirectorModel());
    assert.equal(selection.kind, 'gemini');
    const deps = { ...local, model: selection.model };
    const taskQueue = `crash-server-${randomUUID()}`;
    const callsBefore = fake.requests.length;
    const worker = await createQueueWorkers({
      connection: nativeConnection,
      taskQueue,
      queues: WORKER_QUEUES,
      quotas: {},
      workflowBundle: temporal().workflowBundle,
      activities: createActivities(deps),
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
        return { outcome, history: await imageSteps(handle) };
      });
      assert.equal(result.outcome.images.length, 10);
      assertNoStepRedone(imageCallsSince(callsBefore), result.history);
    } finally {
      await nativeConnection.close();
      await connection.close();
      await server.stop();
      await deps.dispose();
    }
  });
});
