import type { Priority } from '@temporalio/common';

/**
 * Temporal task priorities (priorityKey 1..5, lower goes first; unset means 3). A run a person started
 * jumps ahead of catalog lines waiting on the same queues; activities inherit their workflow's priority.
 */
export const PERSON_PRIORITY: Priority = { priorityKey: 2 };

/** The priority of a catalog's child Directors (and so of their activities): behind people's runs. */
export const CATALOG_LINE_PRIORITY: Priority = { priorityKey: 4 };
