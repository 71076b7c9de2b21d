import { formatWithOptions } from 'node:util';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { OUTCOME_LOG_KEY } from './shared/expected-outcomes';

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
          ? { name: value.name, message: value.message, stack: value.stack }
          : value,
  );
}

/** Runs remembered as having ended with an expected outcome, until the SDK's failure entry for them. */
const REMEMBERED_RUNS = 1000;

/**
 * Keeps expected business outcomes (QualityRejected, ApprovalRejected, DirectorCancelled) to the one line
 * the Director's outcome interceptor logs (src/workflows/engine/outcome-log.ts), dropping the SDK's own
 * `Workflow failed` entry with its stack trace for that run, which follows it. Every other entry, real
 * failures with their stacks included, passes through as it is.
 */
export function quietExpectedOutcomes(write: (entry: LogEntry) => void): (entry: LogEntry) => void {
  const expectedRuns = new Set<string>();
  return (entry) => {
    const runId: unknown = entry.meta?.runId;
    if (typeof runId === 'string' && entry.meta?.[OUTCOME_LOG_KEY] !== undefined) {
      expectedRuns.add(runId);
      // Bounded: a run whose failure entry never comes (e.g. a worker shutting down) is forgotten in time.
      if (expectedRuns.size > REMEMBERED_RUNS)
        expectedRuns.delete(expectedRuns.values().next().value as string);
    } else if (
      typeof runId === 'string' &&
      entry.message === 'Workflow failed' &&
      expectedRuns.delete(runId)
    ) {
      return;
    }
    write(entry);
  };
}

const format = formatWithOptions.bind(undefined, { colors: process.stderr.isTTY === true });

/**
 * One log entry as the SDK's default text line (time, level, message, metadata), on stderr; an expected
 * outcome's entry on a single line, naming only its run.
 */
export function writeTextLine(entry: LogEntry): void {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const meta = entry.meta;
  const tail =
    meta === undefined
      ? ''
      : meta[OUTCOME_LOG_KEY] !== undefined
        ? ` (workflowId ${String(meta.workflowId)}, runId ${String(meta.runId)})`
        : ` ${format(meta)}`;
  process.stderr.write(`${time} [${entry.level}] ${entry.message}${tail}\n`);
}

const SERIOUS: ReadonlySet<string> = new Set(['WARN', 'ERROR']);

/**
 * The logger of a worker inside a command a person is watching (`director dev`, `npm start`): warnings and
 * errors only, plus the one line of each expected business outcome instead of its stack trace.
 */
export function personLogger(): DefaultLogger {
  return new DefaultLogger(
    'INFO', // the outcome lines are INFO: let them reach the filter, which drops the rest below WARN
    quietExpectedOutcomes((entry) => {
      if (SERIOUS.has(entry.level) || entry.meta?.[OUTCOME_LOG_KEY] !== undefined) writeTextLine(entry);
    }),
  );
}

/**
 * Installs the Temporal runtime for a worker process: structured logs (expected business outcomes on one
 * line, real failures with their stacks) and, when asked, a Prometheus metrics endpoint with the SDK's
 * worker metrics. Call once, before any connection is made.
 */
export function installWorkerRuntime(options: ObservabilityOptions): void {
  const write =
    options.logFormat === 'json'
      ? (entry: LogEntry) => void process.stdout.write(`${jsonLogLine(entry)}\n`)
      : writeTextLine;
  const logger = new DefaultLogger('INFO', quietExpectedOutcomes(write));
  Runtime.install({
    logger,
    ...(options.metricsAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.metricsAddress } } } }
      : {}),
  });
}
