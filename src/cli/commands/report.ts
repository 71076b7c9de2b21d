import { stopAtApprovalGate, type WaitFlags } from '../approval-gate';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';
import { findReportPaths } from '../report-paths';
import { awaitOutcome } from '../run-outcome';
import { existingRun, withTemporal } from '../temporal-session';

/**
 * `director report <workflowId>`: prints the paths of a finished run's contact sheet and HTML report.
 * A run waiting at its approval gate is not waited for (exit 2, saying where its candidates are) unless
 * `--wait`. Exit 0 with the paths, 1 when the run failed (rolled back: no report), 4 for an unknown id.
 */
export function reportCommand(workflowId: string, flags: WaitFlags, out: Output): Promise<number> {
  return withTemporal(async (session) => {
    const { handle, description } = await existingRun(session, workflowId);
    if (!flags.wait) {
      const atGate = await stopAtApprovalGate(session, handle, description, out);
      if (atGate !== undefined) return atGate;
    }
    if (description.status.name === 'RUNNING')
      out.warn(`${workflowId} is still running: waiting for it to close…`);
    const outcome = await awaitOutcome(handle);
    const paths = outcome.ok ? findReportPaths(outcome.result) : undefined;
    if (!paths) {
      const why = outcome.ok
        ? 'its result names no report (it finished before Directors wrote reports)'
        : 'it did not complete, and its outputs were rolled back';
      out.document({ workflowId, report: null, reason: why });
      out.line(`${workflowId} has no report: ${why}`);
      return outcome.ok ? EXIT.ok : EXIT.failed;
    }
    out.document({ workflowId, report: paths });
    out.line(`contact sheet  ${paths.contactSheet}`);
    out.line(`report         ${paths.html}`);
    return EXIT.ok;
  });
}
