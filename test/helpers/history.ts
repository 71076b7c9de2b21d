import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

/** One event of a workflow history, as the client returns it. */
export type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** The activity types a run scheduled, in order, from its real history. */
export async function scheduledActivities(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

/** A local activity as its `MarkerRecorded` event tells it (and the Web UI shows it): type and summary. */
export interface LocalActivityMarker {
  activityType: string;
  summary: string | undefined;
}

/** The local activities of a history, in order, from their markers (completed and failed alike). */
export function localActivities(events: readonly HistoryEvent[]): LocalActivityMarker[] {
  return events.flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.details?.data?.payloads?.[0];
    if (marker?.markerName !== 'core_local_activity' || !data) return [];
    const { activity_type } = defaultPayloadConverter.fromPayload<{ activity_type: string }>(data);
    const summary = event.userMetadata?.summary;
    return [
      {
        activityType: activity_type,
        summary: summary ? defaultPayloadConverter.fromPayload<string>(summary) : undefined,
      },
    ];
  });
}

/** The local activity types a run ran, in order, from its real history. */
export async function localActivityTypes(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return localActivities(events).map((marker) => marker.activityType);
}
