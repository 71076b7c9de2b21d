import { startCodecServer } from '../../codec/codec-http';
import {
  CODEC_KEY_FILE_ENV,
  CODEC_KEYS_ENV,
  CodecConfigError,
  codecKeysFromEnv,
  keyIds,
  MAKE_A_KEY,
} from '../../codec/codec-keys';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { EXIT, usageError } from '../exit-codes';

/** Options of `director codec-server`. */
export interface CodecServerFlags {
  port?: string;
  host?: string;
  origin?: string[];
}

/** The codec server's port unless `--port` names another (the port Temporal's TypeScript sample uses). */
export const DEFAULT_CODEC_PORT = 8888;
/** The local dev server's Web UI, under both names a browser may use for it. */
export const DEFAULT_UI_ORIGINS = ['http://127.0.0.1:8233', 'http://localhost:8233'] as const;

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CODEC_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw usageError(`--port must be a whole number from 1 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

/** An origin as browsers send it: `scheme://host[:port]`, nothing after. */
function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(
      `--origin must be a URL origin like http://127.0.0.1:8233, got ${JSON.stringify(value)}`,
    );
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || value.replace(/\/$/, '') !== url.origin)
    throw usageError(
      `--origin must be just scheme://host[:port] (e.g. https://cloud.temporal.io), got ${JSON.stringify(value)}`,
    );
  return url.origin;
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * `director codec-server [--port 8888] [--host 127.0.0.1] [--origin URL]…`: serves Temporal's remote codec
 * protocol with the configured keys, so the Web UI (and `temporal --codec-endpoint`) show encrypted
 * payloads as plain JSON, until SIGINT/SIGTERM. Exit 2 when no key is set or a flag or key is invalid.
 */
export async function codecServerCommand(
  flags: CodecServerFlags,
  print: (line: string) => void,
): Promise<number> {
  const port = parsePort(flags.port);
  const origins = (flags.origin?.length ? flags.origin : [...DEFAULT_UI_ORIGINS]).map(parseOrigin);
  let keyring;
  try {
    keyring = codecKeysFromEnv();
  } catch (error: unknown) {
    if (error instanceof CodecConfigError) throw usageError(error.message);
    throw error;
  }
  if (!keyring)
    throw usageError(
      `director codec-server needs the payload keys: set ${CODEC_KEYS_ENV}=<id>:<base64 key>[,…] ` +
        `(or ${CODEC_KEY_FILE_ENV}) as on the workers (${MAKE_A_KEY})`,
    );
  const server = await startCodecServer({
    codec: new EncryptionCodec(keyring),
    host: flags.host ?? '127.0.0.1',
    port,
    origins,
    log: (line) => console.error(`codec-server: ${line}`),
  });
  const [current, ...older] = keyIds(keyring);
  print(
    `codec server on ${server.url} (key '${current}' current${older.length ? `, also ${older.join(', ')}` : ''})`,
  );
  print(`Web UI pages allowed to call it: ${origins.join(', ')}`);
  print('Point the Web UI at it:');
  print(`  local dev server:  temporal server start-dev --ui-codec-endpoint ${server.url}`);
  print(
    `  Temporal Cloud:    Web UI → Codec Server settings (this browser, or the namespace) → endpoint ${server.url};` +
      ' start this with --origin https://cloud.temporal.io',
  );
  print(`  Temporal CLI:      temporal workflow show --codec-endpoint ${server.url} --workflow-id <id>`);
  print('Ctrl-C stops it.');
  const signal = await stopSignal();
  await server.close();
  print(`codec server stopped (${signal})`);
  return EXIT.ok;
}
