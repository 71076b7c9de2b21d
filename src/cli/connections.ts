import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { dataConverterFromEnv } from '../codec/data-converter';
import type { NativeConnection } from '@temporalio/worker';
import type { loadTemporalConfig } from '../temporal/temporal-config';
import { START_A_SERVER } from './cli-errors';
import { CliError, EXIT } from './exit-codes';
import { storeHeaderInterceptor } from './store-header';

/** Temporal connection settings: an address, TLS, an API key, headers, and the namespace. */
export type TemporalSettings = ReturnType<typeof loadTemporalConfig>;

/**
/**
 * Connects a client with the given settings and the project's data converter (payload encryption when
 * keys are configured; default from the environment). With `storeUri`, the runs it starts carry that
 * store's identity (checked by the workers, see store-header.ts). Throws a CodecConfigError when the key
 * settings are invalid, and a clear error when the server cannot be reached.
 */
export async function connectClient(
  settings: TemporalSettings,
  options: { storeUri?: string; dataConverter?: DataConverter } = {},
): Promise<{ client: Client; connection: Connection }> {
  const { address, tls, apiKey, metadata } = settings.connectionOptions;
  try {
    const connection = await Connection.connect({
      ...(address ? { address } : {}),
      ...(tls !== undefined ? { tls } : {}),
      ...(apiKey ? { apiKey } : {}),
      ...(metadata ? { metadata } : {}),
      connectTimeout: '5s',
    });
    const interceptors = options.storeUri
      ? { interceptors: { workflow: [storeHeaderInterceptor(options.storeUri)] } }
      : {};
    const dataConverter = options.dataConverter ?? dataConverterFromEnv();
    return {
      client: new Client({ connection, namespace: settings.namespace, dataConverter, ...interceptors }),
      connection,
    };
  } catch (error: unknown) {
    throw new Error(
      `cannot reach the Temporal server at ${address ?? 'localhost:7233'} (${(error as Error).message}). ` +
        'Start one with `npm run director -- dev`, or set TEMPORAL_ADDRESS to a running cluster.',
    );
  }
}

/**
 * Connects a worker's native connection with the same settings. The worker package (Temporal's native
 * core) is loaded here, on first use, so the client-only commands that import this file never load it.
 * Throws a CliError with exit 3 naming the address, and what to do, when no server answers there (not
 * the transport's own error).
 */
export async function connectWorker(
  settings: TemporalSettings,
  advice: string = START_A_SERVER,
): Promise<NativeConnection> {
  const { NativeConnection, TransportError } = await import('@temporalio/worker');
  try {
    return await NativeConnection.connect(settings.connectionOptions);
  } catch (error: unknown) {
    if (!(error instanceof TransportError)) throw error;
    const address = settings.connectionOptions.address ?? 'localhost:7233';
    throw new CliError(`cannot reach the Temporal server at ${address}: ${advice}`, EXIT.unreachable);
  }
}

/** True when a Temporal server answers at `address` within about a second. Never throws. */
export async function temporalAnswers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '1s' });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}
