/**
 * The in-process baseline: the Directors' stages as plain promises in one Node process (the shape of the
 * origin's asyncio Directors), calling the very same activity code over the same kind of fake model — no
 * Temporal in between. Activities run in a `MockActivityEnvironment` because they read their context.
 */
import { setMaxListeners } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { msOptionalToNumber } from '@temporalio/common/lib/time';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities, type Activities } from '../../src/activities';
import { BrandGuides } from '../../src/brand/brand-guides';
import {
  FakeDirectorModel,
  type FakeCallEvent,
  type FakeModelSettings,
} from '../../src/model/fake/fake-model';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { MemoStore } from '../../src/storage/memo-store';
import { LocalPublisher } from '../../src/storage/publisher';
import { BRANDS_DIR } from '../../src/worker-deps';

/** Calls one activity in-process, as a plain promise. */
export type CallActivity = <K extends keyof Activities>(
  name: K,
  input: Parameters<Activities[K]>[0],
) => ReturnType<Activities[K]>;

/** The baseline's process-local world: its own fake model, stores and activity caller. */
export interface Baseline {
  model: FakeDirectorModel;
  call: CallActivity;
  /** Starts or stops recording the fake model's calls. */
  record(on: boolean): void;
  /** The calls recorded since the last drain. */
  drain(): FakeCallEvent[];
  dispose(): Promise<void>;
}

/** Builds the baseline over fresh temp folders, with a fake model of the given settings. */
export async function createBaseline(settings: Partial<FakeModelSettings>): Promise<Baseline> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-bench-baseline-'));
  let recording = false;
  let events: FakeCallEvent[] = [];
  const model = new FakeDirectorModel({
    ...settings,
    onCall: (event) => {
      if (recording) events.push(event);
    },
  });
  const activities = createActivities({
    model,
    blobs: new LocalBlobStore(path.join(root, 'blobs')),
    publisher: new LocalPublisher(path.join(root, 'output')),
    brands: new BrandGuides(BRANDS_DIR),
    memo: new MemoStore(path.join(root, 'memo')),
  });
  // Rate-limited attempts are expected in the baseline too: log errors only.
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  // Every call shares the environment's one cancellation signal: a fan-out of 64 adds 64 listeners to it.
  setMaxListeners(0, env.context.cancellationSignal);
  const call: CallActivity = (name, input) => {
    const activity = activities[name] as (input: unknown) => ReturnType<Activities[typeof name]>;
    return env.run(activity, input) as ReturnType<Activities[typeof name]>;
  };
  return {
    model,
    call,
    record: (on) => void (recording = on),
    drain: () => {
      const drained = events;
      events = [];
      return drained;
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

/** One item's outcome, as `Promise.allSettled` gives it. */
export type Settled<R> = PromiseSettledResult<R>;

/** Runs `fn` over the items, `concurrency` at a time, in input order (`asyncio.gather` behind a semaphore). */
export async function settleAll<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<Settled<R>[]> {
  const results: Settled<R>[] = new Array<Settled<R>>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await fn(items[index] as T, index) };
      } catch (reason: unknown) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return results;
}

/**
 * Retries a call the way the origin's `with_retry` did, but honouring a server-given delay: at most
 * `attempts` tries; a non-retryable failure is rethrown at once. Returns the value and the attempts used.
 */
export async function withRetry<R>(
  fn: () => Promise<R>,
  attempts: number,
  backoffMs = 2_000,
): Promise<{ value: R; attempts: number }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { value: await fn(), attempts: attempt };
    } catch (error: unknown) {
      const retryable = !(error instanceof ApplicationFailure && error.nonRetryable);
      if (!retryable || attempt >= attempts) throw error;
      const hinted =
        error instanceof ApplicationFailure
          ? msOptionalToNumber(error.nextRetryDelay ?? undefined)
          : undefined;
      await new Promise((resolve) => setTimeout(resolve, hinted ?? backoffMs * 2 ** (attempt - 1)));
    }
  }
}
