/** Where a finished run's report files were published (paths on the worker's machine). */
export interface ReportPaths {
  contactSheet: string;
  html: string;
}

/** `value[key]` when `value` is an object (a plain check, so `watch` and `result` load no schema library). */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The non-empty string at `value.<key>.path`, else undefined. */
function pathOf(value: unknown, key: string): string | undefined {
  const found = field(field(value, key), 'path');
  return typeof found === 'string' && found.length > 0 ? found : undefined;
}

/**
 * Finds a run's contact sheet and HTML report from its result (any Director). Returns undefined when the
 * result has no report: the run finished before Directors wrote reports, or the value is not a Director
 * result. A failed or cancelled run has no result (and, rolled back, no report). Never throws. Results
 * come back from the server as plain JSON, possibly from an older version of a Director: only the part
 * read here is checked.
 */
export function findReportPaths(result: unknown): ReportPaths | undefined {
  const report = field(result, 'report');
  const contactSheet = pathOf(report, 'contactSheet');
  const html = pathOf(report, 'html');
  return contactSheet !== undefined && html !== undefined ? { contactSheet, html } : undefined;
}
