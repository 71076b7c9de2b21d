/** Reading the cluster's bucket from a test: every key under the store's prefix, and whether one exists. */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { newS3Client } from '../../src/storage/s3-client';
import { CLUSTER_ENV } from './control';

/** An S3 client from the environment the runner gives tests (the same variables a worker reads). */
export function storeClient(): S3Client {
  return newS3Client({
    endpoint: process.env.DIRECTOR_S3_ENDPOINT,
    region: process.env.DIRECTOR_S3_REGION ?? 'us-east-1',
    forcePathStyle: true,
  });
}

/** The bucket and key prefix of the store (`studio/`). */
export function storeLocation(): { bucket: string; prefix: string } {
  const bucket = process.env[CLUSTER_ENV.bucket];
  const prefix = process.env[CLUSTER_ENV.prefix];
  if (!bucket || prefix === undefined) throw new Error('run cluster tests with npm run test:cluster');
  return { bucket, prefix };
}

/** Every key in the store under `under` (relative to the store's prefix), relative to the store's prefix. */
export async function listStoreKeys(client: S3Client, under = ''): Promise<string[]> {
  const { bucket, prefix } = storeLocation();
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${under}`, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key.slice(prefix.length));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
