import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CreativeResult } from '../../src/shared/creative-input';
import { assertExit, runCli } from '../cli/cli-process';
import { creativeInput } from '../helpers/creative-input';
import { drawProduct } from '../helpers/drawn-images';
import { localActivities, type HistoryEvent } from '../helpers/history';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';

const temporal = useTemporal();

const count = (events: readonly HistoryEvent[], has: (event: HistoryEvent) => unknown) =>
  events.filter((event) => has(event)).length;

/** The workflow tasks and ordinary activities of a history. */
function tasksOf(events: readonly HistoryEvent[]) {
  return {
    workflowTasks: count(events, (e) => e.workflowTaskStartedEventAttributes),
    activities: count(events, (e) => e.activityTaskScheduledEventAttributes),
  };
}

/** The E-commerce run recorded (before `local-activities`) in test/histories, as JSON events. */
async function recordedEcommerceRun(): Promise<{ workflowTasks: number; activities: number }> {
  const file = path.join(__dirname, '..', 'histories', '2026-12-06-review-loop', 'ecommerce-success.json');
  const { events } = JSON.parse(await readFile(file, 'utf8')) as { events: { eventType: string }[] };
  const typed = (type: string) => events.filter((e) => e.eventType === `EVENT_TYPE_${type}`).length;
  return { workflowTasks: typed('WORKFLOW_TASK_STARTED'), activities: typed('ACTIVITY_TASK_SCHEDULED') };
}

describe('short local steps as local activities', () => {
  it('publishes and reports an E-commerce run in two fewer workflow tasks, shown by the CLI and the history; the clean-up stays an ordinary activity', async () => {
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const cli = (args: string[]) => runCli(args, { address: temporal().address });
    const run = await withWorker(temporal(), deps, (taskQueue) =>
      cli(['run', 'ecommerce', '--image', image, '--task-queue', taskQueue, '--follow']),
    );
    assertExit(run, 0);
    const workflowId = /^started (\S+)$/m.exec(run.stdout)?.[1];
    assert.ok(workflowId, run.stdout);
    assert.match(run.stdout, /output files:\n.*product\.png/);

    // What a person sees: the stage table lists the local steps as completed, like the others.
    const status = await cli(['status', workflowId]);
    assertExit(status, 0);
    assert.match(status.stdout, /publish +│ completed/);
    assert.match(status.stdout, /report +│ completed/);

    // What the Web UI sees: the steps as local activities, by name, the report with its summary.
    const events = (await temporal().client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    assert.deepEqual(localActivities(events), [
      { activityType: 'publishImages', summary: undefined },
      { activityType: 'writeRunReport', summary: 'writeRunReport (1 output)' },
    ]);
    const scheduled = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    for (const step of ['publishImages', 'writeRunReport'])
      assert.ok(!scheduled.includes(step), `${step} is not an ordinary activity any more`);
    // Scheduled once the publish and the report are in the history: a replay never meets deleted blobs.
    assert.ok(scheduled.includes('removeRunIntermediates'), 'the clean-up is an ordinary activity');

    // Each ordinary activity still costs one workflow task to resume from; the local ones cost none.
    const now = tasksOf(events);
    const before = await recordedEcommerceRun();
    assert.equal(now.activities, before.activities - 2);
    assert.equal(now.workflowTasks, now.activities + 1);
    assert.equal(now.workflowTasks, before.workflowTasks - 2);
    await deps.dispose();
  });

  it('loads the Creative brand guide as a local activity and still shows the brand-guide stage', async () => {
    const deps = await tempDeps();
    const run = await runWorkflow<CreativeResult>(
      temporal(),
      deps,
      'creativeDirector',
      await creativeInput('local brand guide'),
    );
    assert.ok(run.result, `run failed: ${String(run.error)}`);
    assert.equal(run.result.summary.stages.find((s) => s.name === 'brand-guide')?.status, 'completed');
    const events = (await run.handle.fetchHistory()).events ?? [];
    const local = localActivities(events).map((marker) => marker.activityType);
    assert.deepEqual(local, ['loadBrandGuide', 'publishImages', 'writeRunReport']);
    assert.ok(
      !run.scheduled.includes('loadBrandGuide'),
      'the brand guide is not an ordinary activity any more',
    );
    await deps.dispose();
  });
});
