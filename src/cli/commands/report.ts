import { awaitClosedRun, type WaitFlags } from '../approval-gate';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';
import { findReportPaths } from '../report-paths';
import { withTemporal } from '../temporal-session';

/**
 * `director report <workflowId>`: prints the paths of a finished run's contact sheet and HTML report.
 * A run waiting at its approval gate is not waited for (exit 2, saying where its candidates are) unless
 * `--wait`. Exit 0 with the paths, 1 when the run failed (rolled back: no report), 4 for an unknown id.
 */
export function reportCommand(workflowId: string, flags: WaitFlags, out: Output): Promise<number> {
  return withTemporal(async (session) => {
    const closed = await awaitClosedRun(session, workflowId, flags, out);
    if ('exit' in closed) return closed.exit;
    const { outcome } = closed;
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
