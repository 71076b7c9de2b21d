import { pauseOrResume } from '../catalog/pause-resume';
import type { Output } from '../output';
import { withTemporal } from '../temporal-session';

/**
 * `director pause <workflowId>`: sends the `pause` signal to a catalog and prints its state after. Exit 2
 * for a run that is not a running catalog, 4 for an unknown id.
 */
export function pauseCommand(workflowId: string, out: Output): Promise<number> {
  return withTemporal((session) => pauseOrResume('pause', session, workflowId, out));
}
