import type { Client, Connection, WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { CodecConfigError } from '../codec/codec-keys';
import { dataConverterFromEnv } from '../codec/data-converter';
import { loadTemporalConfig } from '../temporal/temporal-config';
import { connectClient, type TemporalSettings } from './connections';
import { toCliError } from './cli-errors';
import { CliError, EXIT, usageError } from './exit-codes';

/** A connected client and where it points, for one command. */
export interface TemporalSession {
  client: Client;
  connection: Connection;
  address: string;
  namespace: string;
}

/** The address a client uses when no setting names one (the SDK's default). */
const DEFAULT_ADDRESS = 'localhost:7233';

/** Reads Temporal's environment configuration; a broken profile or variable is a usage error (exit 2). */
export function temporalSettings(): TemporalSettings {
  try {
    return loadTemporalConfig();
  } catch (error: unknown) {
    throw usageError(`invalid Temporal configuration: ${(error as Error).message}`);
  }
}

/** The payload codec settings (DIRECTOR_CODEC_KEYS…); invalid ones are a usage error (exit 2). */
function codecSettings(): ReturnType<typeof dataConverterFromEnv> {
  try {
    return dataConverterFromEnv();
  } catch (error: unknown) {
    if (error instanceof CodecConfigError) throw usageError(error.message);
    throw error;
  }
}

/** The address and namespace the settings name, for messages. */
export function targetOf(settings: TemporalSettings): { address: string; namespace: string } {
  return {
    address: settings.connectionOptions.address ?? DEFAULT_ADDRESS,
    namespace: settings.namespace,
  };
}

/**
 * Connects to the configured cluster, runs `body`, and closes the connection. Errors come out as
 * CliErrors with their exit code: unreachable server 3, unknown workflow 4, others 1. With `storeUri`,
 * the runs the session starts carry that store's identity.
 */
export async function withTemporal<T>(
  body: (session: TemporalSession) => Promise<T>,
  options: { storeUri?: string } = {},
): Promise<T> {
  const settings = temporalSettings();
  const target = targetOf(settings);
  const dataConverter = codecSettings();
  let connected: { client: Client; connection: Connection };
  try {
    connected = await connectClient(settings, { ...options, dataConverter });
  } catch (error: unknown) {
    // connectClient's message names the address and how to start a server.
    throw new CliError((error as Error).message, EXIT.unreachable);
  }
  try {
    return await body({ ...connected, ...target });
  } catch (error: unknown) {
    throw toCliError(error, target);
  } finally {
    await connected.connection.close();
  }
}

/** A run by workflow id (its latest run) and its description; throws WorkflowNotFoundError when unknown. */
export async function existingRun(
  session: TemporalSession,
  workflowId: string,
): Promise<{ handle: WorkflowHandle; description: WorkflowExecutionDescription }> {
  if (!workflowId.trim()) throw usageError('a workflow id is required');
  const handle = session.client.workflow.getHandle(workflowId);
  return { handle, description: await handle.describe() };
}
