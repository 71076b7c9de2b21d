import path from 'node:path';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { loadDirectorConfig, type DirectorConfig } from '../../config';
import type { CatalogInput } from '../../shared/catalog';
import { CATALOG_WORKFLOW_TYPE } from '../../shared/names';
import { CATALOG_LINE_PRIORITY } from '../../shared/priority';
import { isLocalStore, openObjectStore } from '../../storage/open-store';
import { catalogSettingsFromFlags, type CatalogFlags } from '../catalog/catalog-flags';
import { catalogExitCode, catalogOutcomeDocument, renderCatalogOutcome } from '../catalog/catalog-outcome';
import { followCatalog, reattachHelp } from '../catalog/follow-catalog';
import type { ImageFate } from '../catalog/manifest-images';
import { prepareManifest } from '../catalog/prepare-manifest';
import { EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { withTemporal } from '../temporal-session';
import { newWorkflowId } from '../workflow-ids';

export type { CatalogFlags };

function configured(): DirectorConfig {
  try {
    return loadDirectorConfig();
  } catch (error: unknown) {
    throw usageError((error as Error).message);
  }
}

/** Says what became of the images: uploads counted, each missing one named by its line. */
function reportImages(images: readonly ImageFate[], out: Output): void {
  const note = out.json ? out.warn : out.line; // with --json, stdout holds the one document
  const uploaded = images.filter((f) => f.kind === 'uploaded');
  if (uploaded.length > 0) {
    const fresh = uploaded.filter((f) => f.upload.uploaded).length;
    note(`images: ${fresh} uploaded, ${uploaded.length - fresh} already in the store`);
  }
  for (const fate of images) {
    if (fate.kind === 'missing')
      out.warn(`warning: ${fate.reason} — the catalog records line ${fate.line} as failed`);
  }
}

/**
 * `director run catalog --manifest products.csv […]`: checks the flags and the manifest before any work
 * (a malformed manifest fails with its line and column, exit 2, nothing uploaded, nothing started), puts
 * the images (when the workers need them in the store) and the manifest into the store, content-addressed,
 * starts `catalogDirector` with the store's identity and, unless `--detach`, shows its bar until it
 * closes. Ctrl-C stops showing it, not the catalog. Exit 0 completed (or detached), 1 failed or
 * cancelled, 2 bad input, 3 no server.
 */
export async function runCatalogCommand(flags: CatalogFlags, out: Output): Promise<number> {
  if (!flags.manifest) throw usageError('--manifest <file> is required (a .csv or .jsonl file)');
  const settings = catalogSettingsFromFlags(flags);
  const workflowId = flags.id?.trim() || newWorkflowId('catalog', path.parse(flags.manifest).name);
  const config = configured();
  const store = openObjectStore(config);
  const prepared = await prepareManifest(flags.manifest, store, {
    upload: flags.upload === true || !isLocalStore(config),
  });
  reportImages(prepared.images, out);
  const input: CatalogInput = {
    manifest: prepared.stored.uri,
    ...settings,
    title: settings.title ?? path.basename(prepared.file),
  };
  const taskQueue = flags.taskQueue?.trim() || config.taskQueue;
  return withTemporal(
    async (session) => {
      const handle = await session.client.workflow
        .start(CATALOG_WORKFLOW_TYPE, {
          taskQueue,
          workflowId,
          args: [input],
          staticSummary: `Catalog "${input.title}": ${prepared.lines} lines from ${path.basename(prepared.file)}`,
          priority: CATALOG_LINE_PRIORITY, // batch work: people's runs go first
        })
        .catch((error: unknown) => {
          if (error instanceof WorkflowExecutionAlreadyStartedError)
            throw usageError(
              `--id ${workflowId}: a run with that id is running (director watch ${workflowId})`,
            );
          throw error;
        });
      const started = { workflowId, runId: handle.firstExecutionRunId, manifest: prepared.stored.uri };
      if (flags.detach) {
        out.document({ ...started, lines: prepared.lines, status: 'running' });
        out.line(workflowId);
        return EXIT.ok;
      }
      out.line(`started ${workflowId}: ${prepared.lines} lines (manifest ${prepared.stored.uri})`);
      if (!out.json) out.line('Ctrl-C stops watching; the catalog goes on.');
      const followed = await followCatalog(session.connection, handle, taskQueue, out);
      if (followed.detached) {
        out.document({ ...started, status: 'running', detached: true });
        for (const line of ['', ...reattachHelp(workflowId)]) out.line(line);
        return EXIT.ok;
      }
      out.document(catalogOutcomeDocument(started, followed.outcome));
      for (const line of renderCatalogOutcome(followed.outcome)) out.line(line);
      return catalogExitCode(followed.outcome);
    },
    { storeUri: store.uri },
  );
}
