import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RunSummary } from '../../src/shared/stages';
import { listFilesUnder } from '../helpers/files';
import { fixture, skipWithoutFixtures } from '../helpers/fixtures';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';

const temporal = useTemporal();

interface Refusal {
  type: string | null | undefined;
  message: string;
  nonRetryable: boolean;
  intakeAttempts: number | undefined;
  scheduledActivities: number;
}

/** Runs the Director on each path under one worker and returns how each was refused. */
async function refusals(paths: string[]): Promise<{ results: Refusal[]; leftovers: string[] }> {
  const env = temporal();
  const deps = await tempDeps();
  const results = await withWorker(env, deps, (taskQueue) =>
    Promise.all(
      paths.map(async (productImage) => {
        const handle = await env.client.workflow.start('ecommerceDirector', {
          taskQueue,
          workflowId: `test-refuse-${randomUUID()}`,
          args: [{ productImage }],
        });
        const error = await handle.result().then(
          () => assert.fail(`${productImage} was accepted`),
          (e: unknown) => e,
        );
        assert.ok(
          error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure,
          String(error),
        );
        const summary = (error.cause.details?.[0] as { summary: RunSummary }).summary;
        const history = await handle.fetchHistory();
        // The input check (resolveInput) runs first for every run; count what follows it.
        const scheduled = (history.events ?? []).filter(
          (e) =>
            e.activityTaskScheduledEventAttributes &&
            e.activityTaskScheduledEventAttributes.activityType?.name !== 'resolveInput',
        ).length;
        return {
          type: error.cause.type,
          message: error.cause.message,
          nonRetryable: error.cause.nonRetryable === true,
          intakeAttempts: summary.stages.find((s) => s.name === 'intake')?.attempts,
          // the intake activity, plus the compensation of intake
          scheduledActivities: scheduled,
        };
      }),
    ),
  );
  const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
  await deps.dispose();
  return { results, leftovers };
}

function assertRefused(refusal: Refusal, file: string, types: string[]): void {
  assert.ok(types.includes(String(refusal.type)), `${file}: got ${refusal.type} (${refusal.message})`);
  assert.equal(refusal.nonRetryable, true, `${file}: refused without retry`);
  assert.equal(refusal.intakeAttempts, 1, `${file}: one attempt`);
  assert.equal(refusal.scheduledActivities, 2, `${file}: intake once, then its compensation`);
  assert.ok(
    refusal.message.includes(path.basename(file)),
    `${file}: the message names the file: ${refusal.message}`,
  );
}

describe('ecommerceDirector refuses bad images', () => {
  it('refuses a missing path, a directory and a non-image file with one attempt and nothing written', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-bad-'));
    const text = path.join(dir, 'notes.png');
    await writeFile(text, 'this is not an image\n'.repeat(20));
    const missing = path.join(dir, 'no-such-photo.jpg');
    const { results, leftovers } = await refusals([missing, dir, text]);
    assertRefused(results[0] as Refusal, missing, ['ImageNotFound']);
    assertRefused(results[1] as Refusal, dir, ['InvalidInput']);
    assertRefused(results[2] as Refusal, text, ['UnsupportedImage', 'CorruptImage']);
    assert.deepEqual(leftovers, []);
  });

  it(
    'refuses every hostile fixture quickly with a typed, non-retryable error',
    { skip: skipWithoutFixtures },
    async () => {
      const expected: Record<string, string[]> = {
        '65536-uint32-limit.png': ['ImageTooLarge'],
        'big-height.webp': ['ImageTooLarge'],
        'giant-image.jpg': ['ImageTooLarge'],
        'corrupt-header.jpg': ['CorruptImage', 'UnsupportedImage'],
        'truncated.jpg': ['CorruptImage'],
        'truncated.png': ['CorruptImage'],
      };
      const files = Object.keys(expected).map((name) => fixture(`hostile/${name}`));
      const { results, leftovers } = await refusals(files);
      files.forEach((file, i) =>
        assertRefused(results[i] as Refusal, file, expected[path.basename(file)] ?? []),
      );
      assert.deepEqual(leftovers, []);
    },
  );
});
