import { ApplicationFailure } from '@temporalio/common';
import { loadDirectorConfig } from '../../config';
import type { PricedModels, RunEstimate } from '../../estimate/estimate-document';
import { estimateDirector } from '../../estimate/estimate-input';
import { pricedModels } from '../../estimate/priced-models';
import { estimateLine, renderEstimate } from '../../estimate/render-estimate';
import type { DirectorName } from '../../shared/names';
import { buildInput, type RunFlags } from '../director-inputs';
import { EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { userPath } from '../user-path';

/** Options of `director estimate <director>`: the same input flags as `run`, and which model to price. */
export interface EstimateFlags extends Omit<RunFlags, 'wait'> {
  /** `gemini` prices Gemini even when the configuration would run the local model; `local` the reverse. */
  model?: string;
}

/**
 * A Director run's estimate from its input: the same checks as `run` (a usage error naming the flag or field,
 * an unknown brand), priced for the models the configuration selects or `--model` names. Starts nothing and
 * needs no Temporal server. Throws a usage `CliError` for bad input or configuration.
 */
export async function estimateFor(director: DirectorName, flags: EstimateFlags): Promise<RunEstimate> {
  const models = modelsFor(flags.model);
  try {
    const input = await buildInput(director, { ...flags, wait: false });
    return await estimateDirector(director, input, models);
  } catch (error: unknown) {
    // InvalidInput (the Director's schema, an unknown brand) names the flag or the field already.
    if (error instanceof ApplicationFailure) throw usageError(error.message);
    throw error;
  }
}

/** The models to price: `--model`, else the configuration's choice. Throws a usage error for a bad setting. */
function modelsFor(flag: string | undefined): PricedModels {
  try {
    return pricedModels(process.env, loadDirectorConfig().model, flag);
  } catch (error: unknown) {
    throw usageError((error as Error).message); // a bad settings file, DIRECTOR_MODEL or Gemini setting
  }
}

/**
 * `director estimate <director>`: prints the run's expected model calls, tokens, images and dollars per
 * stage and in total, with the range regeneration rounds open (`--json`: the estimate document). Exit 0, or
 * 2 for bad flags exactly as `run` would refuse them.
 */
export async function estimateCommand(
  director: DirectorName,
  flags: EstimateFlags,
  out: Output,
): Promise<number> {
  const estimate = await estimateFor(director, flags);
  out.document(estimate);
  for (const line of renderEstimate(estimate)) out.line(line);
  return EXIT.ok;
}

/**
 * The estimate in one line for `run` to show before it starts, or a line saying why there is none (the run
 * then refuses its input itself): an estimate never stops a run.
 */
export async function estimateBeforeRun(director: DirectorName, flags: EstimateFlags): Promise<string> {
  try {
    return estimateLine(await estimateFor(director, flags));
  } catch (error: unknown) {
    return `estimate: unavailable (${(error as Error).message})`;
  }
}

/** Options of `director estimate catalog`: the manifest and the lines' defaults, as `run catalog` takes them. */
export interface CatalogEstimateFlags {
  manifest?: string;
  director?: string;
  style?: string;
  brand?: string;
  model?: string;
}

/**
 * `director estimate catalog --manifest <file>`: every line checked as the catalog checks it and priced as
 * its own run, summed per Director. Exit 0, or 2 for a missing, unreadable or malformed manifest or a bad
 * flag (the same refusals as `run catalog`).
 */
export async function estimateCatalogCommand(flags: CatalogEstimateFlags, out: Output): Promise<number> {
  if (!flags.manifest) throw usageError('--manifest is required (a .csv or .jsonl file)');
  const { catalogSettingsFromFlags } = await import('../catalog/catalog-flags.js');
  const { defaults = {} } = catalogSettingsFromFlags(flags);
  const models = modelsFor(flags.model);
  const { estimateCatalog } = await import('../../estimate/catalog-estimate.js');
  const estimate = await estimateCatalog(userPath(flags.manifest), defaults, models).catch(
    (error: unknown) => {
      if (error instanceof ApplicationFailure) throw usageError(error.message);
      throw error;
    },
  );
  out.document(estimate);
  for (const line of renderEstimate(estimate)) out.line(line);
  return EXIT.ok;
}
