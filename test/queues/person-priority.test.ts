import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Priority } from '@temporalio/common';
import { describe, it } from 'node:test';
import { createActivities, type Activities } from '../../src/activities';
import { startDirector } from '../../src/cli/director-runs';
import { CATALOG_LINE_PRIORITY, PERSON_PRIORITY } from '../../src/shared/priority';
import { createQueueWorkers } from '../../src/worker';
import { WORKER_QUEUES } from '../../src/worker-queues';
import { creativeInput } from '../helpers/creative-input';
import { drawProduct } from '../helpers/drawn-images';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

/** Catalog lines (Creative Directors asking for all their images at once) and the images queue's pace. */
const LINES = 2;
const IMAGES_PER_LINE = 16;
const IMAGES_PER_MINUTE = 120;

/** One image call as the worker started it. */
interface ImageStart {
  workflowId: string;
  at: number;
}

/**
 * Fills a rate-limited images queue with the image calls of catalog lines started at `linePriority`, then
 * starts a person's run as `director run` does, and counts the lines' calls that were waiting when the
 * person's image call was scheduled, and those of them that started before it.
 */
async function personBehindBacklog(linePriority: Priority): Promise<{ backlog: number; wentFirst: number }> {
  const env = temporal();
  const deps = await tempDeps();
  const activities = createActivities(deps);
  const starts: ImageStart[] = [];
  let personAsked = Infinity;
  const prompted = new Set<string>();
  const workflowId = () => Context.current().info.workflowExecution?.workflowId ?? '';
  const record = () => starts.push({ workflowId: workflowId(), at: Date.now() });
  const overrides: Partial<Activities> = {
    analyzeProduct: async (input) => {
      const result = await activities.analyzeProduct(input);
      personAsked = Date.now(); // only the person's run analyses a product; its image call follows
      return result;
    },
    writePrompts: async (input) => {
      const result = await activities.writePrompts(input);
      prompted.add(workflowId());
      return result;
    },
    generateImage: (input) => {
      record();
      return activities.generateImage(input);
    },
    generateBackground: (input) => {
      record();
      return activities.generateBackground(input);
    },
  };
  const taskQueue = `test-priority-${randomUUID()}`;
  const workers = await createQueueWorkers({
    connection: env.nativeConnection,
    taskQueue,
    queues: WORKER_QUEUES,
    quotas: { images: { count: IMAGES_PER_MINUTE, per: 'min' } },
    workflowBundle: env.workflowBundle,
    activities: { ...activities, ...overrides },
  });
  const line = {
    ...(await creativeInput('priority, a catalog at night')),
    batchCount: IMAGES_PER_LINE,
    concurrency: IMAGES_PER_LINE,
  };
  const shoot = { productImage: await drawProduct('tote'), style: 'warm-beige', canvasSize: 512 };

  const { person } = await workers.runUntil(async () => {
    const lines = await Promise.all(
      Array.from({ length: LINES }, (_, i) =>
        env.client.workflow.start('creativeDirector', {
          taskQueue,
          workflowId: `test-catalog-line-${i}-${randomUUID()}`,
          args: [line],
          priority: linePriority,
        }),
      ),
    );
    // Each line has written its prompts and asked for all its images at once: the backlog.
    while (prompted.size < LINES) await new Promise((resolve) => setTimeout(resolve, 50));
    const handle = await startDirector(env.client, 'ecommerce', shoot, {
      key: 'person',
      summary: 'a person’s one-off shoot',
      taskQueue,
    });
    await Promise.all([handle.result(), ...lines.map((l) => l.result())]);
    return { person: handle.workflowId };
  });
  await deps.dispose();

  const personFirst = starts.findIndex((start) => start.workflowId === person);
  assert.ok(personFirst >= 0, "the person's run made its image calls");
  const backlog = starts.filter((start) => start.at >= personAsked && start.workflowId !== person).length;
  assert.ok(backlog >= (LINES * IMAGES_PER_LINE) / 2, `${backlog} catalog image calls were waiting`);
  const wentFirst = starts
    .slice(0, personFirst)
    .filter((start) => start.at >= personAsked && start.workflowId !== person).length;
  return { backlog, wentFirst };
}

describe('priority for people over batch', () => {
  it("dispatches a person's image call ahead of the catalog lines' backlog on a rate-limited images queue", async () => {
    const { backlog, wentFirst } = await personBehindBacklog(CATALOG_LINE_PRIORITY);
    // The queue dispatches its backlog in priority order. (On a server with several read partitions per
    // queue, each orders its own share: a few lines from other partitions may still go first.)
    assert.ok(
      wentFirst < backlog / 3,
      `${wentFirst} of the ${backlog} waiting catalog image calls started before the person's first one`,
    );
  });

  it('leaves a run at the backlog’s own priority behind it, first in, first out', async () => {
    // The same scenario with the lines at the person's priority: what the first test sees is priority.
    const { backlog, wentFirst } = await personBehindBacklog(PERSON_PRIORITY);
    assert.ok(
      wentFirst > (backlog * 2) / 3,
      `${wentFirst} of the ${backlog} waiting image calls started before the person's first one`,
    );
  });
});
