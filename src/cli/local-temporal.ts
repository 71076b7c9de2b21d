import path from 'node:path';
import type { DirectorConfig } from '../config';
import { loadTemporalConfig } from '../config';
import { startDevServer } from '../temporal/dev-server';
import { resolveTemporalCli } from '../temporal/resolve-binary';
import { temporalAnswers, type TemporalSettings } from './connections';

/** The Temporal server a local command uses, and how to let go of it. */
export interface LocalTemporal {
  settings: TemporalSettings;
  /** The Web UI's address, when known. */
  uiUrl: string | undefined;
  /** Whether this process started the server (and `stop` will stop it). */
  started: boolean;
  stop(): Promise<void>;
}

const DEFAULT_ADDRESS = '127.0.0.1:7233';

/**
 * Uses the cluster named by Temporal's environment configuration when `TEMPORAL_ADDRESS` is set, or a dev
 * server already answering on 127.0.0.1:7233; otherwise obtains the Temporal CLI and starts a dev server
 * with its SQLite file under the project's state folder. Throws when no CLI can be obtained.
 */
export async function useLocalTemporal(
  config: DirectorConfig,
  log: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LocalTemporal> {
  const settings = loadTemporalConfig();
  const uiFromEnv = env.TEMPORAL_UI_URL;
  if (env.TEMPORAL_ADDRESS) {
    return { settings, uiUrl: uiFromEnv, started: false, stop: async () => {} };
  }
  if (await temporalAnswers(DEFAULT_ADDRESS)) {
    log(`using the Temporal server already running at ${DEFAULT_ADDRESS}`);
    return {
      settings: withAddress(settings, DEFAULT_ADDRESS),
      uiUrl: uiFromEnv ?? 'http://127.0.0.1:8233',
      started: false,
      stop: async () => {},
    };
  }
  const cli = await resolveTemporalCli({ cacheDir: path.join(config.stateDir, 'bin'), log });
  log(`starting the Temporal dev server (CLI ${cli.version}, from ${cli.source})`);
  const server = await startDevServer({
    cliPath: cli.path,
    stateDir: path.join(config.stateDir, 'temporal'),
    log,
  });
  return {
    settings: { ...withAddress(settings, server.address), namespace: server.namespace },
    uiUrl: server.uiUrl,
    started: true,
    stop: () => server.stop(),
  };
}

function withAddress(settings: TemporalSettings, address: string): TemporalSettings {
  return { ...settings, connectionOptions: { ...settings.connectionOptions, address } };
}
