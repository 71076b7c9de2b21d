import type { Client } from '@temporalio/client';
import type { CreativeResult } from '../shared/creative-input';
import type { EcommerceResult, PublishedFile } from '../shared/ecommerce';
import { TASK_QUEUE, WORKFLOW_TYPES, type DirectorName } from '../shared/names';
import { PERSON_PRIORITY } from '../shared/priority';
import type { ProductResult } from '../shared/product-input';
import { followRun, type RunOutcome } from './follow-run';
import { findReportPaths } from './report-paths';
import { renderSummary } from './render-summary';
import { newWorkflowId } from './workflow-ids';

/** Any Director's result. */
export type DirectorResult = EcommerceResult | CreativeResult | ProductResult;

/**
 * Starts a Director for a person, with a workflow id carrying its business key, a one-line summary for
 * the Web UI, and `PERSON_PRIORITY`, so it goes ahead of catalog lines waiting on the same queues.
 */
export async function startDirector(
  client: Client,
  director: DirectorName,
  input: object,
  options: { key: string; summary: string; taskQueue?: string },
) {
  return client.workflow.start(WORKFLOW_TYPES[director], {
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowId: newWorkflowId(director, options.key),
    args: [input],
    staticSummary: options.summary,
    priority: PERSON_PRIORITY,
  });
}

/** Every file a finished run published. */
export function publishedFiles(result: DirectorResult): PublishedFile[] {
  if ('images' in result && 'prompts' in result) {
    return result.images.flatMap((image) => image.files); // the contact sheet is printed with the report
  }
  return result.files;
}

/** Prints a finished run: the stage table, then the published files (or the failure). */
export function printOutcome(outcome: RunOutcome<DirectorResult>, print: (line: string) => void): void {
  if (!outcome.ok) {
    if (outcome.summary) print(renderSummary(outcome.summary));
    print(`\nFailed: ${outcome.type}: ${outcome.message}`);
    return;
  }
  print(renderSummary(outcome.result.summary));
  print('\noutput files:');
  for (const file of publishedFiles(outcome.result)) {
    print(`  ${file.path}  (${file.image.width}x${file.image.height} ${file.image.mimeType})`);
  }
  const report = findReportPaths(outcome.result);
  if (report) print(`\nreport: ${report.html}\ncontact sheet: ${report.contactSheet}`);
}

/** Starts a Director, follows it to the end with live stage lines, prints the outcome. */
export async function runDirector(
  client: Client,
  director: DirectorName,
  input: object,
  options: { key: string; summary: string; taskQueue?: string },
  print: (line: string) => void,
): Promise<{ workflowId: string; runId: string; outcome: RunOutcome<DirectorResult> }> {
  const handle = await startDirector(client, director, input, options);
  print(`started ${handle.workflowId}`);
  const outcome = await followRun<DirectorResult>(handle, print);
  printOutcome(outcome, print);
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, outcome };
}
