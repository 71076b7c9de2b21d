import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { freePort } from '../helpers/free-port';
import { startVersityGw, withEnv, type VersityGw } from '../helpers/versitygw';

let gateway: VersityGw | undefined;
const restores: (() => void)[] = [];

before(async () => {
  gateway = await startVersityGw('failures');
});

after(async () => {
  restores.reverse().forEach((restore) => restore());
  await gateway?.stop();
});

function gw(): VersityGw {
  if (!gateway) throw new Error('versitygw did not start');
  return gateway;
}

/** Runs `action` with these AWS credentials in the environment (the SDK's default provider chain). */
async function asUser<T>(accessKey: string, secretKey: string, action: () => Promise<T>): Promise<T> {
  const restore = withEnv({
    AWS_ACCESS_KEY_ID: accessKey,
    AWS_SECRET_ACCESS_KEY: secretKey,
    AWS_PROFILE: undefined,
  });
  try {
    return await action();
  } finally {
    restore();
  }
}

/** The typed failure `action` rejects with, run with the given credentials; fails the test if it succeeds. */
async function failureAs(
  accessKey: string,
  secretKey: string,
  action: () => Promise<unknown>,
): Promise<ApplicationFailure> {
  const error = await asUser(accessKey, secretKey, () =>
    action().then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  return failureOf(error);
}

function failureOf(error: unknown): ApplicationFailure {
  assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
  return error;
}

describe('S3 store failures are typed and name what to check', () => {
  it('refuses a wrong secret key non-retryably, naming bucket, endpoint and the setting (signatures are checked)', async () => {
    const store = new S3ObjectStore(gw().setting('failures'), { maxAttempts: 1 });
    const failure = await failureAs(gw().accessKey, 'not-the-secret-key', () =>
      store.put('runs/r1/a.png', Buffer.from('x')),
    );
    assert.equal(failure.type, 'StoreMisconfigured');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /SignatureDoesNotMatch/);
    assert.match(failure.message, /bucket 'failures'/);
    assert.ok(failure.message.includes(gw().endpoint));
    assert.match(failure.message, /AWS_SECRET_ACCESS_KEY/);
    assert.ok(!failure.message.includes('not-the-secret-key'), 'the message never holds a credential');
    // Nothing was written with the wrong key.
    const rightful = new S3ObjectStore(gw().setting('failures'), { maxAttempts: 1 });
    const stored = await asUser(gw().accessKey, gw().secretKey, () => rightful.get('runs/r1/a.png'));
    assert.equal(stored, undefined);
  });

  it('refuses an unknown access key non-retryably, naming AWS_ACCESS_KEY_ID', async () => {
    const store = new S3ObjectStore(gw().setting('failures'), { maxAttempts: 1 });
    const failure = await failureAs('nobody-knows-me', gw().secretKey, () => store.list(''));
    assert.equal(failure.type, 'StoreMisconfigured');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /(InvalidAccessKeyId|XAdminUserNotFound).*AWS_ACCESS_KEY_ID/);
  });

  it('refuses a missing bucket non-retryably, naming the bucket and DIRECTOR_STORE', async () => {
    const store = new S3ObjectStore(gw().setting('no-such-bucket'), { maxAttempts: 1 });
    const failure = await failureAs(gw().accessKey, gw().secretKey, () => store.get('runs/r1/a.png'));
    assert.equal(failure.type, 'StoreMisconfigured');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /bucket 'no-such-bucket'.*DIRECTOR_STORE/);
  });

  it(
    'fails (retryably) instead of hanging when nothing listens at the endpoint',
    { timeout: 120_000 },
    async () => {
      const port = await freePort();
      const store = new S3ObjectStore(
        { ...gw().setting('failures'), endpoint: `http://127.0.0.1:${port}` },
        { maxAttempts: 2 },
      );
      const failure = await failureAs(gw().accessKey, gw().secretKey, () => store.get('runs/r1/a.png'));
      assert.equal(failure.type, 'StorageUnavailable');
      assert.equal(failure.nonRetryable, false);
      assert.match(failure.message, /cannot be reached.*DIRECTOR_S3_ENDPOINT/);
    },
  );

  it(
    'fails (retryably) instead of hanging when the endpoint accepts but never answers',
    { timeout: 120_000 },
    async () => {
      const sockets: net.Socket[] = [];
      const silent = net.createServer((socket) => sockets.push(socket)); // accepts, reads, never answers
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as net.AddressInfo;
      try {
        const store = new S3ObjectStore(
          { ...gw().setting('failures'), endpoint: `http://127.0.0.1:${port}` },
          { maxAttempts: 2, requestTimeoutMs: 1_000 },
        );
        const failure = await failureAs(gw().accessKey, gw().secretKey, () => store.get('runs/r1/a.png'));
        assert.equal(failure.type, 'StorageUnavailable');
        assert.equal(failure.nonRetryable, false);
      } finally {
        sockets.forEach((socket) => socket.destroy());
        await new Promise((resolve) => silent.close(resolve));
      }
    },
  );
});
