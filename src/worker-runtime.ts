import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

/** How the worker process reports itself: a Prometheus endpoint and the log format. */
export interface ObservabilityOptions {
  /** `host:port` to serve Prometheus metrics on (`/metrics`); unset serves none. */
  metricsAddress?: string;
  /** `json`: one JSON object per log line (for log shippers); `text`: the SDK's readable lines. */
  logFormat: 'json' | 'text';
}

/** Reads `DIRECTOR_METRICS_ADDRESS` and `DIRECTOR_LOG_FORMAT`; throws naming the variable when invalid. */
export function observabilityFromEnv(env: NodeJS.ProcessEnv = process.env): ObservabilityOptions {
  const format = env.DIRECTOR_LOG_FORMAT?.trim() || 'text';
  if (format !== 'json' && format !== 'text') {
    throw new Error(`DIRECTOR_LOG_FORMAT must be "json" or "text", got ${JSON.stringify(format)}`);
  }
  const metricsAddress = env.DIRECTOR_METRICS_ADDRESS?.trim() || undefined;
  if (metricsAddress !== undefined && !/^[^:\s]+:\d{1,5}$/.test(metricsAddress)) {
    throw new Error(
      `DIRECTOR_METRICS_ADDRESS must look like 127.0.0.1:9464, got ${JSON.stringify(metricsAddress)}`,
    );
  }
  return { logFormat: format, ...(metricsAddress ? { metricsAddress } : {}) };
}

/** One log entry as a JSON line: time, level, message and the SDK's structured metadata. */
export function jsonLogLine(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  return JSON.stringify(
    { time, level: entry.level, message: entry.message, ...entry.meta },
    (_key, value: unknown) =>
      typeof value === 'bigint'
        ? value.toString()
        : value instanceof Error
          ? { name: value.name, message: value.message }
          : value,
  );
}

/**
 * Installs the Temporal runtime for a worker process: structured logs and, when asked, a Prometheus
 * metrics endpoint with the SDK's worker metrics. Call once, before any connection is made.
 */
export function installWorkerRuntime(options: ObservabilityOptions): void {
  const logger =
    options.logFormat === 'json'
      ? new DefaultLogger('INFO', (entry) => process.stdout.write(`${jsonLogLine(entry)}\n`))
      : new DefaultLogger('INFO');
  Runtime.install({
    logger,
    ...(options.metricsAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.metricsAddress } } } }
      : {}),
  });
}
