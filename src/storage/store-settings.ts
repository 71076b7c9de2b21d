import { z } from 'zod';

/** Where a Director's objects live: the local data folder (the embedded default) or an S3-API bucket. */
export const storeSettingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local') }),
  z.strictObject({
    kind: z.literal('s3'),
    bucket: z.string().min(1),
    /** Key prefix inside the bucket: empty, or `/`-separated segments ending in `/`. */
    prefix: z.string(),
    /** The S3-API endpoint (`http://127.0.0.1:7070`); undefined means AWS. */
    endpoint: z.string().url().optional(),
    region: z.string().min(1),
    forcePathStyle: z.boolean(),
  }),
]);

/** A validated store setting (never holds credentials: those come from the AWS SDK's provider chain). */
export type StoreSetting = z.infer<typeof storeSettingSchema>;

/** An S3 store setting. */
export type S3StoreSetting = Extract<StoreSetting, { kind: 's3' }>;

/** The raw values a store setting is read from, with the names to blame when one is invalid. */
export interface StoreSettingSources {
  /** `DIRECTOR_STORE`, or `store` in the settings file. */
  store?: { value: string; name: string } | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
  awsRegion?: string | undefined;
  forcePathStyle?: string | undefined;
}

// S3's bucket naming rules (lower-case letters, digits, dots and hyphens; 3-63 characters).
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Reads the store setting: `DIRECTOR_STORE` (`s3://bucket/optional/prefix`; unset or empty: the local data
 * folder), `DIRECTOR_S3_ENDPOINT` (unset: AWS), `DIRECTOR_S3_REGION` (default `AWS_REGION`, else
 * `us-east-1`) and `DIRECTOR_S3_FORCE_PATH_STYLE` (`true`/`false`; default true when an endpoint is set).
 * Throws an `Error` naming the variable and the value when one is invalid.
 */
export function parseStoreSetting(sources: StoreSettingSources): StoreSetting {
  const raw = sources.store?.value.trim();
  if (!raw) return { kind: 'local' };
  const name = sources.store?.name ?? 'DIRECTOR_STORE';
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(raw);
  if (!match) {
    throw new Error(
      `${name}: '${raw}' is not a store: use s3://bucket/optional/prefix, or leave it unset for the local data folder`,
    );
  }
  const bucket = match[1] ?? '';
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new Error(`${name}: '${raw}' names an invalid bucket '${bucket}' (S3 bucket naming rules)`);
  }
  const segments = (match[2] ?? '').split('/').filter(Boolean);
  if (segments.some((s) => s === '.' || s === '..' || /[\\\0]/.test(s))) {
    throw new Error(`${name}: '${raw}' has an unsafe prefix (no '.' or '..' segments)`);
  }
  const prefix = segments.length > 0 ? `${segments.join('/')}/` : '';

  const endpointRaw = sources.endpoint?.trim() || undefined;
  let endpoint: string | undefined;
  if (endpointRaw) {
    let url: URL;
    try {
      url = new URL(endpointRaw);
    } catch {
      throw new Error(`DIRECTOR_S3_ENDPOINT: '${endpointRaw}' is not a URL (e.g. http://127.0.0.1:7070)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`DIRECTOR_S3_ENDPOINT: '${endpointRaw}' must be an http:// or https:// URL`);
    }
    if (url.username || url.password) {
      throw new Error(
        `DIRECTOR_S3_ENDPOINT: credentials do not go in the endpoint; use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE`,
      );
    }
    endpoint = url.href.replace(/\/+$/, '');
  }

  const regionRaw = sources.region?.trim() || undefined;
  const region = regionRaw ?? (sources.awsRegion?.trim() || 'us-east-1');
  if (!REGION.test(region)) {
    const variable = regionRaw ? 'DIRECTOR_S3_REGION' : 'AWS_REGION';
    throw new Error(`${variable}: '${region}' is not a region name (e.g. us-east-1)`);
  }

  const styleRaw = sources.forcePathStyle?.trim().toLowerCase() || undefined;
  if (styleRaw !== undefined && styleRaw !== 'true' && styleRaw !== 'false') {
    throw new Error(`DIRECTOR_S3_FORCE_PATH_STYLE: '${sources.forcePathStyle ?? ''}' must be true or false`);
  }
  const forcePathStyle = styleRaw === undefined ? endpoint !== undefined : styleRaw === 'true';
  return { kind: 's3', bucket, prefix, ...(endpoint ? { endpoint } : {}), region, forcePathStyle };
}

/**
 * The identity of an S3 store: `s3://bucket/prefix`. The endpoint is left out on purpose: one gateway is
 * often reached by different names (a container's `object-store:7070`, the host's `localhost:7070`), and
 * its workers and CLIs must agree on one identity (and so on one task queue). Two different gateways that
 * each hold a bucket and prefix of the same name count as one store: give them different names.
 */
export function s3StoreUri(setting: S3StoreSetting): string {
  return `s3://${setting.bucket}${setting.prefix ? `/${setting.prefix.replace(/\/$/, '')}` : ''}`;
}
