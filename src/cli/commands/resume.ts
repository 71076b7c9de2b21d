import { pauseOrResume } from '../catalog/pause-resume';
import type { Output } from '../output';
import { withTemporal } from '../temporal-session';

/**
 * `director resume <workflowId>`: sends the `resume` signal to a catalog and prints its state after. Exit 2
 * for a run that is not a running catalog, 4 for an unknown id.
 */
export function resumeCommand(workflowId: string, out: Output): Promise<number> {
  return withTemporal((session) => pauseOrResume('resume', session, workflowId, out));
}
