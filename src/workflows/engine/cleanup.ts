import { CancellationScope, log, patched } from '@temporalio/workflow';
import { describeFailure } from './describe-failure';
import { storage } from './activity-proxies';
import type { ShortSteps } from './short-steps';

/**
 * Removes a finished run's intermediate blobs once its outputs and report are published (they hold their
 * own copies): call after `run.execute` returned. A cleanup that fails is logged and left for an operator;
 * it never fails a run whose work is done, and a cancel arriving now does not stop it. Runs recorded
 * before `remove-intermediates` kept their blobs and replay without it; runs since `local-activities`
 * asked that patch at their start (`steps.removesIntermediates`). Always an ordinary activity, never a local
 * one: local activities that run back to back in one workflow task are recorded only when it completes, so
 * a worker dying after the removal would replay the publish and the report over deleted blobs. Scheduled
 * after them, it waits until their results are in the history.
 */
export async function removeIntermediates(runKey: string, steps: ShortSteps): Promise<void> {
  if (!(steps.removesIntermediates ?? patched('remove-intermediates'))) return;
  try {
    await CancellationScope.nonCancellable(() => storage.removeRunIntermediates({ runKey }));
  } catch (error: unknown) {
    log.warn('could not remove the intermediate blobs of a finished run', {
      runKey,
      error: describeFailure(error),
    });
  }
}
