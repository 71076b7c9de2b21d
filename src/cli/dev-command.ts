import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadDirectorConfig } from '../config';
import { TASK_QUEUE } from '../shared/names';
import { createDirectorWorker } from '../worker';
import { buildWorkerDeps } from '../worker-deps';
import { loadWorkflowBundle } from '../workflow-bundle';
import { connectWorker } from './connections';
import { useLocalTemporal } from './local-temporal';

/**
 * `director dev`: the dev server (SQLite under the state folder, Web UI) and a worker, kept up until Ctrl-C,
 * for people who want to start runs from another terminal and click around the Web UI.
 */
export async function devCommand(print: (line: string) => void): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // a person is reading this terminal
  const config = loadDirectorConfig();
  const temporal = await useLocalTemporal(config, (m) => print(`• ${m}`));
  const nativeConnection = await connectWorker(temporal.settings);
  try {
    const deps = buildWorkerDeps(config);
    print(`• model: ${deps.selection.kind} (${deps.selection.reason})`);
    const worker = await createDirectorWorker({
      connection: nativeConnection,
      namespace: temporal.settings.namespace,
      deps,
      workflowBundle: await loadWorkflowBundle(path.join(config.stateDir, 'cache')),
    });
    print(
      `Temporal at ${temporal.settings.connectionOptions.address ?? ''}, namespace ${temporal.settings.namespace}`,
    );
    if (temporal.uiUrl) print(`Web UI:   ${temporal.uiUrl}`);
    print(
      `Worker polling '${TASK_QUEUE}'. Try: npm run director -- run ecommerce --image <photo> --style warm-beige`,
    );
    print('Ctrl-C stops both.');
    await worker.run(); // the SDK shuts the worker down on SIGINT / SIGTERM
    return 0;
  } finally {
    await nativeConnection.close();
    await temporal.stop();
  }
}
