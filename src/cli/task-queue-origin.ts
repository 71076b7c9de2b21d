import type { DirectorConfig } from '../config';
import { storeTaskQueue } from '../shared/store-identity';
import { storeIdentity } from '../storage/open-store';

/**
 * Where the configured task queue comes from, for `director config` (which shows the store beside it): the store, or
 * the setting that overrides it (and the queue the store alone would give, so a mismatch is visible).
 */
export function taskQueueOrigin(config: DirectorConfig, env: NodeJS.ProcessEnv): { taskQueueFrom: string } {
  const store = storeIdentity(config);
  const derived = storeTaskQueue(store);
  if (config.taskQueue === derived) return { taskQueueFrom: 'derived from the store' };
  const setting = env.DIRECTOR_TASK_QUEUE?.trim() ? 'DIRECTOR_TASK_QUEUE' : 'the settings file';
  return { taskQueueFrom: `${setting} (the store's own queue is ${derived})` };
}
