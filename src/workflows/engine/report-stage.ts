import type { RunReportFiles, RunReportInput } from '../../shared/run-report';
import { undo } from './activity-proxies';
import type { DirectorRun } from './director-run';
import type { ShortSteps } from './short-steps';

/** What a Director tells its report; the stage table and the cost come from the run itself. */
export type ReportRequest = Omit<RunReportInput, 'summary' | 'cost'>;

/**
 * Runs a Director's last stage, `report`: the contact sheet and HTML report of its outputs, published
 * beside them, through `steps.processing` (a local activity since `local-activities`). Its undo
 * (`deleteRunReport`, an ordinary activity) is registered first, so a report cut short leaves nothing.
 */
export async function reportStage(
  run: DirectorRun,
  steps: ShortSteps,
  request: ReportRequest,
): Promise<RunReportFiles> {
  const { runKey } = request;
  const { contactSheet, html } = await run.stage(
    'report',
    () => {
      // Taken inside the stage, so every earlier stage shows as finished, with its time.
      const summary = run.tracker.summary();
      const input: RunReportInput = { ...request, summary, ...(summary.cost ? { cost: summary.cost } : {}) };
      const outputs = `${request.items.length} output${request.items.length === 1 ? '' : 's'}`;
      return steps.processing.writeRunReport.executeWithOptions({ summary: `writeRunReport (${outputs})` }, [
        input,
      ]);
    },
    { undo: { name: 'deleteRunReport', run: () => undo.deleteRunReport({ runKey }) } },
  );
  return { contactSheet, html };
}
