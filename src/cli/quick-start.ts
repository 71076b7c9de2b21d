import { Runtime } from '@temporalio/worker';
import { loadDirectorConfig } from '../config';
import { storeIdentity } from '../storage/open-store';
import { uiRunUrl } from '../temporal/dev-server';
import { createConfiguredWorker } from '../worker';
import { connectClient, connectWorker } from './connections';
import { runDirector } from './director-runs';
import { useLocalTemporal } from './local-temporal';
import { ensureSampleImage } from './sample-image';
import { personLogger } from '../worker-runtime';

/**
 * The README's first command: a Temporal server (started here if none runs), a worker in this process,
 * one E-commerce Director on the sample product, its stage table, output files and Web UI address; then
 * it stops what it started. Resolves to the process exit code.
 */
export async function quickStart(print: (line: string) => void): Promise<number> {
  Runtime.install({ logger: personLogger() }); // a person is reading this terminal
  const config = loadDirectorConfig();
  const temporal = await useLocalTemporal(config, (m) => print(`• ${m}`));
  try {
    const [sample, nativeConnection, { client, connection }] = await Promise.all([
      ensureSampleImage(config.stateDir),
      connectWorker(temporal.settings),
      connectClient(temporal.settings, { storeUri: storeIdentity(config) }),
    ]);
    try {
      const worker = await createConfiguredWorker(
        config,
        nativeConnection,
        temporal.settings.namespace,
        (m) => print(`• ${m}`),
      );
      print(`• running the E-commerce Director on ${sample}`);
      const input = { productImage: sample, style: 'studio-white', brand: 'linn-sample' };
      const options = { key: 'linn-sample', summary: 'Quick start: e-commerce shot of the sample tote' };
      const run = await worker.runUntil(
        runDirector(client, 'ecommerce', input, { ...options, taskQueue: config.taskQueue }, print),
      );
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
