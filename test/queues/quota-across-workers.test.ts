import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { createActivities } from '../../src/activities';
import type { CreativeResult } from '../../src/shared/creative-input';
import { modelTaskQueue } from '../../src/shared/model-queues';
import { createQueueWorkers } from '../../src/worker';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';
import { creativeInput } from '../helpers/creative-input';
import { FakeGeminiServer } from '../helpers/fake-gemini-server';
import { geminiDeps } from '../helpers/gemini-deps';
import { callKind, geminiStudio } from '../helpers/gemini-studio';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

/** The quota under test, in images per minute, and the images one run asks for. */
const QUOTA_PER_MINUTE = 60;
const IMAGES = 20;
/**
 * What the server may let through at once beyond the rate: one second's worth of it, per read partition of
 * the queue (one on the project's servers, 4 on Temporal's defaults, each with an even share of the rate;
 * service/matching/ratelimit_manager.go in go.temporal.io/server v1.32.2), and one for rounding.
 */
const SERVER_BURST = 5;

const processes: WorkerProcess[] = [];
after(async () => {
  await Promise.all(processes.map((p) => p.stop()));
});

/** The most calls found in any window of `times` beyond what `perMinute` allows over that window. */
function worstExcess(times: number[], perMinute: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = -Infinity;
  for (let i = 0; i < sorted.length; i += 1) {
    for (let j = i; j < sorted.length; j += 1) {
      const allowed = (((sorted[j] ?? 0) - (sorted[i] ?? 0)) / 60_000) * perMinute;
      worst = Math.max(worst, j - i + 1 - allowed);
    }
  }
  return worst;
}

describe('model quota across workers', () => {
  it('keeps three image workers together within the image quota, counted at the Gemini server', async () => {
    const env = temporal();
    const gemini = await FakeGeminiServer.start();
    const studio = await geminiStudio();
    const imageCalls: number[] = [];
    gemini.setFallback((request) => {
      if (callKind(request) === 'image') imageCalls.push(Date.now());
      return studio(request);
    });
    const deps = await geminiDeps(gemini.validKey, gemini);
    const taskQueue = `test-quota-${randomUUID()}`;
    // Three real worker processes poll the images queue only, each with the quota; they share the store.
    processes.push(
      ...(await Promise.all(
        [1, 2, 3].map(() =>
          startWorkerProcess({
            TEMPORAL_ADDRESS: env.address,
            DIRECTOR_TASK_QUEUE: taskQueue,
            DIRECTOR_WORKER_QUEUES: 'images',
            DIRECTOR_IMAGE_QUOTA: `${QUOTA_PER_MINUTE}/min`,
            DIRECTOR_DATA_DIR: deps.dataDir,
            DIRECTOR_OUTPUT_DIR: deps.outputDir,
            GEMINI_API_KEY: gemini.validKey,
            GOOGLE_GEMINI_BASE_URL: gemini.baseUrl,
            DIRECTOR_MODEL: 'gemini',
          }),
        ),
      )),
    );
    for (const worker of processes) assert.equal(worker.taskQueue, modelTaskQueue(taskQueue, 'images'));
    // This process runs the Directors and the text calls, and polls no image queue.
    const workers = await createQueueWorkers({
      connection: env.nativeConnection,
      taskQueue,
      queues: ['main', 'text'],
      quotas: {},
      workflowBundle: env.workflowBundle,
      activities: createActivities(deps),
    });
    const handle = await workers.runUntil(async () => {
      const started = await env.client.workflow.start('creativeDirector', {
        taskQueue,
        workflowId: `test-quota-${randomUUID()}`,
        args: [
          {
            ...(await creativeInput('quota pacing, linen at dusk')),
            batchCount: IMAGES,
            concurrency: 16,
            validation: { maxRounds: 0, minScore: 0 },
          },
        ],
      });
      const result = (await started.result()) as CreativeResult;
      assert.equal(result.images.length, IMAGES);
      return started;
    });
    await gemini.close();
    await deps.dispose();

    assert.equal(imageCalls.length, IMAGES, 'one image call per image, none refused');
    const excess = worstExcess(imageCalls, QUOTA_PER_MINUTE);
    assert.ok(
      excess <= SERVER_BURST,
      `at most ${QUOTA_PER_MINUTE}/min plus a burst of ${SERVER_BURST}; the worst window had ${excess.toFixed(2)} calls too many`,
    );
    // The calls were shared between the processes: the rate is the queue's, not one worker's.
    const history = await handle.fetchHistory();
    const imageWorkers = new Set(
      (history.events ?? []).flatMap((event) => {
        const identity = event.activityTaskStartedEventAttributes?.identity;
        return identity && processes.some((p) => identity.startsWith(`${p.pid}@`)) ? [identity] : [];
      }),
    );
    assert.ok(imageWorkers.size >= 2, `image calls ran on ${imageWorkers.size} of the 3 image workers`);
  });
});
