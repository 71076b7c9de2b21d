import type { WorkflowHandle } from '@temporalio/client';

/** One activity of a run as its real history tells it: when it was scheduled and when (and how) it closed. */
export interface ActivityEvent {
  type: string;
  /** The activity's input, decoded from its JSON payload. */
  input: unknown;
  scheduledId: number;
  /** The heartbeat timeout it was scheduled with, in seconds (0: none). */
  heartbeatTimeoutSeconds: number;
  closedId?: number;
  closedAs?: 'completed' | 'failed' | 'canceled' | 'timedOut';
}

/** Every activity a run scheduled, in order, with the event that closed it; plus the ids of completed workflow tasks. */
export async function activityEvents(
  handle: WorkflowHandle,
): Promise<{ activities: ActivityEvent[]; workflowTasksCompleted: number[] }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const activities = new Map<number, ActivityEvent>();
  const workflowTasksCompleted: number[] = [];
  for (const event of events) {
    const id = Number(event.eventId);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const data = scheduled.input?.payloads?.[0]?.data;
      activities.set(id, {
        type: scheduled.activityType?.name ?? '',
        input: data ? (JSON.parse(Buffer.from(data).toString('utf8')) as unknown) : undefined,
        scheduledId: id,
        heartbeatTimeoutSeconds: Number(scheduled.heartbeatTimeout?.seconds ?? 0),
      });
    }
    if (event.workflowTaskCompletedEventAttributes) workflowTasksCompleted.push(id);
    const closes = [
      ['completed', event.activityTaskCompletedEventAttributes],
      ['failed', event.activityTaskFailedEventAttributes],
      ['canceled', event.activityTaskCanceledEventAttributes],
      ['timedOut', event.activityTaskTimedOutEventAttributes],
    ] as const;
    for (const [closedAs, attributes] of closes) {
      const activity = attributes ? activities.get(Number(attributes.scheduledEventId)) : undefined;
      if (activity) Object.assign(activity, { closedId: id, closedAs });
    }
  }
  return { activities: [...activities.values()], workflowTasksCompleted };
}

/** The activity types the saga runs as compensations. */
export const UNDO_TYPES = new Set([
  'deleteBlobs',
  'deleteBlobPrefix',
  'unpublishImages',
  'deleteRunReport',
  'unpublishReview',
]);

/** The first compensation a run scheduled after event `afterId`, or undefined. */
export function firstUndoAfter(activities: ActivityEvent[], afterId: number): ActivityEvent | undefined {
  return activities.find((a) => a.scheduledId > afterId && UNDO_TYPES.has(a.type));
}
