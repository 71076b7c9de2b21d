import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDirectorConfig } from '../../src/config';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { freePort } from './free-port';

/** Where the shared test server and bundle are announced to test processes. */
export const TEST_ENV = {
  address: 'DIRECTOR_TEST_TEMPORAL_ADDRESS',
  uiUrl: 'DIRECTOR_TEST_TEMPORAL_UI',
  bundle: 'DIRECTOR_TEST_BUNDLE_DIR',
} as const;

/**
 * Starts one dev server (SQLite in a temp folder, free ports) and builds the workflow bundle into the
 * project's cache, for a whole test run. Throws when no Temporal CLI can be obtained.
 */
export async function startTestServer(
  log: (message: string) => void,
): Promise<{ server: DevServer; bundleDir: string }> {
  const cli = await resolveTemporalCli({ log });
  log(`temporal CLI ${cli.version} (${cli.source}): ${cli.path}`);
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'director-test-server-'));
  const [port, uiPort] = [await freePort(), await freePort()];
  const bundleDir = path.join(loadDirectorConfig().stateDir, 'cache');
  const [server] = await Promise.all([
    startDevServer({ cliPath: cli.path, stateDir, port, uiPort, log }),
    loadWorkflowBundle(bundleDir),
  ]);
  return { server, bundleDir };
}
