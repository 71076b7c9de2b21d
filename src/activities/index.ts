import type { Usage } from '../shared/usage';
import { cancelAwareStores } from './cancel-aware-stores';
import { createCatalogActivities } from './catalog';
import { createCreativeActivities } from './creative';
import type { ActivityDeps } from './deps';
import { createCleanupActivities } from './cleanup';
import { createImageActivities } from './images';
import { createInputActivities } from './input';
import { createModelActivities } from './model';
import { createPostProcessingActivities } from './post-processing';
import { createProductActivities } from './product';
import { createQualityActivities } from './quality';
import { createReportActivities } from './report';
import { reportAttempt } from './report-attempt';
import { createReviewActivities } from './review';
import { createStorageActivities } from './storage';

export type { DirectorModel } from '../model/director-model';
export type { ActivityDeps } from './deps';

type Wrapped<T> = {
  [K in keyof T]: T[K] extends (input: infer I) => Promise<infer O>
    ? (input: I) => Promise<O & { attempt: number; usage?: Usage }>
    : never;
};

/**
 * Every activity of every Director, closed over the worker's dependencies. Each reports the attempt
 * that produced its result, for the stage table, and writes nothing once it has been cancelled.
 */
export function createActivities(workerDeps: ActivityDeps) {
  // Every write an activity makes checks for cancellation first: nothing is written after a cancel.
  const deps = cancelAwareStores(workerDeps);
  const activities = {
    ...createInputActivities(),
    ...createImageActivities(deps),
    ...createModelActivities(deps),
    ...createQualityActivities(deps),
    ...createCreativeActivities(deps),
    ...createPostProcessingActivities(deps),
    ...createProductActivities(deps),
    ...createStorageActivities(deps),
    ...createReportActivities(deps),
    ...createReviewActivities(deps),
    ...createCleanupActivities(deps),
    ...createCatalogActivities(deps),
  };
  return wrapAll(activities);
}

/** The activity interface workflows proxy (imported as a type only). */
export type Activities = ReturnType<typeof createActivities>;

function wrapAll<T extends Record<string, (input: never) => Promise<object>>>(activities: T): Wrapped<T> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = reportAttempt(activity as (input: unknown) => Promise<object>);
  }
  return wrapped as Wrapped<T>;
}
