import type { Client, WorkflowHandle } from '@temporalio/client';

/** One event of a workflow history, as the client returns it. */
export type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** An event's time in milliseconds since the epoch, with sub-millisecond precision. */
export function eventMs(event: HistoryEvent): number {
  const time = event.eventTime;
  if (!time) throw new Error(`history event ${String(event.eventId)} has no time`);
  return Number(time.seconds ?? 0) * 1000 + (time.nanos ?? 0) / 1e6;
}

/** A run's events (the whole history). */
export async function fetchEvents(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return history.events ?? [];
}

/** What one activity's events say: when it was scheduled, started (its last attempt) and completed. */
export interface ActivityTimes {
  scheduledMs: number;
  startedMs: number;
  completedMs: number;
  attempt: number;
}

/** Every completed activity of a history, in the order they were scheduled. */
export function activityTimes(events: readonly HistoryEvent[]): ActivityTimes[] {
  const byScheduled = new Map<string, Partial<ActivityTimes>>();
  for (const event of events) {
    const id = String(event.eventId);
    if (event.activityTaskScheduledEventAttributes) byScheduled.set(id, { scheduledMs: eventMs(event) });
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const entry = byScheduled.get(String(started.scheduledEventId));
      if (entry) Object.assign(entry, { startedMs: eventMs(event), attempt: started.attempt ?? 1 });
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const entry = byScheduled.get(String(completed.scheduledEventId));
      if (entry) entry.completedMs = eventMs(event);
    }
  }
  return [...byScheduled.values()].filter(
    (t): t is ActivityTimes =>
      t.scheduledMs !== undefined && t.startedMs !== undefined && t.completedMs !== undefined,
  );
}

/** Schedule-to-start of every workflow task in a history, in milliseconds. */
export function workflowTaskScheduleToStart(events: readonly HistoryEvent[]): number[] {
  const scheduled = new Map<string, number>();
  const waits: number[] = [];
  for (const event of events) {
    if (event.workflowTaskScheduledEventAttributes) scheduled.set(String(event.eventId), eventMs(event));
    const started = event.workflowTaskStartedEventAttributes;
    if (started) {
      const at = scheduled.get(String(started.scheduledEventId));
      if (at !== undefined) waits.push(eventMs(event) - at);
    }
  }
  return waits;
}

/** The time from the run's start event to its close event, in milliseconds. */
export function runDurationMs(events: readonly HistoryEvent[]): number {
  const first = events[0];
  const last = events[events.length - 1];
  return first && last ? eventMs(last) - eventMs(first) : NaN;
}

/** Where one step of a chain spends its time, in ms (medians are taken by the caller). */
export interface StepParts {
  /** Workflow task scheduled → started: the server handing it to the worker. */
  wftScheduleToStart: number[];
  /** Workflow task started → completed: the worker running the workflow code, the server recording it. */
  wftStartToComplete: number[];
  /** Activity scheduled → started: dispatch (0 when it started eagerly, from the task's answer). */
  activityScheduleToStart: number[];
  /** Activity started → completed: the worker running it, the server recording the result. */
  activityStartToComplete: number[];
}

/** Splits a history's workflow tasks and activities into the parts of `StepParts`. */
export function stepParts(events: readonly HistoryEvent[]): StepParts {
  const parts: StepParts = {
    wftScheduleToStart: workflowTaskScheduleToStart(events),
    wftStartToComplete: [],
    activityScheduleToStart: [],
    activityStartToComplete: [],
  };
  const started = new Map<string, number>();
  for (const event of events) {
    if (event.workflowTaskStartedEventAttributes) started.set(String(event.eventId), eventMs(event));
    const completed = event.workflowTaskCompletedEventAttributes;
    if (completed) {
      const at = started.get(String(completed.startedEventId));
      if (at !== undefined) parts.wftStartToComplete.push(eventMs(event) - at);
    }
  }
  for (const activity of activityTimes(events)) {
    parts.activityScheduleToStart.push(activity.startedMs - activity.scheduledMs);
    parts.activityStartToComplete.push(activity.completedMs - activity.startedMs);
  }
  return parts;
}

/** What one run's history holds: its size and the work it cost the server and the worker. */
export interface HistoryShape {
  events: number;
  /** Workflow tasks handed to a worker (started events: completed, failed and timed out alike). */
  workflowTasks: number;
  /** Ordinary activities scheduled (each one a task through the server and a workflow task to resume). */
  activities: number;
  /** Markers: local activities' results and `patched()` calls. */
  markers: number;
}

/** Counts a history's events, workflow tasks, activities and markers. */
export function historyShape(events: readonly HistoryEvent[]): HistoryShape {
  const count = (has: (event: HistoryEvent) => unknown) => events.filter((event) => has(event)).length;
  return {
    events: events.length,
    workflowTasks: count((event) => event.workflowTaskStartedEventAttributes),
    activities: count((event) => event.activityTaskScheduledEventAttributes),
    markers: count((event) => event.markerRecordedEventAttributes),
  };
}
