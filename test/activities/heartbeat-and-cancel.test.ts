import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { DirectorModel } from '../../src/model/director-model';
import {
  FRESH_ATTEMPT_MS,
  heartbeatWhile,
  HEARTBEAT_INTERVAL_MS,
  withHeartbeat,
} from '../../src/activities/heartbeat';
import { blobKeys } from '../../src/shared/blob-keys';
import { listFilesUnder } from '../helpers/files';
import { SAMPLE_PROMPT as PROMPT } from '../helpers/sample-prompt';
import { tempDeps } from '../helpers/temporal';

/** A promise with its resolve function, to hold a model call open until the test lets it go. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('activity heartbeats', () => {
  it('runs one heartbeat timer per activity attempt, around its model call too', async (t) => {
    const deps = await tempDeps();
    t.after(() => deps.dispose());
    const entered = gate();
    const release = gate();
    const model: DirectorModel = {
      ...deps.model,
      generateImage: async (request, signal) => {
        entered.open();
        await release.promise;
        return deps.model.generateImage(request, signal);
      },
    };
    const activities = createActivities({ ...deps, model });
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
    let beats = 0;
    env.on('heartbeat', () => (beats += 1));
    mock.timers.enable({ apis: ['setInterval'] });
    t.after(() => mock.timers.reset());

    const running = env.run(activities.generateImage, {
      runKey: 'beats',
      prompt: PROMPT,
      round: 0,
      width: 64,
      height: 64,
    });
    await entered.promise;
    const atStart = beats;
    mock.timers.tick(HEARTBEAT_INTERVAL_MS);
    assert.equal(beats - atStart, 1, 'one beat per interval: a single timer runs');
    mock.timers.tick(HEARTBEAT_INTERVAL_MS * 3);
    assert.equal(beats - atStart, 4);
    release.open();
    await running;
    const atEnd = beats;
    mock.timers.tick(HEARTBEAT_INTERVAL_MS * 2);
    assert.equal(beats, atEnd, 'the timer stops with the attempt');
  });

  it('sends no heartbeat from a local activity, which has none to send (the core warns of an unknown activity)', async (t) => {
    mock.timers.enable({ apis: ['setInterval'] });
    t.after(() => mock.timers.reset());
    const beatsOf = async (isLocal: boolean) => {
      const env = new MockActivityEnvironment({ isLocal }, { logger: new DefaultLogger('ERROR') });
      let beats = 0;
      env.on('heartbeat', () => (beats += 1));
      const release = gate();
      const running = env.run(() => heartbeatWhile(() => withHeartbeat(() => release.promise)));
      await Promise.resolve();
      mock.timers.tick(HEARTBEAT_INTERVAL_MS * 2);
      release.open();
      await running;
      return beats;
    };
    assert.equal(await beatsOf(true), 0, 'a local activity never beats');
    // Its call starts with the attempt, so it sends no beat of its own (see withHeartbeat): the two intervals.
    assert.equal(await beatsOf(false), 2, 'an ordinary one beats every interval');
  });
});

describe('a model call’s own heartbeat', () => {
  it('is not sent when the call starts with its attempt (the attempt was just handed over)', async (t) => {
    const deps = await tempDeps();
    t.after(() => deps.dispose());
    let beatsAtCall = -1;
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
    let beats = 0;
    env.on('heartbeat', () => (beats += 1));
    const model: DirectorModel = {
      ...deps.model,
      generateImage: (request, signal) => {
        beatsAtCall = beats;
        return deps.model.generateImage(request, signal);
      },
    };
    const activities = createActivities({ ...deps, model });
    await env.run(activities.generateImage, {
      runKey: 'fresh',
      prompt: PROMPT,
      round: 0,
      width: 64,
      height: 64,
    });
    assert.equal(beatsAtCall, 0, 'no beat before a call at the start of an attempt');
  });

  it('is sent first when the attempt has worked a while since its last beat', async () => {
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
    let beats = 0;
    env.on('heartbeat', () => (beats += 1));
    const beatsAtCall = await env.run(() =>
      heartbeatWhile(async () => {
        // Local work (reading, decoding) longer than a fresh attempt, shorter than the beat interval.
        await new Promise((resolve) => setTimeout(resolve, FRESH_ATTEMPT_MS + 100));
        return withHeartbeat(() => Promise.resolve(beats));
      }),
    );
    assert.equal(beatsAtCall, 1, 'one beat before the call, so a cancellation meanwhile is learned of');
  });
});

describe('writing activities and cancellation', () => {
  it('renders nothing more and writes nothing once the rendering is cancelled', async (t) => {
    const deps = await tempDeps();
    t.after(() => deps.dispose());
    const source = await deps.blobs.put(
      blobKeys.intake('render-cancel', 'source'),
      await deps.model.generateImage({ prompt: PROMPT, width: 96, height: 96 }),
    );
    const entered = gate();
    const release = gate();
    let renders = 0;
    const model: DirectorModel = {
      ...deps.model,
      render: async (image, rendition) => {
        renders += 1;
        entered.open();
        await release.promise;
        return deps.model.render(image, rendition);
      },
    };
    const activities = createActivities({ ...deps, model });
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
    const running = env.run(activities.renderImages, {
      runKey: 'render-cancel',
      label: '0',
      image: source,
      renditions: [
        { name: 'web', longestSide: 64, format: 'jpeg' as const },
        { name: 'thumb', longestSide: 32, format: 'webp' as const },
      ],
    });
    await entered.promise;
    // Cancelled while the first rendition is being drawn: its result must not be stored, nor anything after.
    env.cancel();
    release.open();
    await assert.rejects(running, CancelledFailure);
    assert.equal(renders, 1, 'no rendition is started after the cancellation');
    const written = (await listFilesUnder(deps.dataDir)).filter((file) => file.includes('/post/'));
    assert.deepEqual(written, []);
  });
});
