import type { S3Client } from '@aws-sdk/client-s3';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { newS3Client } from './s3-client';
import type { ObjectStore, PutOptions, StoredObject } from './object-store';
import { s3Failure } from './s3-errors';
import { checkKey, checkPrefix } from './safe-key';
import { s3StoreUri, type S3StoreSetting } from './store-settings';

/** Limits of the S3 client: bounded, so a dead endpoint fails an attempt instead of hanging it. */
export interface S3StoreOptions {
  /** Attempts per request, the first included (the SDK's standard retry with backoff). Default 3. */
  maxAttempts?: number;
  /** How long to wait for a connection, ms. Default 5 000. */
  connectionTimeoutMs?: number;
  /** How long to wait for a response once connected, ms. Default 60 000. */
  requestTimeoutMs?: number;
  /** Keys per `ListObjectsV2` page (S3's maximum and default is 1 000); smaller in tests of pagination. */
  pageSize?: number;
  /** Called for every HTTP request sent (each attempt), with the command's name: for measurements. */
  onRequest?: (command: string) => void;
}

/** S3's limit of keys per `DeleteObjects` request. */
const DELETE_BATCH = 1_000;
/** `HeadObject` requests in flight at once when counting which keys of a delete exist. */
const HEAD_CONCURRENCY = 16;

/**
 * An object store in an S3-API bucket (AWS S3, R2, GCS interop, MinIO, SeaweedFS, versitygw), under an
 * optional key prefix. Credentials come only from the AWS SDK's default provider chain (environment,
 * shared profile, SSO, instance role): they are never part of the setting, and never in a message.
 */
export class S3ObjectStore implements ObjectStore {
  readonly uri: string;
  private readonly client: S3Client;
  private readonly pageSize: number;
  private readonly endpointName: string;

  constructor(
    private readonly setting: S3StoreSetting,
    options: S3StoreOptions = {},
  ) {
    this.uri = s3StoreUri(setting);
    this.pageSize = options.pageSize ?? 1_000;
    this.endpointName = setting.endpoint ?? `AWS (${setting.region})`;
    this.client = newS3Client({
      region: setting.region,
      ...(setting.endpoint ? { endpoint: setting.endpoint } : {}),
      forcePathStyle: setting.forcePathStyle,
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 60_000,
        throwOnRequestTimeout: true,
      },
      // Checksums only where S3 requires them: several S3-compatible servers reject the optional ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const { onRequest } = options;
    if (onRequest) {
      // The deserialize step runs once per attempt, after retries are decided: one call per request sent.
      this.client.middlewareStack.add(
        (next, context) => (args) => {
          onRequest(context.commandName ?? 'unknown');
          return next(args);
        },
        { step: 'deserialize', name: 'directorCountRequests' },
      );
    }
  }

  locate(key: string): string {
    return `s3://${this.setting.bucket}/${this.setting.prefix}${key}`;
  }

  /** `ifAbsent` is a conditional write (`If-None-Match: *`): the store refuses it when the key exists. */
  async put(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<boolean> {
    checkKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.setting.bucket,
          Key: this.fullKey(key),
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: options.contentType ?? 'application/octet-stream',
          ...(options.ifAbsent ? { IfNoneMatch: '*' } : {}),
        }),
      );
      return true;
    } catch (error: unknown) {
      if (options.ifAbsent && statusOf(error) === 412) return false;
      throw this.failure(error, 'writing', key);
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    checkKey(key);
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.setting.bucket, Key: this.fullKey(key) }),
      );
      if (!answer.Body) return Buffer.alloc(0);
      return Buffer.from(await answer.Body.transformToByteArray());
    } catch (error: unknown) {
      if (isMissingObject(error)) return undefined;
      throw this.failure(error, 'reading', key);
    }
  }

  /** Counts which keys exist (`HeadObject`), then deletes those in batches of 1 000. */
  async delete(keys: readonly string[]): Promise<number> {
    keys.forEach(checkKey);
    const unique = [...new Set(keys)];
    const present: string[] = [];
    for (let start = 0; start < unique.length; start += HEAD_CONCURRENCY) {
      const batch = unique.slice(start, start + HEAD_CONCURRENCY);
      const found = await Promise.all(batch.map((key) => this.exists(key)));
      present.push(...batch.filter((_, index) => found[index]));
    }
    await this.deleteKnown(present);
    return present.length;
  }

  async deletePrefix(prefix: string): Promise<number> {
    const objects = await this.list(prefix);
    await this.deleteKnown(objects.map((object) => object.key));
    return objects.length;
  }

  /** Pages through `ListObjectsV2` until the listing is complete. */
  async list(prefix: string): Promise<StoredObject[]> {
    checkPrefix(prefix);
    const objects: StoredObject[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.setting.bucket,
            Prefix: this.fullKey(prefix),
            MaxKeys: this.pageSize,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (error: unknown) {
        throw this.failure(error, 'listing', prefix);
      }
      for (const entry of page.Contents ?? []) {
        if (!entry.Key) continue;
        objects.push({
          key: entry.Key.slice(this.setting.prefix.length),
          size: entry.Size ?? 0,
          modifiedMs: entry.LastModified?.getTime() ?? 0,
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Closes the client's connections. */
  close(): void {
    this.client.destroy();
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.setting.bucket, Key: this.fullKey(key) }));
      return true;
    } catch (error: unknown) {
      if (isMissingObject(error)) return false;
      throw this.failure(error, 'checking', key);
    }
  }

  /** Deletes keys known to exist, 1 000 per request; a key that went meanwhile is fine. */
  private async deleteKnown(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      let answer;
      try {
        answer = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.setting.bucket,
            Delete: { Objects: batch.map((key) => ({ Key: this.fullKey(key) })), Quiet: true },
          }),
        );
      } catch (error: unknown) {
        throw this.failure(error, 'deleting', batch[0] ?? '');
      }
      const refused = (answer.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      const first = refused[0];
      if (first) {
        const key = (first.Key ?? '').slice(this.setting.prefix.length);
        throw this.failure(
          { name: first.Code ?? 'Error', message: first.Message, $metadata: {} },
          `deleting ${refused.length} objects, e.g.`,
          key,
        );
      }
    }
  }

  private fullKey(key: string): string {
    return `${this.setting.prefix}${key}`;
  }

  private failure(error: unknown, operation: string, target: string) {
    return s3Failure(error, {
      operation,
      target,
      bucket: this.setting.bucket,
      endpoint: this.endpointName,
    });
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/**
 * Whether a read failed because the object is not there: `NoSuchKey`, or a bodiless 404 (`HeadObject`).
 * Other 404s (no such bucket, an unknown access key on some gateways) are failures, not a missing object.
 */
function isMissingObject(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'NoSuchKey' || (statusOf(error) === 404 && name === 'NotFound');
}
