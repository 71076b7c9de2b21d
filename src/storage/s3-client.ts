import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * An S3 client, made the one way the project makes them. The SDK warns on Node 20 about its versions
 * published in 2027; the project pins its version, so the warning would only be noise in every worker's,
 * CLI's and harness's output.
 */
export function newS3Client(config: S3ClientConfig): S3Client {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client(config);
}
