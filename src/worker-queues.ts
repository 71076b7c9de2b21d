/**
 * Which task queues a worker process polls, and the model quotas that pace the model queues: parsed from
 * `DIRECTOR_WORKER_QUEUES`, `DIRECTOR_IMAGE_QUOTA` and `DIRECTOR_TEXT_QUOTA` (see src/config.ts).
 */
import { z } from 'zod';
import { MODEL_QUEUES } from './shared/model-queues';

/** The queues of one store: `main` (Directors, local steps, storage, undo), then the model queues. */
export const WORKER_QUEUES = ['main', ...MODEL_QUEUES] as const;

/** One of `WORKER_QUEUES`. */
export type WorkerQueue = (typeof WORKER_QUEUES)[number];

/** The units a quota may be given in, with their length in seconds. */
const QUOTA_UNITS = { s: 1, min: 60, h: 3600 } as const;

/** A model quota in its own units: `count` calls per `per` (`10/min` is `{ count: 10, per: 'min' }`). */
export const quotaSchema = z.object({
  count: z.number().positive(),
  per: z.enum(['s', 'min', 'h']),
});

/** A parsed quota. */
export type Quota = z.infer<typeof quotaSchema>;

/**
 * Reads `DIRECTOR_WORKER_QUEUES`: a comma-separated list of `main`, `images`, `text`; unset or blank means
 * all three (one process serves everything, as the embedded default needs). Throws an `Error` naming the
 * variable and the value for an unknown or empty list.
 */
export function parseWorkerQueues(value: string | undefined, name = 'DIRECTOR_WORKER_QUEUES'): WorkerQueue[] {
  if (value === undefined || value.trim() === '') return [...WORKER_QUEUES];
  const names = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const unknown = names.filter((part) => !(WORKER_QUEUES as readonly string[]).includes(part));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `${name} must list some of ${WORKER_QUEUES.join(', ')} (comma-separated), got ${JSON.stringify(value)}`,
    );
  }
  return WORKER_QUEUES.filter((queue) => names.includes(queue));
}

/**
 * Reads a quota such as `10/min`, `0.5/s` or `600/h` (a positive number of calls per second, minute or
 * hour); unset or blank means no limit. Throws an `Error` naming the variable and the value otherwise.
 */
export function parseQuota(value: string | undefined, name: string): Quota | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|min|h)\s*$/.exec(value);
  const count = Number(match?.[1]);
  if (!match || !(count > 0)) {
    throw new Error(
      `${name} must be a positive number of calls per s, min or h (e.g. 10/min), got ${JSON.stringify(value)}`,
    );
  }
  return { count, per: match[2] as Quota['per'] };
}

/** The quota as Temporal's `maxTaskQueueActivitiesPerSecond` takes it: calls per second. */
export function quotaPerSecond(quota: Quota): number {
  return quota.count / QUOTA_UNITS[quota.per];
}

/** `10/min`, as the setting is written. */
export function formatQuota(quota: Quota): string {
  return `${quota.count}/${quota.per}`;
}
