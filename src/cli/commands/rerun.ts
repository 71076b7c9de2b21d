import { loadDirectorConfig } from '../../config';
import { openObjectStore } from '../../storage/open-store';
import { businessKey } from '../director-inputs';
import { startDirector, type DirectorResult } from '../director-runs';
import { EXIT, usageError } from '../exit-codes';
import { followRun } from '../follow-run';
import type { Output } from '../output';
import { applySets, parseSets } from '../rerun-sets';
import { directorOfType, earlierInput } from '../rerun-input';
import { aboutRun } from '../run-about';
import { existingRun, withTemporal } from '../temporal-session';
import { reportOutcome, watchRun } from '../watch-run';

/** Options of `director rerun <workflowId>`. */
export interface RerunFlags {
  /** `key=value` texts, in order. */
  set?: string[];
  /** Pay for every cached stage again (Creative Director: `reuse: false`). */
  fresh?: boolean;
  wait: boolean;
  follow?: boolean;
  /** The task queue to start on (default: the earlier run's). */
  taskQueue?: string;
}

/**
 * `director rerun <workflowId> --set key=value … [--fresh]`: starts a new run of the same Director from
 * the earlier run's input (as it resolved it) with the sets applied and `rerunOf` naming the earlier run,
 * checked against the Director's schema before anything starts (exit 2 naming the `--set`). The Creative
 * Director's new run reuses every cached stage whose inputs are unchanged. Then follows the run as `run`
 * does. Exit 0 completed, 1 failed / cancelled / rejected, 2 bad set, 3 no server, 4 unknown id.
 */
export async function rerunCommand(workflowId: string, flags: RerunFlags, out: Output): Promise<number> {
  let config;
  try {
    config = loadDirectorConfig();
  } catch (error: unknown) {
    throw usageError((error as Error).message);
  }
  const store = openObjectStore(config);
  return withTemporal(
    async (session) => {
      const earlier = await existingRun(session, workflowId);
      const director = directorOfType(earlier.description.type, workflowId);
      const sets = parseSets(director, flags.set ?? []);
      if (flags.fresh && director !== 'creative')
        throw usageError('--fresh applies to the Creative Director only (the one with a stage cache)');
      const reuse = director === 'creative' ? { reuse: !flags.fresh } : {};
      const base = await earlierInput(earlier.handle, session.client.options.loadedDataConverter);
      const input = applySets(director, { ...base, ...reuse, rerunOf: workflowId }, sets);
      const taskQueue = flags.taskQueue?.trim() || earlier.description.taskQueue;
      const startTime = new Date();
      const handle = await startDirector(session.client, director, input, {
        key: businessKey(director, input),
        summary: `${aboutRun(director, input)} (rerun of ${workflowId})`,
        taskQueue,
      });
      const run = { runId: handle.firstExecutionRunId, taskQueue, startTime };
      if (!flags.wait) {
        out.document({
          workflowId: handle.workflowId,
          runId: run.runId,
          rerunOf: workflowId,
          status: 'running',
        });
        out.line(handle.workflowId);
        return EXIT.ok;
      }
      out.line(`started ${handle.workflowId} (rerun of ${workflowId})`);
      const outcome =
        flags.follow || out.json
          ? await watchRun(session, handle, run, out)
          : await followRun<DirectorResult>(handle, out.line);
      return reportOutcome(session, handle, run, outcome, out);
    },
    { storeUri: store.uri },
  );
}
