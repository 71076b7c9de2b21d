import { ActivityFailure, ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import type { ResolvedInput } from '../../activities/input';
import type { DirectorName } from '../../shared/names';
import { parseInput } from '../../shared/parse-input';
import { legacyRunKeyOf, runKeyOf } from '../../shared/run-key';
import { resolver } from './activity-proxies';
import type { z } from 'zod';

/**
 * Patch ids of the changes to the top of every Director. A run that started before a change replays along
 * the old branch (`patched()` is false for it); new runs take the new one.
 */
export const START_PATCHES = {
  /** The input is resolved (defaults filled in) by an activity whose result is recorded in history. */
  resolvedInput: 'resolved-input',
  /** The run key carries a hash of the whole workflow id: no two runs share a folder. */
  injectiveRunKey: 'injective-run-key',
} as const;

/** What a Director knows before its first stage: its input with defaults, its workflow id and its run key. */
export interface DirectorStart<T> {
  input: T;
  workflowId: string;
  runKey: string;
}

/**
 * Resolves a Director's input and run key, first thing in the workflow. New runs fix their defaults in
 * history (the `resolveInput` activity), so a default edited in code later does not change them; runs that
 * started before keep parsing in workflow code, as they did. Throws a non-retryable `InvalidInput` (the same
 * failure either way) when the input is bad.
 */
export async function startDirector<D extends DirectorName, S extends z.ZodType<ResolvedInput<D>>>(
  director: D,
  schema: S,
  rawInput: unknown,
): Promise<DirectorStart<ResolvedInput<D>>> {
  const { workflowId } = workflowInfo();
  const input = patched(START_PATCHES.resolvedInput)
    ? await resolveInput(director, rawInput)
    : (parseInput(schema, rawInput, `${director}Director`) as ResolvedInput<D>);
  const runKey = patched(START_PATCHES.injectiveRunKey) ? runKeyOf(workflowId) : legacyRunKeyOf(workflowId);
  return { input, workflowId, runKey };
}

async function resolveInput<D extends DirectorName>(
  director: D,
  rawInput: unknown,
): Promise<ResolvedInput<D>> {
  try {
    const { input } = await resolver.resolveInput({ director, input: rawInput });
    return input as ResolvedInput<D>;
  } catch (error: unknown) {
    // Surface the input error itself, as the in-workflow parse did, not the activity wrapper around it.
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) throw error.cause;
    throw error;
  }
}
