import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileAtomic } from '../../storage/atomic-write';
import { EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { existingRun, withTemporal } from '../temporal-session';
import { userDirectory, userPath } from '../user-path';

/** Options of `director history`. */
export interface HistoryFlags {
  out?: string;
}

/**
 * `director history <workflowId> [--out file.json]`: the run's event history in Temporal's JSON form (the
 * form `temporal workflow show --output json` writes and `director replay` reads). Without `--out` the
 * history itself goes to stdout. Exit 4 for an unknown id.
 */
export function historyCommand(workflowId: string, flags: HistoryFlags, out: Output): Promise<number> {
  return withTemporal(async (session) => {
    const { handle, description } = await existingRun(session, workflowId);
    const history = await handle.fetchHistory();
    const json = historyToJSON(history);
    if (!flags.out) {
      process.stdout.write(`${json}\n`); // the history is the document, with or without --json
      return EXIT.ok;
    }
    const file = userPath(flags.out);
    await writeFileAtomic(file, Buffer.from(`${json}\n`)).catch((error: unknown) => {
      throw usageError(`cannot write ${file}: ${(error as Error).message}`);
    });
    const events = history.events?.length ?? 0;
    out.document({ workflowId, runId: description.runId, events, file });
    out.line(`wrote ${events} events of ${workflowId} (${description.status.name.toLowerCase()}) to ${file}`);
    out.line(
      `check it replays on this code with: director replay ${path.relative(userDirectory(), file) || file}`,
    );
    return EXIT.ok;
  });
}
