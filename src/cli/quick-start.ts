import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadDirectorConfig } from '../config';
import { uiRunUrl } from '../temporal/dev-server';
import { createDirectorWorker } from '../worker';
import { buildWorkerDeps } from '../worker-deps';
import { loadWorkflowBundle } from '../workflow-bundle';
import { connectClient, connectWorker } from './connections';
import { runDirector } from './director-runs';
import { useLocalTemporal } from './local-temporal';
import { ensureSampleImage } from './sample-image';

/**
 * The README's first command: a Temporal server (started here if none runs), a worker in this process,
 * one E-commerce Director on the sample product, its stage table, output files and Web UI address; then
 * it stops what it started. Resolves to the process exit code.
 */
export async function quickStart(print: (line: string) => void): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // a person is reading this terminal
  const config = loadDirectorConfig();
  const temporal = await useLocalTemporal(config, (m) => print(`• ${m}`));
  try {
    const [sample, workflowBundle, nativeConnection, { client, connection }] = await Promise.all([
      ensureSampleImage(config.stateDir),
      loadWorkflowBundle(path.join(config.stateDir, 'cache')),
      connectWorker(temporal.settings),
      connectClient(temporal.settings),
    ]);
    try {
      const deps = buildWorkerDeps(config);
      print(`• model: ${deps.selection.kind} (${deps.selection.reason})`);
      const worker = await createDirectorWorker({
        connection: nativeConnection,
        namespace: temporal.settings.namespace,
        deps,
        workflowBundle,
      });
      print(`• running the E-commerce Director on ${sample}`);
      const input = { productImage: sample, style: 'studio-white', brand: 'linn-sample' };
      const options = { key: 'linn-sample', summary: 'Quick start: e-commerce shot of the sample tote' };
      const run = await worker.runUntil(runDirector(client, 'ecommerce', input, options, print));
      if (temporal.uiUrl) {
        print(
          `\nWeb UI: ${uiRunUrl(temporal.uiUrl, temporal.settings.namespace, run.workflowId, run.runId)}`,
        );
        if (temporal.started)
          print('  (the dev server stops now; `npm run director -- dev` brings it and this run back)');
      }
      return run.outcome.ok ? 0 : 1;
    } finally {
      await Promise.all([nativeConnection.close(), connection.close()]);
    }
  } finally {
    await temporal.stop();
  }
}
