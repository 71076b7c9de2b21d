import type { WorkflowHandle } from '@temporalio/client';
import type { LoadedDataConverter } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { WORKFLOW_TYPES, type DirectorName } from '../shared/names';
import { usageError } from './exit-codes';

/** The Director a workflow type belongs to; a usage error for any other type (a catalog, say). */
export function directorOfType(workflowType: string, workflowId: string): DirectorName {
  const entry = Object.entries(WORKFLOW_TYPES).find(([, type]) => type === workflowType);
  if (!entry)
    throw usageError(
      `${workflowId} is a ${workflowType} run: rerun applies to ${Object.values(WORKFLOW_TYPES).join(', ')}`,
    );
  return entry[0] as DirectorName;
}

/**
 * The input an earlier run worked with, from its history: the result of its `resolveInput` step (every
 * default as that run fixed it) when it has one, else the input it was started with. Decoded with the
 * client's data converter, so encrypted runs read too. Throws a usage error when the history holds neither.
 */
export async function earlierInput(
  handle: WorkflowHandle,
  converter: LoadedDataConverter,
): Promise<Record<string, unknown>> {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = events.find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'resolveInput',
  );
  const completed =
    scheduled &&
    events.find(
      (e) =>
        String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '') === String(scheduled.eventId),
    );
  const result = completed?.activityTaskCompletedEventAttributes?.result?.payloads;
  if (result?.length) {
    const resolved = await decodeFromPayloadsAtIndex<{ input?: unknown }>(converter, 0, result);
    if (isObject(resolved.input)) return resolved.input;
  }
  const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  const raw = started?.length ? await decodeFromPayloadsAtIndex<unknown>(converter, 0, started) : undefined;
  if (isObject(raw)) return raw;
  throw usageError(`${handle.workflowId}: its history holds no input to start again from`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
