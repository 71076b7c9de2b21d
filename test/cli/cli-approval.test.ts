import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { RunStatusDocument } from '../../src/cli/run-status';
import type { OutcomeDocument } from '../../src/cli/run-outcome';
import type { CreativeResult } from '../../src/shared/creative-input';
import { approvalQuery } from '../../src/shared/messages';
import { drawReferences } from '../helpers/drawn-images';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';
import { assertExit, jsonOf, runCli, startCli } from './cli-process';
import { runKeyOf } from '../../src/shared/run-key';

const temporal = useTemporal();
const cli = (args: string[]) => runCli(args, { address: temporal().address });

/**
 * Starts a Creative Director that stops at its approval gate, on a fresh worker, waits until it is at the
 * gate, and runs `drive` against it while the worker still serves it.
 */
async function atApprovalGate<T>(
  drive: (workflowId: string, deps: { dataDir: string }) => Promise<T>,
): Promise<T> {
  const deps = await tempDeps();
  const referenceImages = await drawReferences(1);
  try {
    return await withWorker(temporal(), deps, async (taskQueue) => {
      const handle = await temporal().client.workflow.start('creativeDirector', {
        taskQueue,
        workflowId: `creative-cli-${randomUUID()}`,
        args: [
          {
            referenceImages,
            brand: 'linn-atelier',
            mood: 'quiet morning',
            batchCount: 1,
            size: 256,
            validation: { minScore: 0 },
            approval: { required: true, timeout: '10 minutes' },
          },
        ],
      });
      await untilWaiting(handle);
      return drive(handle.workflowId, deps);
    });
  } finally {
    await deps.dispose();
  }
}

async function untilWaiting(handle: WorkflowHandle): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const state = await handle.query(approvalQuery).catch(() => undefined);
    if (state?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the run never reached its approval gate');
}

describe('director CLI at the approval gate', () => {
  it('result and report say at once that the run waits for a decision, and where its candidates are', async () => {
    await atApprovalGate(async (workflowId, deps) => {
      const env = { DIRECTOR_DATA_DIR: deps.dataDir }; // the CLI names the folder of the worker's store
      const at = { address: temporal().address, env };
      const candidates = path.join(deps.dataDir, 'runs', runKeyOf(workflowId), 'post');
      const result = await runCli(['result', workflowId], at);
      assertExit(result, 2);
      assert.match(result.stdout, /is waiting at its approval gate/);
      assert.ok(result.stdout.includes(candidates), `names ${candidates}:\n${result.stdout}`);
      assert.match(result.stdout, /--wait/);
      assert.ok((await readdir(candidates)).length > 0, 'the folder holds the candidate images');
      const report = await runCli(['report', workflowId, '--json'], at);
      assertExit(report, 2);
      const document = jsonOf<{ status: string; candidates: string }>(report);
      assert.equal(document.status, 'waiting-for-approval');
      assert.ok(document.candidates.startsWith(candidates), document.candidates);

      // With --wait it waits for the decision, and prints the result once the run completes.
      const waiting = startCli(['result', workflowId, '--wait', '--json'], at);
      await waiting.printed(/still running: waiting for it to close/, 'stderr'); // it waits, not returns
      assertExit(await cli(['approve', workflowId, '--by', 'ana']), 0);
      const waited = await waiting.result;
      assertExit(waited, 0);
      assert.equal(jsonOf<OutcomeDocument>(waited).status, 'completed');
    });
  });

  it('cancels a run waiting for approval: it ends failed with DirectorCancelled and result exits 1', async () => {
    await atApprovalGate(async (workflowId) => {
      const status = jsonOf<RunStatusDocument>(await cli(['status', workflowId, '--json']));
      assert.equal(status.status, 'running');
      assert.equal(status.progress?.stage, 'approval');
      assert.equal(status.summary?.stages.find((s) => s.name === 'approval')?.status, 'running');

      const cancel = await cli(['cancel', workflowId, '--reason', 'wrong brief']);
      assertExit(cancel, 0);
      assert.match(cancel.stdout, /cancel sent/);

      const result = await cli(['result', workflowId]);
      assertExit(result, 1);
      assert.match(result.stdout, /Failed: DirectorCancelled: cancelled by signal: wrong brief/);
      assert.match(result.stdout, /approval +│ failed/);
      const document = jsonOf<OutcomeDocument>(await cli(['result', workflowId, '--json']));
      assert.equal(document.status, 'failed');
      assert.equal(document.failure.type, 'DirectorCancelled');
      assert.ok(document.summary?.compensations.length, 'its outputs were rolled back');

      const again = await cli(['cancel', workflowId]);
      assertExit(again, 2);
      assert.match(again.stderr, /already closed \(failed\): nothing to cancel/);
    });
  });

  it('approves a run through the CLI while another CLI watches it to the end', async () => {
    await atApprovalGate(async (workflowId) => {
      const watching = startCli(['watch', workflowId], { address: temporal().address });
      // Decide only once the watcher has seen the run waiting, so its log shows the wait.
      await watching.printed(/approval running waiting for `director approve <id>`/);
      const approve = await cli(['approve', workflowId, '--by', 'ana', '--note', 'lovely', '--json']);
      assertExit(approve, 0);
      const decided = jsonOf<Record<string, unknown>>(approve);
      assert.equal(decided.workflowId, workflowId);
      assert.equal(typeof decided.runId, 'string');
      assert.deepEqual(
        { decision: decided.decision, by: decided.by, note: decided.note, timedOut: decided.timedOut },
        { decision: 'approve', by: 'ana', note: 'lovely', timedOut: false },
        'the answer is the decision the run recorded',
      );
      const watch = await watching.result;
      assertExit(watch, 0);
      assert.match(watch.stdout, /approval completed/);
      assert.match(watch.stdout, /creative director: completed/);
      const result = jsonOf<OutcomeDocument>(await cli(['result', workflowId, '--json']));
      assert.equal(result.status, 'completed');
      const approval = result.status === 'completed' ? (result.result as CreativeResult).approval : undefined;
      assert.equal(approval?.decision, 'approve');
      assert.equal(approval?.by, 'ana');
    });
  });

  it('rejects a run through the CLI; a later decision is refused as not waiting', async () => {
    await atApprovalGate(async (workflowId) => {
      const reject = await cli(['reject', workflowId, '--by', 'bo', '--note', 'too dark']);
      assertExit(reject, 0);
      assert.match(reject.stdout, /rejected by bo \(too dark\)/);
      const result = await cli(['result', workflowId]);
      assertExit(result, 1);
      assert.match(result.stdout, /Failed: ApprovalRejected: .*rejected by bo: too dark/);
      const late = await cli(['approve', workflowId]);
      assertExit(late, 2);
      assert.match(late.stderr, /not waiting for approval/);
    });
  });

  it('refuses a conflicting decision once the run has been approved', async () => {
    await atApprovalGate(async (workflowId) => {
      // Decide once, so the gate is passed; the run is still at work or done, never waiting again.
      assertExit(await cli(['approve', workflowId, '--by', 'ana']), 0);
      const conflicting = await cli(['reject', workflowId, '--json']);
      assertExit(conflicting, 2);
    });
  });
});
