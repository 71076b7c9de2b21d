/**
 * Payload encryption on the real Temporal server: a Creative Director run by an encrypting client and
 * worker leaves only ciphertext in the server's history (no mood, prompt or brand guide text), and reads
 * back as its plain result; a worker or client that lacks the run's key fails clearly, naming the key id
 * and the setting, and the run goes on once a worker with the key takes it.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Client, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { parseCodecKeys } from '../../src/codec/codec-keys';
import { directorDataConverter } from '../../src/codec/data-converter';
import type { CreativeResult } from '../../src/shared/creative-input';
import { createDirectorWorker } from '../../src/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { assertExit, runCli } from '../cli/cli-process';
import { creativeInput } from '../helpers/creative-input';
import { tempDeps, useTemporal, type TemporalTestEnv } from '../helpers/temporal';

const temporalEnv = useTemporal();
const TIMEOUT_MS = 60_000;
/** A line of linn-atelier's brand guide (brands/linn-atelier.json), which the run loads in an activity. */
const BRAND_GUIDE_TEXT = 'Quiet luxury: natural light, linen and wool';

type History = temporal.api.history.v1.IHistory;
type Payload = temporal.api.common.v1.IPayload;

const converter = (list: string | undefined): DataConverter =>
  directorDataConverter(list === undefined ? undefined : parseCodecKeys(list, 'DIRECTOR_CODEC_KEYS'));
const newKey = () => randomBytes(32).toString('base64');

/** Every payload in a history except search attributes (the server indexes those, so they stay plain). */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (Array.isArray(value)) value.forEach((item) => payloadsIn(item, found));
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const record = value as Record<string, unknown>;
    if (record.metadata && typeof record.metadata === 'object' && 'data' in record) found.push(record);
    for (const [name, child] of Object.entries(record))
      if (name !== 'searchAttributes' && name !== 'metadata') payloadsIn(child, found);
  }
  return found;
}

/**
 * A history's events without what Temporal's core writes itself, never user data: `patched()` markers (a
 * patch id) and a local activity marker's `data` (its activity type, sequence number and times). A local
 * activity's `result` stays in, to be checked like any payload.
 */
function withoutCoreMetadata(events: History['events']): unknown[] {
  return (events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_patch') return [];
    if (marker?.markerName !== 'core_local_activity') return [event];
    const details = { ...marker.details };
    delete details.data;
    return [{ ...event, markerRecordedEventAttributes: { ...marker, details } }];
  });
}

const encodingOf = (payload: Payload) => Buffer.from(payload.metadata?.encoding ?? []).toString('utf8');
const historyBytes = (history: History) =>
  Buffer.from(temporal.api.history.v1.History.encode(history).finish());

/** The history as the server stores it, read by a client without any codec. */
function rawHistory(env: TemporalTestEnv, workflowId: string): Promise<History> {
  return env.client.workflow.getHandle(workflowId).fetchHistory();
}

/** Runs a Creative Director on its own task queue with `keys` on both the client and the worker. */
async function runCreative(
  env: TemporalTestEnv,
  keys: string | undefined,
  mood: string,
): Promise<{ result: CreativeResult; workflowId: string }> {
  const deps = await tempDeps();
  const dataConverter = converter(keys);
  const taskQueue = `test-codec-${randomUUID()}`;
  const client = new Client({ connection: env.client.connection, dataConverter });
  try {
    const worker = await createDirectorWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      deps,
      workflowBundle: env.workflowBundle,
      taskQueue,
      dataConverter,
    });
    const workflowId = `test-codec-${randomUUID()}`;
    const result = await worker.runUntil(
      client.workflow.execute('creativeDirector', {
        taskQueue,
        workflowId,
        args: [await creativeInput(mood)],
        staticSummary: `codec check: ${mood}`,
      }) as Promise<CreativeResult>,
    );
    return { result, workflowId };
  } finally {
    await deps.dispose();
  }
}

