import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const HISTORIES = path.resolve(__dirname, '../histories');

/**
 * The id a history was recorded under (scripts/record-histories.ts): child ids derive from it. The runs of
 * a continue-as-new chain (`<name>.run-<n>.json`) share their scenario's id.
 */
function recordedWorkflowId(file: string): string {
  const [scenario, child] = path
    .basename(file)
    .replace(/\.json$/, '')
    .replace(/\.run-\d+$/, '')
    .split('.child-');
  return `history-${scenario}${child ? `/${child}` : ''}`;
}

describe('replaying recorded histories', () => {
  it('replays every recorded Director history against the current workflow code', async (t) => {
    // One folder per recording (test/histories/<yyyy-mm>/): every one of them keeps replaying.
    const files = (await readdir(HISTORIES, { recursive: true }))
      .filter((name) => name.endsWith('.json'))
      .sort();
    assert.ok(files.length > 0, 'recorded histories exist (npm run record-histories)');
    for (const file of files) {
      await t.test(file, async () => {
        const history: unknown = JSON.parse(await readFile(path.join(HISTORIES, file), 'utf8'));
        // Throws DeterminismViolationError when the code no longer makes the same decisions.
        await Worker.runReplayHistory(
          { workflowBundle: temporal().workflowBundle },
          history,
          recordedWorkflowId(file),
        );
      });
    }
  });

  it('fails when the code no longer makes the recorded decisions', async () => {
    const recorded = JSON.parse(
      await readFile(path.join(HISTORIES, '2026-11', 'ecommerce-success.json'), 'utf8'),
    ) as {
      events: { activityTaskScheduledEventAttributes?: { activityType: { name: string } } }[];
    };
    const first = recorded.events.find((e) => e.activityTaskScheduledEventAttributes);
    assert.ok(first?.activityTaskScheduledEventAttributes);
    // As if the history came from code whose first step was another activity.
    first.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    await assert.rejects(
      Worker.runReplayHistory(
        { workflowBundle: temporal().workflowBundle },
        recorded,
        'history-ecommerce-success',
      ),
      { name: 'DeterminismViolationError' },
    );
  });
});
