import path from 'node:path';
import { loadDirectorConfig } from '../../config';
import { legacyRunKeyOf, runKeyOf } from '../../shared/run-key';
import { writeFileAtomic } from '../../storage/atomic-write';
import { openObjectStore } from '../../storage/open-store';
import { listRunOutputs, outputCollection, type OutputCollection } from '../../storage/run-outputs';
import { awaitClosedRun, type WaitFlags } from '../approval-gate';
import { EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { withTemporal } from '../temporal-session';
import { userPath } from '../user-path';

/** Options of `director fetch`. */
export interface FetchFlags extends WaitFlags {
  /** The folder to download into; default `./<runKey>` in the folder the command was typed in. */
  to?: string;
}

/**
 * `director fetch <workflowId> [--to DIR]`: downloads a finished run's published outputs (images,
 * `report.html`, `contact-sheet.png`) from the configured store — an S3 bucket or the local output folder —
 * into DIR, each file written atomically, and lists what it wrote. Exit 0 with the files; 1 when the run
 * failed or was cancelled (rolled back: nothing to fetch); 2 when it completed but its outputs are not in
 * the store (or it waits at its approval gate); 4 for an unknown id.
 */
export function fetchCommand(workflowId: string, flags: FetchFlags, out: Output): Promise<number> {
  let config;
  try {
    config = loadDirectorConfig();
  } catch (error: unknown) {
    throw usageError((error as Error).message);
  }
  return withTemporal(async (session) => {
    const closed = await awaitClosedRun(session, workflowId, flags, out);
    if ('exit' in closed) return closed.exit;
    if (!closed.outcome.ok) {
      const reason = 'it did not complete, and its outputs were rolled back';
      out.document({ workflowId, files: [], reason });
      out.line(`${workflowId} has no outputs to fetch: ${reason}`);
      return EXIT.failed;
    }
    const outputs = outputCollection(config, openObjectStore(config));
    try {
      return await download(workflowId, flags, out, outputs);
    } catch (error: unknown) {
      // A store refusing the credentials or naming a missing bucket is a setting to fix: exit 2.
      if ((error as { type?: string }).type === 'StoreMisconfigured')
        throw usageError((error as Error).message);
      throw error;
    }
  });
}

async function download(
  workflowId: string,
  flags: FetchFlags,
  out: Output,
  outputs: OutputCollection,
): Promise<number> {
  // Runs started before the injective run key published under the legacy one.
  let runKey = runKeyOf(workflowId);
  let objects = await listRunOutputs(outputs, runKey);
  if (objects.length === 0 && legacyRunKeyOf(workflowId) !== runKey) {
    const legacy = await listRunOutputs(outputs, legacyRunKeyOf(workflowId));
    if (legacy.length > 0) [runKey, objects] = [legacyRunKeyOf(workflowId), legacy];
  }
  const from = outputs.store.locate(`${outputs.prefix}${runKey}`);
  if (objects.length === 0) {
    const reason = `nothing is published under ${from}`;
    out.document({ workflowId, runKey, from, files: [], reason });
    out.line(`${workflowId} has no outputs to fetch: ${reason}`);
    return EXIT.usage;
  }
  const folder = userPath(flags.to ?? runKey);
  const files: { name: string; path: string; size: number }[] = [];
  for (const object of objects) {
    const bytes = await outputs.store.get(object.key);
    if (!bytes) continue; // removed between the listing and the read
    const file = path.join(folder, ...object.name.split('/'));
    await writeFileAtomic(file, bytes);
    files.push({ name: object.name, path: file, size: bytes.length });
  }
  out.document({ workflowId, runKey, from, to: folder, files });
  out.line(`fetched ${files.length} file(s) of ${workflowId} from ${from}`);
  for (const file of files) out.line(`  ${file.path}  (${file.size} bytes)`);
  return EXIT.ok;
}
