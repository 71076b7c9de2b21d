import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, ReplayError, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { CodecConfigError } from '../../codec/codec-keys';
import { dataConverterFromEnv } from '../../codec/data-converter';
import { loadDirectorConfig } from '../../config';
import { loadWorkflowBundle } from '../../workflow-bundle';
import { EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { userPath } from '../user-path';

/** Options of `director replay`. */
export interface ReplayFlags {
  workflowId?: string;
}

type History = temporal.api.history.v1.IHistory;

async function readHistory(file: string): Promise<History> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw usageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return historyFromJSON(JSON.parse(text) as unknown);
  } catch (error: unknown) {
    throw usageError(`${file} is not a Temporal history in JSON form: ${(error as Error).message}`);
  }
}

/** The core's one-line reason (`Activity type of scheduled event 'x' does not match …`) inside its long message. */
function nondeterminismOf(message: string): string {
  return /Nondeterminism error: ((?:[^"\\]|\\.)*)/.exec(message)?.[1]?.replace(/\\"/g, '"') ?? message;
}

/**
 * `director replay <file.json> [--workflow-id id]`: replays a recorded history against the current
 * workflow code, the determinism check anyone can run before deploying. The workflow id defaults to the
 * one in the history (Directors derive child ids from it). Exit 0 when the code makes the recorded
 * decisions, 1 when it does not, 2 when the file is not a history.
 */
export async function replayCommand(file: string, flags: ReplayFlags, out: Output): Promise<number> {
  const absolute = userPath(file);
  const history = await readHistory(absolute);
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw usageError(`${file} does not begin with a WorkflowExecutionStarted event`);
  const workflowId = flags.workflowId ?? (started.workflowId || `replay-${path.basename(file, '.json')}`);
  const workflowType = started.workflowType?.name ?? 'unknown';
  const events = history.events?.length ?? 0;
  // The replay worker logs through the SDK's runtime: keep stdout for the answer.
  // The replay worker logs through the SDK's runtime, and the core repeats a non-determinism as a warning:
  // keep stdout for the answer and stderr for errors; the verdict below says what went wrong.
  Runtime.install({
    logger: new DefaultLogger('ERROR', (entry) => process.stderr.write(`[replay] ${entry.message}\n`)),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  // A history recorded with payload encryption replays with the same keys (DIRECTOR_CODEC_KEYS).
  let dataConverter;
  try {
    dataConverter = dataConverterFromEnv();
  } catch (error: unknown) {
    if (error instanceof CodecConfigError) throw usageError(error.message);
    throw error;
  }
  const workflowBundle = await loadWorkflowBundle(path.join(loadDirectorConfig().stateDir, 'cache'));
  const facts = { file: absolute, workflowId, workflowType, events };
  try {
    await Worker.runReplayHistory({ workflowBundle, dataConverter }, history, workflowId);
  } catch (error: unknown) {
    if (!(error instanceof DeterminismViolationError || error instanceof ReplayError)) throw error;
    const reason = nondeterminismOf(error.message);
    out.document({ ...facts, ok: false, error: { type: error.name, reason, message: error.message } });
    out.warn(
      `director: ${file} does NOT replay on the current code (${error.name}): the code makes different ` +
        `decisions from the recorded ${workflowType} run ${workflowId}.\n  ${reason}`,
    );
    return EXIT.failed;
  }
  out.document({ ...facts, ok: true });
  out.line(
    `replayed ${events} events of ${workflowType} ${workflowId}: the current code makes the recorded decisions`,
  );
  return EXIT.ok;
}
