import { runFolderPrefix } from '../shared/blob-keys';
import type { ActivityDeps } from './deps';

/** The activity that removes a finished run's intermediate blobs. */
export function createCleanupActivities(deps: Pick<ActivityDeps, 'blobs'>) {
  return {
    /**
     * Removes every blob a run kept under its run key (intakes, generated images, renditions, branch
     * images): run once its outputs and report are published, which hold their own copies. Idempotent: a
     * second call finds nothing. Inputs uploaded by the CLI live elsewhere (content-addressed) and stay.
     */
    async removeRunIntermediates(input: { runKey: string }): Promise<{ deleted: number }> {
      return { deleted: await deps.blobs.deletePrefix(runFolderPrefix(input.runKey)) };
    },
  };
}
