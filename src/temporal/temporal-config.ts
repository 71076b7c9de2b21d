/**
 * Temporal's connection settings, apart from the project's settings in config.ts (zod, the store) so the
 * client commands read them without loading either.
 */
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';

/** Temporal connection settings from Temporal's standard environment configuration. */
export function loadTemporalConfig(): {
  connectionOptions: ClientConnectConfig['connectionOptions'];
  namespace: string;
} {
  const config = loadClientConnectConfig();
  return { connectionOptions: config.connectionOptions, namespace: config.namespace ?? 'default' };
}
