import type { TelemetryOptions } from '@temporalio/worker';

/**
 * Sends the SDK core's own log lines (e.g. "Workflow task duration exceeded 5 seconds", which a loaded
 * machine produces) through the runtime's logger, on stderr, instead of printing them raw on stdout, where
 * they would break the bench's `--json` document. Core warnings and errors only.
 */
export const FORWARD_CORE_LOGS = {
  logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
} as const satisfies TelemetryOptions;
