import { z } from 'zod';

/** Where a finished run's report files were published (paths on the worker's machine). */
export interface ReportPaths {
  contactSheet: string;
  html: string;
}

// Results come back from the server as plain JSON, possibly from an older version of a Director: check
// only the part read here.
const resultWithReport = z.object({
  report: z.object({
    contactSheet: z.object({ path: z.string().min(1) }),
    html: z.object({ path: z.string().min(1) }),
  }),
});

/**
 * Finds a run's contact sheet and HTML report from its result (any Director). Returns undefined when the
 * result has no report: the run finished before Directors wrote reports, or the value is not a Director
 * result. A failed or cancelled run has no result (and, rolled back, no report). Never throws.
 */
export function findReportPaths(result: unknown): ReportPaths | undefined {
  const parsed = resultWithReport.safeParse(result);
  if (!parsed.success) return undefined;
  const { contactSheet, html } = parsed.data.report;
  return { contactSheet: contactSheet.path, html: html.path };
}
