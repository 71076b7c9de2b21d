import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { newS3Client } from '../../src/storage/s3-client';
import type { S3StoreSetting } from '../../src/storage/store-settings';
import { VERSITYGW } from '../../src/tools/go-tool-pins';
import { resolveGoTool } from '../../src/tools/go-tools';
import { freePort } from './free-port';

/** A running versitygw (an S3 gateway that checks signatures and honours `If-None-Match`) on loopback. */
export interface VersityGw {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** The environment a worker or CLI needs to use `bucket` (`DIRECTOR_STORE` + the AWS credentials). */
  env(bucket: string, prefix?: string): Record<string, string>;
  /** A store setting for `bucket` (credentials come from the environment, as in production). */
  setting(bucket: string, prefix?: string): S3StoreSetting;
  /** Creates a bucket. */
  createBucket(bucket: string): Promise<void>;
  /** Stops the gateway (and its children) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts the pinned versitygw (`resolveGoTool(VERSITYGW)`, built once into the user-wide cache) with a
 * POSIX backend in a temporary folder, on a free loopback port, with one bucket when `bucket` is given.
 * Its own process group, so `stop` takes it and any children.
 */
export async function startVersityGw(bucket?: string): Promise<VersityGw> {
  const tool = await resolveGoTool(VERSITYGW);
  const root = await mkdtemp(path.join(os.tmpdir(), 'versitygw-'));
  const data = path.join(root, 'data');
  const sidecar = path.join(root, 'meta');
  await mkdir(data);
  await mkdir(sidecar);
  const port = await freePort();
  const accessKey = 'director-test-access';
  const secretKey = 'director-test-secret-0123456789';
  const child = spawn(
    tool.path,
    ['--access', accessKey, '--secret', secretKey, '--port', `127.0.0.1:${port}`, '--quiet'].concat([
      'posix',
      // A sidecar folder for metadata: temporary file systems may not hold extended attributes.
      '--sidecar',
      sidecar,
      data,
    ]),
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  child.unref();
  const endpoint = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(root, { recursive: true, force: true });
  };

  try {
    await untilListening(
      port,
      () => child.exitCode !== null,
      () => stderr,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const setting = (name: string, prefix = ''): S3StoreSetting => ({
    kind: 's3',
    bucket: name,
    prefix: prefix ? `${prefix.replace(/\/+$/, '')}/` : '',
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
  });
  const gateway: VersityGw = {
    endpoint,
    accessKey,
    secretKey,
    env: (name, prefix) => ({
      DIRECTOR_STORE: `s3://${name}${prefix ? `/${prefix}` : ''}`,
      DIRECTOR_S3_ENDPOINT: endpoint,
      DIRECTOR_S3_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: accessKey,
      AWS_SECRET_ACCESS_KEY: secretKey,
    }),
    setting,
    async createBucket(name) {
      const client = newS3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
      });
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } finally {
        client.destroy();
      }
    },
    stop,
  };
  if (bucket) {
    try {
      await gateway.createBucket(bucket);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return gateway;
}

/** Sets the AWS credentials of `gateway` in this process's environment (the SDK's provider chain reads them). */
export function useGatewayCredentials(gateway: Pick<VersityGw, 'accessKey' | 'secretKey'>): () => void {
  return withEnv({ AWS_ACCESS_KEY_ID: gateway.accessKey, AWS_SECRET_ACCESS_KEY: gateway.secretKey });
}

/** Sets environment variables for a while; the returned function restores them. */
export function withEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}

async function untilListening(port: number, exited: () => boolean, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`versitygw exited at start-up: ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`versitygw did not listen on port ${port} within 30 s: ${stderr()}`);
}
