import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { EcommerceInput, EcommerceResult } from '../shared/ecommerce';
import { TASK_QUEUE, WORKFLOW_TYPES } from '../shared/names';
import { followRun, type RunOutcome } from './follow-run';
import { renderSummary } from './render-summary';
import { newWorkflowId } from './workflow-ids';

/** Starts an E-commerce Director. Image paths are made absolute, since the worker may run elsewhere. */
export async function startEcommerce(client: Client, input: EcommerceInput, taskQueue = TASK_QUEUE) {
  const productImage = typeof input.productImage === 'string' ? path.resolve(input.productImage) : input.productImage;
  const style = input.style ?? 'studio-white';
  return client.workflow.start(WORKFLOW_TYPES.ecommerce, {
    taskQueue,
    workflowId: newWorkflowId('ecommerce', input.brand ?? style),
    args: [{ ...input, productImage }],
    staticSummary: `E-commerce shot of ${typeof productImage === 'string' ? path.basename(productImage) : productImage.key} on ${style}`,
  });
}

/** Prints a finished E-commerce run: the stage table, the published files and the quality figures. */
export function printEcommerceOutcome(outcome: RunOutcome<EcommerceResult>, print: (line: string) => void): void {
  if (!outcome.ok) {
    if (outcome.summary) print(renderSummary(outcome.summary));
    print(`\nFailed: ${outcome.type}: ${outcome.message}`);
    return;
  }
  const { result } = outcome;
  print(renderSummary(result.summary));
  const { metrics } = result.quality;
  print(
    `\nquality: coverage ${metrics.coverage.toFixed(2)}, contrast ${metrics.contrast.toFixed(2)}, ` +
      `sharpness ${metrics.sharpness.toFixed(1)}, resolution ${metrics.resolution}px (model: ${result.model})`,
  );
  print('\noutput files:');
  for (const file of result.files) print(`  ${file.path}  (${file.image.width}x${file.image.height} ${file.image.mimeType})`);
}

/** Starts an E-commerce Director, follows it and prints the outcome; resolves to the outcome. */
export async function runEcommerce(
  client: Client,
  input: EcommerceInput,
  print: (line: string) => void,
  taskQueue = TASK_QUEUE,
): Promise<{ workflowId: string; runId: string; outcome: RunOutcome<EcommerceResult> }> {
  const handle = await startEcommerce(client, input, taskQueue);
  print(`started ${handle.workflowId}`);
  const outcome = await followRun<EcommerceResult>(handle, print);
  printEcommerceOutcome(outcome, print);
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, outcome };
}
