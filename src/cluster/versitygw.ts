/**
 * An S3-compatible server for the harness: versitygw with its posix backend in a temporary folder, on a
 * free loopback port, with root keys generated for this run (passed through its environment, not its
 * command line, so `ps` does not show them). It checks request signatures and honours `If-None-Match`,
 * unlike a mock that accepts anything.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { newS3Client } from '../storage/s3-client';
import { findFreePort, LOOPBACK } from '../temporal/ports';
import { failIfExited, startProcess, type ManagedProcess } from './processes';

/** A running S3 endpoint and the credentials that sign requests to it. */
export interface S3Server {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** Where the posix backend keeps the buckets (one folder each). */
  rootDir: string;
  process: ManagedProcess;
  /** A client signed with the root keys (path-style, as versitygw needs without a virtual domain). */
  client(): S3Client;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

/** Starts versitygw on `folder`/data and creates `bucket` through the S3 API. */
export async function startVersitygw(options: {
  gatewayPath: string;
  folder: string;
  bucket: string;
  log: (message: string) => void;
}): Promise<S3Server> {
  const { gatewayPath, folder, bucket, log } = options;
  const rootDir = path.join(folder, 'data');
  await mkdir(rootDir, { recursive: true });
  const port = await findFreePort();
  const accessKeyId = `director${randomBytes(6).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const child = startProcess({
    name: 'versitygw',
    command: gatewayPath,
    args: ['--port', `${LOOPBACK}:${port}`, '--region', REGION, '--quiet', 'posix', rootDir],
    env: { ...process.env, ROOT_ACCESS_KEY_ID: accessKeyId, ROOT_SECRET_ACCESS_KEY: secretAccessKey },
    logFile: path.join(folder, 'versitygw.log'),
  });
  const endpoint = `http://${LOOPBACK}:${port}`;
  const client = () =>
    newS3Client({
      endpoint,
      region: REGION,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey },
    });
  const server: S3Server = {
    endpoint,
    region: REGION,
    accessKeyId,
    secretAccessKey,
    bucket,
    rootDir,
    process: child,
    client,
    stop: () => child.stop(),
  };
  try {
    const s3 = client();
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        await failIfExited(child);
        try {
          await s3.send(new ListBucketsCommand({}));
          break;
        } catch (error: unknown) {
          if (Date.now() > deadline)
            throw new Error(`versitygw at ${endpoint} did not answer: ${(error as Error).message}`);
          await sleep(200);
        }
      }
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } finally {
      s3.destroy();
    }
  } catch (error: unknown) {
    await child.stop();
    throw error;
  }
  log(`versitygw (S3) at ${endpoint}, bucket ${bucket}, objects under ${rootDir}`);
  return server;
}
