/**
 * A workflow interceptor module (bundled through `workflowInterceptorModules`): a run started with the
 * `director-store` header (its store's identity, see src/shared/store-identity.ts) passes that header on
 * to every activity, local activity and child workflow it schedules, and to its continuation, so each
 * worker that picks up one of its steps can check that it sees the same store before the step runs.
 * Headers only: it adds no command and changes no decision, so histories replay as before; a run without
 * the header passes nothing on.
 */
import type { Headers, Payload, WorkflowInterceptors } from '@temporalio/workflow';
import { STORE_HEADER } from '../../shared/store-identity';

/** The interceptors of this module, one set per run: the run's store header, read at start, passed on. */
export function interceptors(): WorkflowInterceptors {
  let store: Payload | undefined;
  const withStore = (headers: Headers): Headers =>
    store === undefined ? headers : { ...headers, [STORE_HEADER]: store };
  return {
    inbound: [
      {
        execute(input, next) {
          store = input.headers[STORE_HEADER];
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: withStore(input.headers) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: withStore(input.headers) }),
        startChildWorkflowExecution: (input, next) => next({ ...input, headers: withStore(input.headers) }),
        continueAsNew: (input, next) => next({ ...input, headers: withStore(input.headers) }),
      },
    ],
  };
}
