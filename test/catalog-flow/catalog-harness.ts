/**
 * Runs a catalog on a fresh worker (the fake catalog activities, the real Directors' activities) and reads
 * its whole continue-as-new chain back from the server's history.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandleWithFirstExecutionRunId as WorkflowHandle } from '@temporalio/client';
import type { SearchAttributes } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { Activities, ActivityDeps } from '../../src/activities';
import type { CatalogInput, CatalogProgress, CatalogResult } from '../../src/shared/catalog';
import { catalogProgressQuery } from '../../src/shared/messages';
import { CATALOG_WORKFLOW_TYPE } from '../../src/shared/names';
import { withWorker, type TemporalTestEnv } from '../helpers/temporal';
import type { FakeCatalog } from './fake-catalog';

/** One run of a catalog's chain, as its history tells it. */
export interface CatalogRunFacts {
  runId: string;
  events: number;
  /** Lines the run was handed in flight by the run before it. */
  carriedIn: number;
  /** Lines it handed on in flight when it continued as new (0 for the last run). */
  carriedOut: number;
  childrenStarted: string[];
  /** Carried lines it waited for with `awaitCatalogLine`. */
  linesAwaited: number;
  /** The most lines in flight at once in this run: carried in + children started − lines that ended. */
  mostInFlight: number;
}

/** How a catalog ended, with its chain. */
export interface CatalogOutcome {
  result?: CatalogResult;
  error?: unknown;
  handle: WorkflowHandle;
  runs: CatalogRunFacts[];
  /** The `progress` query's answer once the catalog had ended (none when it failed before registering it). */
  progress?: CatalogProgress;
  /** Its search attributes once it had ended. */
  searchAttributes: SearchAttributes;
}

/** Starts a catalog, lets `drive` act on it, waits for its end and reads its chain. */
export async function runCatalog(
  env: TemporalTestEnv,
  deps: ActivityDeps,
  fake: FakeCatalog,
  input: Omit<CatalogInput, 'manifest'>,
  options: {
    overrides?: Partial<Activities>;
    drive?: (handle: WorkflowHandle, catalogId: string) => Promise<void>;
    /** Runs before the catalog starts, on the worker's task queue (e.g. to start a line's child first). */
    prepare?: (taskQueue: string, catalogId: string) => Promise<void>;
  } = {},
): Promise<CatalogOutcome> {
  return withWorker(
    env,
    deps,
    async (taskQueue) => {
      const catalogId = `test-catalog-${randomUUID()}`;
      await options.prepare?.(taskQueue, catalogId);
      const handle = await env.client.workflow.start(CATALOG_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: catalogId,
        args: [{ manifest: 'manifest.jsonl', ...input }],
      });
      await options.drive?.(handle, catalogId);
      const outcome = await handle.result().then(
        (result) => ({ result: result as CatalogResult }),
        (error: unknown) => ({ error }),
      );
      // Queried while the worker still runs: a query needs one.
      const progress = await handle.query(catalogProgressQuery).catch(() => undefined);
      const { searchAttributes } = await handle.describe();
      const runs = await chainOf(env, catalogId, handle.firstExecutionRunId);
      return { ...outcome, handle, runs, progress, searchAttributes };
    },
    { ...fake.activities, ...options.overrides },
  );
}

const CHILD_ENDS = [
  'childWorkflowExecutionCompletedEventAttributes',
  'childWorkflowExecutionFailedEventAttributes',
  'childWorkflowExecutionCanceledEventAttributes',
  'childWorkflowExecutionTerminatedEventAttributes',
  'childWorkflowExecutionTimedOutEventAttributes',
  'startChildWorkflowExecutionFailedEventAttributes',
] as const;

/** Every run of the chain, first to last, read from its history. */
export async function chainOf(
  env: TemporalTestEnv,
  workflowId: string,
  firstRunId: string,
): Promise<CatalogRunFacts[]> {
  const runs: CatalogRunFacts[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const facts = factsOf(runId, history.events ?? []);
    runs.push(facts.run);
    runId = facts.next;
  }
  return runs;
}

function factsOf(
  runId: string,
  events: temporal.api.history.v1.IHistoryEvent[],
): { run: CatalogRunFacts; next?: string } {
  const input = decode<CatalogInput>(events[0]?.workflowExecutionStartedEventAttributes?.input);
  const carriedIn = input?.continued?.inFlight.length ?? 0;
  const awaitIds = new Set<string>();
  const childrenStarted: string[] = [];
  let inFlight = carriedIn;
  let mostInFlight = inFlight;
  let linesAwaited = 0;
  let next: string | undefined;
  let carriedOut = 0;
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'awaitCatalogLine') {
      awaitIds.add(String(event.eventId));
      linesAwaited += 1;
    }
    const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (initiated) {
      childrenStarted.push(initiated.workflowId ?? '');
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
    }
    if (CHILD_ENDS.some((key) => event[key])) inFlight -= 1;
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed && awaitIds.has(String(completed.scheduledEventId))) inFlight -= 1;
    const continued = event.workflowExecutionContinuedAsNewEventAttributes;
    if (continued) {
      next = continued.newExecutionRunId ?? undefined;
      carriedOut = decode<CatalogInput>(continued.input)?.continued?.inFlight.length ?? 0;
    }
  }
  return {
    run: { runId, events: events.length, carriedIn, carriedOut, childrenStarted, linesAwaited, mostInFlight },
    next,
  };
}

function decode<T>(payloads: temporal.api.common.v1.IPayloads | null | undefined): T | undefined {
  const first = payloads?.payloads?.[0];
  return first ? defaultPayloadConverter.fromPayload<T>(first) : undefined;
}
