import { CancellationScope, log, patched } from '@temporalio/workflow';
import { storage } from './activity-proxies';
import { describeFailure } from './describe-failure';

/**
 * Removes a finished run's intermediate blobs once its outputs and report are published (they hold their
 * own copies): call after `run.execute` returned. A cleanup that fails is logged and left for an operator;
 * it never fails a run whose work is done, and a cancel arriving now does not stop it. Runs recorded
 * before `remove-intermediates` kept their blobs and replay without it.
 */
export async function removeIntermediates(runKey: string): Promise<void> {
  if (!patched('remove-intermediates')) return;
  try {
    await CancellationScope.nonCancellable(() => storage.removeRunIntermediates({ runKey }));
  } catch (error: unknown) {
    log.warn('could not remove the intermediate blobs of a finished run', {
      runKey,
      error: describeFailure(error),
    });
  }
}
