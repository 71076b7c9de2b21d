import { isGrpcServiceError, NamespaceNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import { CliError, ERROR_KINDS, EXIT } from './exit-codes';
import type { Output } from './output';

// gRPC status codes (from @grpc/grpc-js's `status`), named here to avoid depending on grpc-js directly.
const GRPC_UNAVAILABLE = 14;
/** gRPC's DEADLINE_EXCEEDED: a call's deadline passed (with queries: no worker answered in time). */
export const GRPC_DEADLINE_EXCEEDED = 4;

/** How to get a server when none answers: said by every "unreachable" message. */
export const START_A_SERVER =
  'start one with `npm run director -- dev`, or point TEMPORAL_ADDRESS at a running cluster';

/**
 * The gRPC status code of an error or of one of its causes (the client wraps them in ServiceError).
 * Looser than `isGrpcServiceError`, which also wants metadata that some failures do not carry.
 */
export function grpcCodeOf(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (isGrpcServiceError(e)) return e.code;
    if ('code' in e && typeof e.code === 'number' && 'details' in e) return e.code;
  }
  return undefined;
}

/**
 * Turns any error a command meets into the message and exit code the user sees: an unknown workflow id
 * is 4, an unreachable server 3, a missing namespace 2, anything else 1. Never throws.
 */
export function toCliError(error: unknown, where: { address: string; namespace: string }): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof WorkflowNotFoundError) {
    const run = error.runId ? ` (run ${error.runId})` : '';
    return new CliError(
      `no workflow with id '${error.workflowId}'${run} in namespace '${where.namespace}' at ${where.address}` +
        ' (`director list` shows recent runs)',
      EXIT.notFound,
    );
  }
  if (error instanceof NamespaceNotFoundError) {
    return new CliError(
      `namespace '${error.namespace}' does not exist at ${where.address} (set TEMPORAL_NAMESPACE)`,
      EXIT.usage,
    );
  }
  const code = grpcCodeOf(error);
  if (code === GRPC_UNAVAILABLE) {
    return new CliError(
      `cannot reach the Temporal server at ${where.address}: ${START_A_SERVER}`,
      EXIT.unreachable,
    );
  }
  if (code === GRPC_DEADLINE_EXCEEDED) {
    return new CliError(`the Temporal server at ${where.address} did not answer in time`, EXIT.failed);
  }
  return new CliError(error instanceof Error ? error.message : String(error), EXIT.failed);
}

/** Reports an error: a JSON error document on stdout with `--json`, a `director: …` line on stderr without. */
export function reportError(out: Output, error: CliError): void {
  if (out.json) {
    process.stdout.write(
      `${JSON.stringify({ error: { kind: ERROR_KINDS[error.exitCode], message: error.message }, exitCode: error.exitCode }, null, 2)}\n`,
    );
  } else {
    out.warn(`director: ${error.message}`);
  }
}
