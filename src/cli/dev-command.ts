import { Runtime } from '@temporalio/worker';
import { loadDirectorConfig } from '../config';
import { createConfiguredWorker, describeQueues } from '../worker';
import { connectWorker } from './connections';
import { useLocalTemporal } from './local-temporal';
import { personLogger } from '../worker-runtime';

const ADDRESS_ADVICE =
  'TEMPORAL_ADDRESS names it; point it at a running cluster, or unset it and `director dev` starts a dev server';

/**
 * `director dev`: the dev server (SQLite under the state folder, Web UI) and a worker, kept up until Ctrl-C,
 * for people who want to start runs from another terminal and click around the Web UI. With
 * TEMPORAL_ADDRESS set it uses that server instead; when none answers there, exit 3 saying so.
 */
export async function devCommand(print: (line: string) => void): Promise<number> {
  Runtime.install({ logger: personLogger() }); // a person is reading this terminal
  const config = loadDirectorConfig();
  const temporal = await useLocalTemporal(config, (m) => print(`• ${m}`));
  const nativeConnection = await connectWorker(
    temporal.settings,
    // TEMPORAL_ADDRESS is the user's choice: say so, rather than how to start a server.
    process.env.TEMPORAL_ADDRESS ? ADDRESS_ADVICE : undefined,
  ).catch(async (error: unknown) => {
    await temporal.stop();
    throw error;
  });
  try {
    const worker = await createConfiguredWorker(config, nativeConnection, temporal.settings.namespace, (m) =>
      print(`• ${m}`),
    );
    print(
      `Temporal at ${temporal.settings.connectionOptions.address ?? ''}, namespace ${temporal.settings.namespace}`,
    );
    if (temporal.uiUrl) print(`Web UI:   ${temporal.uiUrl}`);
    print(
      `Worker polling ${describeQueues(config)}. Try: npm run director -- run ecommerce --image <photo> --style warm-beige`,
    );
    print('Ctrl-C stops both.');
    await worker.run(); // the SDK shuts the worker down on SIGINT / SIGTERM
    return 0;
  } finally {
    await nativeConnection.close();
    await temporal.stop();
  }
}
