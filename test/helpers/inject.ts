import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../src/activities';

/** Replaces one activity with a fake that fails, non-retryably, with type `InjectedFailure`. */
export function failing(name: keyof Activities): Partial<Activities> {
  const fail = () =>
    Promise.reject(
      ApplicationFailure.create({
        type: 'InjectedFailure',
        message: `injected into ${name}`,
        nonRetryable: true,
      }),
    );
  return { [name]: fail };
}
