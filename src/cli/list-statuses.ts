// The states `director list --status` filters on, apart from the list command so `--help` can name them
// without loading Temporal's client.

/** `--status` values and the `ExecutionStatus` each stands for. */
export const LIST_STATUSES = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  'timed-out': 'TimedOut',
  'continued-as-new': 'ContinuedAsNew',
} as const;
