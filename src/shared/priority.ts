/**
 * Task priorities: a Director a person started goes ahead of catalog lines waiting on the same queues.
 * Temporal dispatches a backlog by `priorityKey` (1 to 5 on a default server, lower first, 3 when unset);
 * activities and child workflows inherit their workflow's priority, so a run's model calls wait behind
 * the same people as the run itself.
 */
import type { Priority } from '@temporalio/common';

/**
 * A run started by a person (`director run`, the quick start): ahead of batch work and of runs started
 * without a priority (the default, 3), so a one-off shoot is not stuck behind a catalog's backlog.
 */
export const PERSON_PRIORITY: Priority = { priorityKey: 2 };

/**
 * A catalog line's child Director: behind people and behind runs started without a priority, so a
 * catalog of thousands of lines takes the quota only when nobody is waiting for it.
 */
export const CATALOG_LINE_PRIORITY: Priority = { priorityKey: 4 };
