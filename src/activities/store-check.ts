import type { Context } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptors } from '@temporalio/worker';
import { nonRetryable } from '../shared/failures';
import { STORE_HEADER } from '../shared/store-identity';

/**
 * An activity interceptor factory for a worker that sees the store `workerStore` (its `ObjectStore.uri`):
 * a step of a run that carries another store's identity in its `director-store` header fails with a
 * non-retryable `StoreMismatch` naming both stores, before the activity body runs, so nothing is read or
 * written in the wrong store. Steps without the header (runs started by the `temporal` CLI or the Web UI)
 * run as usual.
 */
export function checkRunStore(workerStore: string): (context: Context) => ActivityInterceptors {
  return (context) => ({
    inbound: {
      async execute(input, next) {
        const header = input.headers[STORE_HEADER];
        const runStore =
          header === undefined ? undefined : defaultPayloadConverter.fromPayload<unknown>(header);
        if (runStore !== undefined && runStore !== workerStore) {
          const { activityType, workflowExecution } = context.info;
          const shown = typeof runStore === 'string' ? runStore : JSON.stringify(runStore);
          throw nonRetryable(
            'StoreMismatch',
            `run ${workflowExecution?.workflowId ?? '(none)'} uses the store ${shown}, but this worker sees ` +
              `${workerStore}: step ${activityType} refused (start the run with the same store settings ` +
              'as its workers, or on their task queue)',
            { runStore, workerStore, activityType },
          );
        }
        return await next(input);
      },
    },
  });
}
