import type { ApplicationFailure } from '@temporalio/common';
import { nonRetryable, retryable } from '../shared/failures';

/** What an S3 error is about, for the message: the operation, the key or prefix, the store. */
export interface S3ErrorContext {
  operation: string;
  /** The object key or prefix, relative to the store. */
  target: string;
  bucket: string;
  /** The endpoint, or `AWS` */
  endpoint: string;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
}

/** Error names for which another attempt cannot help: the setting or the credentials are wrong. */
const SETTING_TO_CHECK: Record<string, string> = {
  NoSuchBucket: 'the bucket does not exist at this endpoint: check DIRECTOR_STORE and DIRECTOR_S3_ENDPOINT',
  InvalidAccessKeyId:
    'the access key is not known at this endpoint: check AWS_ACCESS_KEY_ID (or AWS_PROFILE) for this endpoint',
  // versitygw's name for an access key it does not know.
  XAdminUserNotFound:
    'the access key is not known at this endpoint: check AWS_ACCESS_KEY_ID (or AWS_PROFILE) for this endpoint',
  SignatureDoesNotMatch:
    'the request signature does not match: check AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), and DIRECTOR_S3_REGION',
  AccessDenied:
    'access denied: check that the credentials (AWS_ACCESS_KEY_ID / AWS_PROFILE) may read, write, list and delete in this bucket',
  InvalidBucketName: 'the bucket name is invalid: check DIRECTOR_STORE',
  AuthorizationHeaderMalformed: 'the request was signed for the wrong region: check DIRECTOR_S3_REGION',
  PermanentRedirect:
    'the bucket is in another region or needs another addressing style: check DIRECTOR_S3_REGION and DIRECTOR_S3_FORCE_PATH_STYLE',
  CredentialsProviderError:
    'no AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (the standard AWS provider chain)',
  ExpiredToken: 'the session token has expired: refresh the credentials (AWS_SESSION_TOKEN / AWS_PROFILE)',
  InvalidToken: 'the session token is invalid: check AWS_SESSION_TOKEN (or AWS_PROFILE)',
};

/** Network failures: the endpoint is down or unreachable, which another attempt later may not be. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * Maps an error of the AWS SDK to a typed failure naming the bucket and endpoint: `StoreMisconfigured`
 * (non-retryable) when a setting or the credentials are wrong, `StorageUnavailable` (retryable) for network
 * failures, timeouts, throttling and server errors. Messages never hold credentials (the SDK's errors do
 * not carry them).
 */
export function s3Failure(error: unknown, context: S3ErrorContext): ApplicationFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = shape.name ?? 'Error';
  const status = shape.$metadata?.httpStatusCode;
  const where = `bucket '${context.bucket}' at ${context.endpoint}`;
  const what = `${context.operation} '${context.target}' in ${where}`;
  const check =
    SETTING_TO_CHECK[name] ??
    (status === 403
      ? SETTING_TO_CHECK.AccessDenied
      : status === 301
        ? SETTING_TO_CHECK.PermanentRedirect
        : undefined);
  if (check) {
    return nonRetryable('StoreMisconfigured', `${what} failed (${name}): ${check}`, {
      bucket: context.bucket,
      endpoint: context.endpoint,
      error: name,
    });
  }
  const network = NETWORK_CODES.has(shape.code ?? '') || NETWORK_CODES.has(name);
  const serverSide = status === undefined || status >= 500 || status === 429 || status === 409;
  const cause = error instanceof Error ? error : undefined;
  if (
    network ||
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    serverSide ||
    shape.$fault === 'server'
  ) {
    const reason = network
      ? `the endpoint cannot be reached (${shape.code ?? name}): is it running? check DIRECTOR_S3_ENDPOINT`
      : `${name}${shape.message ? `: ${shape.message}` : ''}`;
    return retryable('StorageUnavailable', `${what} failed: ${reason}`, cause ? { cause } : {});
  }
  return nonRetryable(
    'StoreMisconfigured',
    `${what} failed (${name}, HTTP ${status ?? '?'}): ${shape.message ?? 'the store refused the request'}`,
    { bucket: context.bucket, endpoint: context.endpoint, error: name },
  );
}
