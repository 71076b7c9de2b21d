/**
 * The task queues model calls go to, beside a Director's own queue. Each is rate-limited task-queue-wide
 * by its workers (`maxTaskQueueActivitiesPerSecond`, from `DIRECTOR_IMAGE_QUOTA` / `DIRECTOR_TEXT_QUOTA`),
 * so any number of workers together stay under the model's quota.
 */

/** The kinds of model call that have a queue (and a quota) of their own. */
export const MODEL_QUEUES = ['images', 'text'] as const;

/** `images` (generating and editing images) or `text` (analysis, prompts, judging). */
export type ModelQueue = (typeof MODEL_QUEUES)[number];

/**
 * The task queue of one kind of model call for the runs of `mainQueue`: `<mainQueue>-images` or
 * `<mainQueue>-text`. Derived from the run's own queue, so model queues stay as store-scoped as it is (two
 * stores never share them). Pure.
 */
export function modelTaskQueue(mainQueue: string, kind: ModelQueue): string {
  return `${mainQueue}-${kind}`;
}
