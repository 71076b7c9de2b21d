import path from 'node:path';
import type { DirectorConfig } from '../config';
import { loadTemporalConfig } from '../config';
import { startCodecServer, type RunningCodecServer } from '../codec/codec-http';
import { codecKeysFromEnv } from '../codec/codec-keys';
import { EncryptionCodec } from '../codec/encryption-codec';
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
 * with its SQLite file under the project's state folder. With payload keys set (`DIRECTOR_CODEC_KEYS`) a
 * dev server it starts gets a codec server on loopback for its Web UI (`--ui-codec-endpoint`), stopped with
 * it. Throws when no CLI can be obtained or a key setting is invalid.
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
  const keyring = codecKeysFromEnv(env);
  const cli = await resolveTemporalCli({ cacheDir: path.join(config.stateDir, 'bin'), log });
  log(`starting the Temporal dev server (CLI ${cli.version}, from ${cli.source})`);
  // Encrypted payloads read as JSON in the dev server's Web UI only through a codec server with the keys.
  const codec: RunningCodecServer | undefined = keyring
    ? await startCodecServer({ codec: new EncryptionCodec(keyring), port: 0, origins: [], log })
    : undefined;
  const server = await startDevServer({
    cliPath: cli.path,
    stateDir: path.join(config.stateDir, 'temporal'),
    log,
    ...(codec ? { uiCodecEndpoint: codec.url } : {}),
  }).catch(async (error: unknown) => {
    await codec?.close();
    throw error;
  });
  if (codec) {
    codec.allowOrigin(server.uiUrl);
    codec.allowOrigin(server.uiUrl.replace('//127.0.0.1:', '//localhost:'));
    log(
      `payloads are encrypted (key '${keyring?.current.id}'); the Web UI decodes them through ${codec.url}`,
    );
  }
  return {
    settings: { ...withAddress(settings, server.address), namespace: server.namespace },
    uiUrl: server.uiUrl,
    started: true,
    stop: async () => {
      await server.stop();
      await codec?.close();
    },
  };
}

function withAddress(settings: TemporalSettings, address: string): TemporalSettings {
  return { ...settings, connectionOptions: { ...settings.connectionOptions, address } };
}
