/**
 * The folder-safe key of a run, derived from its workflow id: every output of the run is stored under it,
 * so a retried or replayed step overwrites its own output instead of adding another.
 */
export function runKeyOf(workflowId: string): string {
  const safe = workflowId.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return safe.slice(0, 120) || 'run';
}