/** Waits for the run's first failed workflow task in its history and returns its failure message. */
async function firstWorkflowTaskFailure(handle: WorkflowHandle): Promise<string> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const history = await handle.fetchHistory();
    const failed = history.events?.find((event) => event.workflowTaskFailedEventAttributes);
    const message = failed?.workflowTaskFailedEventAttributes?.failure?.message;
    if (message) return message;
    if (Date.now() > deadline) assert.fail('no WorkflowTaskFailed event appeared in the history');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('payload encryption on a real Temporal server', () => {
  it('keeps only ciphertext in the server history, and the run reads back as its plain result', async () => {
    const env = temporalEnv();
    const mood = `harbour fog ${randomUUID()}`;
    const { result, workflowId } = await runCreative(env, `k1:${newKey()}`, mood);
    assert.equal(result.summary.status, 'completed');
    assert.equal(result.brand, 'linn-atelier');
    const prompt = result.prompts[0]?.text;
    assert.ok(
      prompt?.includes('harbour fog'),
      `the decoded result holds the prompt written from the mood: ${prompt}`,
    );

    const history = await rawHistory(env, workflowId);
    // Temporal's core writes its own markers' metadata (never user data) without the codec.
    const payloads = payloadsIn(withoutCoreMetadata(history.events));
    assert.ok(payloads.length > 10, `the history holds the run's payloads (${payloads.length})`);
    const plain = payloads.map(encodingOf).filter((encoding) => encoding !== 'binary/encrypted');
    assert.deepEqual(plain, [], 'every payload outside search attributes is encrypted');
    const bytes = historyBytes(history);
    for (const secret of [mood, prompt ?? mood, BRAND_GUIDE_TEXT])
      assert.ok(!bytes.includes(secret), `the server's history does not hold '${secret}'`);
  });

  it('stores the same run in plain JSON when no key is set (the embedded default)', async () => {
    // The control for the test above: the same checks find the text when nothing encrypts.
    const env = temporalEnv();
    const mood = `harbour fog ${randomUUID()}`;
    const { result, workflowId } = await runCreative(env, undefined, mood);
    assert.equal(result.summary.status, 'completed');
    const history = await rawHistory(env, workflowId);
    assert.ok(payloadsIn(history.events).every((payload) => encodingOf(payload) !== 'binary/encrypted'));
    const bytes = historyBytes(history);
    assert.ok(bytes.includes(mood) && bytes.includes(BRAND_GUIDE_TEXT));
  });

  it('fails the workflow task on a worker without the key, naming key and setting, and resumes after the key rotation is done right', async () => {
    const env = temporalEnv();
    const [oldKey, newKeyBytes] = [newKey(), newKey()];
    const taskQueue = `test-codec-${randomUUID()}`;
    const deps = await tempDeps();
    try {
      // Started before the rotation: the input is encrypted under k1.
      const starter = new Client({
        connection: env.client.connection,
        dataConverter: converter(`k1:${oldKey}`),
      });
      const handle = await starter.workflow.start('creativeDirector', {
        taskQueue,
        workflowId: `test-codec-${randomUUID()}`,
        args: [await creativeInput(`harbour fog ${randomUUID()}`)],
      });
      const worker = (keys: string) =>
        createDirectorWorker({
          connection: env.nativeConnection,
          namespace: 'default',
          deps,
          workflowBundle: env.workflowBundle,
          taskQueue,
          dataConverter: converter(keys),
        });

      // A worker that dropped the old key too early: the run's input cannot be decrypted there.
      const early = await worker(`k2:${newKeyBytes}`);
      const failure = await early.runUntil(firstWorkflowTaskFailure(handle));
      assert.match(
        failure,
        new RegExp(
          `payload of workflow ${handle.workflowId} is encrypted with key 'k1', which DIRECTOR_CODEC_KEYS ` +
            `does not hold \\(it holds 'k2'\\): add 'k1:<its base64 key>' to it`,
        ),
      );
      const { status } = await handle.describe();
      assert.equal(status.name, 'RUNNING', 'the run waits for a worker that holds the key');

      // Rotated right: k2 current, k1 still listed. The run goes on, writing new payloads under k2.
      const rotated = await worker(`k2:${newKeyBytes},k1:${oldKey}`);
      const reader = new Client({
        connection: env.client.connection,
        dataConverter: converter(`k2:${newKeyBytes},k1:${oldKey}`),
      });
      const result = (await rotated.runUntil(
        reader.workflow.getHandle(handle.workflowId).result(),
      )) as CreativeResult;
      assert.equal(result.summary.status, 'completed', 'the run finished once a worker with the key took it');
      const events = (await handle.fetchHistory()).events;
      const keyIds = new Set(
        payloadsIn(withoutCoreMetadata(events)).map((payload) =>
          Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString('utf8'),
        ),
      );
      assert.deepEqual(
        [...keyIds].sort(),
        ['k1', 'k2'],
        'the input under the old key, later payloads under the new',
      );

      // A client that holds only the old key cannot read the result, and says why.
      await assert.rejects(starter.workflow.getHandle(handle.workflowId).result(), /encrypted with key 'k2'/);
    } finally {
      await deps.dispose();
    }
  });

  it('lets `director result` and `director replay` read an encrypted run with the keys, and say which setting is missing without', async () => {
    const env = temporalEnv();
    const keys = `k1:${newKey()}`;
    const { result, workflowId } = await runCreative(env, keys, `harbour fog ${randomUUID()}`);
    const cli = (args: string[], codecKeys: string) =>
      runCli(args, {
        address: env.address,
        env: { DIRECTOR_CODEC_KEYS: codecKeys, DIRECTOR_CODEC_KEY_FILE: '' },
      });

    const shown = await cli(['result', workflowId, '--json'], keys);
    assertExit(shown, 0);
    assert.ok(
      shown.stdout.includes(result.prompts[0]?.text ?? '(no prompt)'),
      'the CLI prints the decrypted result',
    );
    const keyless = await cli(['result', workflowId], '');
    assert.notEqual(keyless.code, 0);
    assert.match(
      keyless.stderr,
      /encrypted with key 'k1', but this process has no encryption keys: set DIRECTOR_CODEC_KEYS/,
    );

    // A history fetched as stored (ciphertext) replays on the current code with the same keys.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-codec-replay-'));
    try {
      const file = path.join(dir, 'history.json');
      await writeFile(file, historyToJSON(await rawHistory(env, workflowId)));
      assertExit(await cli(['replay', file], keys), 0);
      const wrong = await cli(['replay', file], `k1:${newKey()}`);
      assert.notEqual(wrong.code, 0);
      assert.match(
        `${wrong.stdout}${wrong.stderr}`,
        /does not authenticate with key 'k1' of DIRECTOR_CODEC_KEYS/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails an activity whose input a worker cannot decrypt with type PayloadNotDecryptable, within bounded retries', async () => {
    const env = temporalEnv();
    const [oldKey, currentKey] = [newKey(), newKey()];
    const rotated = converter(`k2:${currentKey},k1:${oldKey}`);
    const taskQueue = `test-codec-${randomUUID()}`;
    const deps = await tempDeps();
    try {
      const client = new Client({ connection: env.client.connection, dataConverter: rotated });
      // Workflows on a rotated worker (writes under k2); activities on one that still has only k1.
      const workflows = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: env.workflowBundle,
        dataConverter: rotated,
      });
      const activities = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        activities: createActivities(deps),
        dataConverter: converter(`k1:${oldKey}`),
      });
      const workflowId = `test-codec-${randomUUID()}`;
      const error = await activities.runUntil(
        workflows.runUntil(
          client.workflow
            .execute('creativeDirector', {
              taskQueue,
              workflowId,
              args: [await creativeInput(`harbour fog ${randomUUID()}`)],
            })
            .then(
              () => assert.fail('the run cannot succeed: no worker can read its activities'),
              (failure: unknown) => failure,
            ),
        ),
      );
      assert.ok(error instanceof WorkflowFailedError, `the run failed: ${String(error)}`);
      const causes: unknown[] = [];
      for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) causes.push(cause);
      const chain = causes.map((c) => `${(c as Error).name}: ${(c as Error).message}`).join(' <- ');
      const undecryptable = causes.find(
        (cause): cause is ApplicationFailure =>
          cause instanceof ApplicationFailure && cause.type === 'PayloadNotDecryptable',
      );
      assert.ok(undecryptable, `a PayloadNotDecryptable failure among ${chain}`);
      const attempts = (await rawHistory(env, workflowId)).events?.flatMap(
        (event) => event.activityTaskStartedEventAttributes?.attempt ?? [],
      );
      assert.ok(
        Math.max(...(attempts ?? [])) > 1,
        `retried within its policy, attempts ${attempts?.join(',')}`,
      );
      assert.match(
        undecryptable.message,
        /^Failed to parse activity args for activity \w+: a payload of activity \S+ of workflow \S+ is encrypted with key 'k2', which DIRECTOR_CODEC_KEYS does not hold \(it holds 'k1'\)/,
      );
    } finally {
      await deps.dispose();
    }
  });
});
