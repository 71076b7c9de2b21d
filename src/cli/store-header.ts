import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { STORE_HEADER } from '../shared/store-identity';

/**
 * A client interceptor that starts every run with the `director-store` header naming `storeUri` (the
 * starting side's `ObjectStore.uri`), so the workers that take its steps can check that they see the same
 * store (src/activities/store-check.ts). The identity is a bucket or folder name, never a credential.
 */
export function storeHeaderInterceptor(storeUri: string): WorkflowClientInterceptor {
  const withStore = (headers: Headers): Headers => ({
    ...headers,
    [STORE_HEADER]: defaultPayloadConverter.toPayload(storeUri),
  });
  return {
    startWithDetails: (input, next) => next({ ...input, headers: withStore(input.headers) }),
    signalWithStart: (input, next) => next({ ...input, headers: withStore(input.headers) }),
  };
}
