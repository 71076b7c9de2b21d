import { ApplicationFailure } from '@temporalio/common';
import { loadDirectorConfig, type DirectorConfig } from '../../config';
import type { DirectorName } from '../../shared/names';
import type { ObjectStore } from '../../storage/object-store';
import { openObjectStore } from '../../storage/open-store';
import { businessKey, buildInput, type RunFlags } from '../director-inputs';
import { startDirector, type DirectorResult } from '../director-runs';
import { EXIT, usageError } from '../exit-codes';
import { followRun } from '../follow-run';
import type { Output } from '../output';
import { aboutRun } from '../run-about';
import { withTemporal } from '../temporal-session';
import { reportOutcome, watchRun } from '../watch-run';

/** Options of `director run <director>`: the input flags and how to follow the run. */
export interface RunCommandFlags extends RunFlags {
  /** Show the live view (stage list, fan-out items, elapsed time) instead of one line per stage. */
  follow?: boolean;
  /** The task queue to start the run on (default: DIRECTOR_TASK_QUEUE, else the store's own): a worker must poll it. */
  taskQueue?: string;
}

async function inputFor(director: DirectorName, flags: RunFlags): Promise<Record<string, unknown>> {
  try {
    return await buildInput(director, flags);
  } catch (error: unknown) {
    // InvalidInput from the Director's own schema already names the flag or the field.
    if (error instanceof ApplicationFailure) throw usageError(error.message);
    throw error;
  }
}

function configured(): DirectorConfig {
  try {
    return loadDirectorConfig();
  } catch (error: unknown) {
    throw usageError((error as Error).message);
  }
}

/**
 * The input with its local image files in the store, when the workers cannot read the user's paths: the
 * store is not a folder on this machine (a bucket), or `--upload` asks for it. Says for each file whether
 * it was uploaded or was there already. sharp is loaded only here, so a local run stays light.
 */
async function storedInput(
  input: Record<string, unknown>,
  store: ObjectStore,
  flags: RunFlags,
  out: Output,
): Promise<Record<string, unknown>> {
  if (!flags.upload && store.uri.startsWith('file:')) return input;
  const { uploadInputs } = await import('../upload-inputs.js');
  const from = flags.input ? ` in --input ${flags.input}` : '';
  const labelOf = (field: string) =>
    field === 'productImage' && flags.image !== undefined
      ? '--image'
      : field.startsWith('referenceImages') && flags.ref !== undefined
        ? '--ref'
        : `${field}${from}`;
  const stored = await uploadInputs(input, store, labelOf);
  const note = out.json ? out.warn : out.line; // with --json, stdout holds the one document
  for (const upload of stored.uploads) {
    note(`${upload.uploaded ? 'uploaded' : 'already in the store'}: ${upload.file} → ${upload.location}`);
  }
  return stored.input;
}

/**
 * `director run <director>`: checks the input before anything starts (exit 2 naming the field), puts
 * local images into the store when the workers read only from it, starts the Director carrying its
 * store's identity and, unless `--no-wait`, follows it to the end: one line per stage, or the live view
 * with `--follow`. Exit 0 completed, 1 failed / cancelled / rejected, 3 no server.
 */
export async function runCommand(
  director: DirectorName,
  flags: RunCommandFlags,
  out: Output,
): Promise<number> {
  const config = configured();
  const store = openObjectStore(config);
  const typed = await inputFor(director, flags);
  const { estimateBeforeRun } = await import('./estimate.js');
  const estimate = await estimateBeforeRun(director, flags);
  (out.json ? out.warn : out.line)(estimate); // with --json, stdout holds the one document
  const input = await storedInput(typed, store, flags, out);
  const taskQueue = flags.taskQueue?.trim() || config.taskQueue;
  return withTemporal(
    async (session) => {
      const startTime = new Date();
      const handle = await startDirector(session.client, director, input, {
        key: businessKey(director, input),
        summary: aboutRun(director, typed), // names the user's file, not its store key
        taskQueue,
      });
      const run = { runId: handle.firstExecutionRunId, taskQueue, startTime };
      if (!flags.wait) {
        out.document({ workflowId: handle.workflowId, runId: run.runId, status: 'running' });
        out.line(handle.workflowId);
        return EXIT.ok;
      }
      out.line(`started ${handle.workflowId}`);
      const outcome =
        flags.follow || out.json
          ? await watchRun(session, handle, run, out)
          : await followRun<DirectorResult>(handle, out.line);
      return reportOutcome(session, handle, run, outcome, out);
    },
    { storeUri: store.uri },
  );
}
