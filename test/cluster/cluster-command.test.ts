/**
 * `npm run cluster` as a person uses it: it brings a topology up in the foreground, prints the addresses
 * and the `export` lines that reach it, and a Ctrl-C (SIGINT to its process group, as a terminal sends it)
 * stops every process it started and removes its folder.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { Connection } from '@temporalio/client';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { newS3Client } from '../../src/storage/s3-client';
import { PROJECT_ROOT } from '../../src/config';
import { processAlive } from '../../src/cluster/processes';

describe('npm run cluster', () => {
  it('prints working addresses and env lines, and Ctrl-C stops every process it started', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'cluster.ts'), '--workers', '1'],
      {
        cwd: PROJECT_ROOT,
        detached: true, // its own process group: the SIGINT below is a terminal's Ctrl-C
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DIRECTOR_MODEL: 'fake' },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 1800 && !output.includes('Ctrl-C stops everything'); i += 1) {
        assert.ok(child.exitCode === null, `npm run cluster exited early:\n${output}`);
        await sleep(100);
      }
      assert.ok(output.includes('Ctrl-C stops everything'), `no ready message:\n${output}`);
      const exports: Record<string, string | undefined> = Object.fromEntries(
        [...output.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((match): [string, string] => [
          match[1] ?? '',
          match[2] ?? '',
        ]),
      );
      for (const name of [
        'TEMPORAL_ADDRESS',
        'DIRECTOR_STORE',
        'DIRECTOR_S3_ENDPOINT',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
      ]) {
        assert.ok(exports[name], `prints export ${name}`);
      }
      const pids = [...output.matchAll(/pid (\d+)/g)].map((match) => Number(match[1]));
      assert.ok(
        pids.length >= 6,
        `prints the pid of the four Temporal services, versitygw… and the worker: ${pids.join(', ')}`,
      );
      const folder = /\(folder (\S+)\)/.exec(output)?.[1] ?? '';
      assert.ok(existsSync(folder), `the topology's folder ${folder} exists while it runs`);

      // The printed settings reach the cluster and the bucket.
      const connection = await Connection.connect({ address: exports.TEMPORAL_ADDRESS });
      try {
        const { namespaceInfo } = await connection.workflowService.describeNamespace({
          namespace: 'default',
        });
        assert.equal(namespaceInfo?.name, 'default');
      } finally {
        await connection.close();
      }
      const s3 = newS3Client({
        endpoint: exports.DIRECTOR_S3_ENDPOINT,
        region: exports.DIRECTOR_S3_REGION ?? 'us-east-1',
        forcePathStyle: true,
        credentials: {
          accessKeyId: exports.AWS_ACCESS_KEY_ID ?? '',
          secretAccessKey: exports.AWS_SECRET_ACCESS_KEY ?? '',
        },
      });
      try {
        const { Buckets } = await s3.send(new ListBucketsCommand({}));
        const bucket = /^s3:\/\/([^/]+)/.exec(exports.DIRECTOR_STORE ?? '')?.[1];
        assert.ok(
          Buckets?.some((b) => b.Name === bucket),
          `bucket ${bucket} exists`,
        );
      } finally {
        s3.destroy();
      }
      const postmaster = Number(
        /^(\d+)/.exec(await readFirstLine(path.join(folder, 'postgres', 'data', 'postmaster.pid')))?.[1],
      );
      assert.ok(processAlive(postmaster), 'PostgreSQL runs');

      process.kill(-(child.pid ?? 0), 'SIGINT');
      assert.equal(await exited, 130, `exit code 130 after Ctrl-C:\n${output.slice(-2000)}`);
      const survivors = [...pids, postmaster].filter(processAlive);
      assert.deepEqual(survivors, [], 'no process of the topology outlives it');
      assert.equal(existsSync(folder), false, 'its folder is removed');
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid ?? 0), 'SIGKILL');
    }
  });
});

async function readFirstLine(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).split('\n')[0] ?? '';
}
