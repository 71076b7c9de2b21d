import type { CatalogProgress } from '../../shared/catalog';
import { pauseSignal, resumeSignal } from '../../shared/messages';
import { CATALOG_WORKFLOW_TYPE } from '../../shared/names';
import { EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { existingRun, type TemporalSession } from '../temporal-session';
import { whoAmI } from '../who-am-i';
import { queryCatalogProgress } from './follow-catalog';
import { catalogBar } from './render-catalog';

/** How long to wait for the catalog to show the new state before printing the state it has. */
const SETTLE_MS = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The states that show a pause (or a resume) was taken in. */
const SHOWS: Record<'pause' | 'resume', (status: CatalogProgress['status']) => boolean> = {
  pause: (status) => status === 'pausing' || status === 'paused',
  resume: (status) => status !== 'pausing' && status !== 'paused',
};

/** What the state means for people. */
const MEANING: Partial<Record<CatalogProgress['status'], string>> = {
  pausing: 'lines in flight finish, no new ones start',
  paused: 'no line in flight; nothing new starts until `director resume`',
  running: 'lines start again as the window allows',
};

/**
 * Sends `pause` or `resume` to a running catalog, then prints its state from the `progress` query (asked
 * until the signal shows, for a few seconds). Throws a usage error (exit 2) for a run that is not a
 * catalog or has closed; an unknown id is exit 4.
 */
export async function pauseOrResume(
  action: 'pause' | 'resume',
  session: TemporalSession,
  workflowId: string,
  out: Output,
): Promise<number> {
  const { handle, description } = await existingRun(session, workflowId);
  if (description.type !== CATALOG_WORKFLOW_TYPE)
    throw usageError(`${workflowId} is a ${description.type} run: only a catalog can ${action}`);
  const status = description.status.name.toLowerCase();
  if (status !== 'running')
    throw usageError(`${workflowId} has already closed (${status}): nothing to ${action}`);
  await handle.signal(action === 'pause' ? pauseSignal : resumeSignal, { by: whoAmI() });
  let progress: CatalogProgress | undefined;
  let note: string | undefined;
  for (const deadline = Date.now() + SETTLE_MS; Date.now() < deadline; await sleep(250)) {
    const answer = await queryCatalogProgress(session.connection, handle, description.taskQueue);
    if (!answer.ok) {
      note = answer.reason;
      break;
    }
    progress = answer.value;
    if (SHOWS[action](progress.status)) break;
  }
  out.document({ workflowId, signal: action, progress: progress ?? null, note: note ?? null });
  out.line(`${action} sent to ${workflowId}.`);
  if (progress) {
    const meaning = MEANING[progress.status];
    out.line(`now ${progress.status}${meaning ? `: ${meaning}` : ''}`);
    out.line(`  ${catalogBar(progress)}`);
  } else if (note) {
    out.line(`its state is unknown: ${note}`);
  }
  return EXIT.ok;
}
