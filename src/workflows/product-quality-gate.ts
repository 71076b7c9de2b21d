/**
 * The Product Director's quality gate: a branch's outputs are measured before anything is rendered or
 * published, and a failing one stops the branch with `QualityRejected` (its saga then deletes what the
 * branch wrote).
 */
import type { ActivityInterfaceFor } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { BlobRef } from '../shared/blob';
import { nonRetryable } from '../shared/failures';
import type { BranchInput } from '../shared/product-input';
import type { DirectorRun } from './engine/director-run';

/** A branch output, with what it was made from, so the gate knows what to measure. */
export interface CheckedOutput {
  name: string;
  image: BlobRef;
  /** The cut-out the output was made from (its alpha is checked for specks and a rectangular edge). */
  cutout?: BlobRef;
  /** The product photo composed onto a backdrop (checked for a photo pasted whole, or enlarged too far). */
  placed?: boolean;
}

/**
 * Runs the `quality-check` stage over a branch's outputs; throws a non-retryable `QualityRejected` naming
 * each failing output and its reasons, with the analysis' own description of the photo.
 */
export async function checkBranchOutputs(
  run: DirectorRun,
  processing: ActivityInterfaceFor<Activities>,
  input: BranchInput,
  outputs: CheckedOutput[],
): Promise<void> {
  await run.stage('quality-check', async () => {
    const checked = await processing.checkBranchQuality({
      product: input.product,
      analysis: input.analysis,
      outputs,
    });
    const failed = checked.report.outputs.filter((output) => !output.passed);
    if (failed.length > 0) {
      const reasons = failed.map((output) => `${output.name}: ${output.reasons.join('; ')}`).join(' | ');
      throw nonRetryable(
        'QualityRejected',
        `quality check failed: ${reasons} (the analysis said: ${input.analysis.description})`,
        { outputs: checked.report.outputs },
      );
    }
    return checked;
  });
}
