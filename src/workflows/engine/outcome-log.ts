/**
 * A workflow interceptor module (bundled through `workflowInterceptorModules`): when a Director ends with
 * an expected business outcome (`EXPECTED_OUTCOMES`), it logs one line naming it before the SDK logs the
 * failure, so the worker's log can show that line instead of the SDK's 30-line stack trace
 * (src/worker-runtime.ts drops the SDK's entry for the same run). It only logs: it never changes what the
 * workflow decides or how it fails, so histories replay as before.
 */
import { ApplicationFailure, log, type WorkflowInterceptors } from '@temporalio/workflow';
import { EXPECTED_OUTCOMES, OUTCOME_LOG_KEY } from '../../shared/expected-outcomes';

/** The interceptors of this module: one inbound `execute` interceptor. */
export function interceptors(): WorkflowInterceptors {
  return {
    inbound: [
      {
        async execute(input, next) {
          try {
            return await next(input);
          } catch (error: unknown) {
            if (error instanceof ApplicationFailure && error.type && EXPECTED_OUTCOMES.has(error.type))
              log.info(`Workflow ended: ${error.type}: ${error.message}`, { [OUTCOME_LOG_KEY]: error.type });
            throw error;
          }
        },
      },
    ],
  };
}
