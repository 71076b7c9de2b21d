import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config';
import { observabilityFromEnv } from '../../src/worker-runtime';
import { freePort } from '../helpers/free-port';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

async function fetchUntil(url: string, expected: RegExp): Promise<string> {
  let last = '';
  for (let i = 0; i < 300; i += 1) {
    last = await fetch(url).then(
      (r) => r.text(),
      (e: unknown) => String(e),
    );
    if (expected.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`${url} never answered with ${String(expected)}; last: ${last.slice(0, 200)}`);
}

describe('worker observability', () => {
  it('serves Prometheus metrics and writes JSON log lines when asked', async () => {
    const metricsAddress = `127.0.0.1:${await freePort()}`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/client.ts'), 'worker'],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: temporal().address,
          DIRECTOR_TASK_QUEUE: `metrics-${randomUUID()}`,
          DIRECTOR_MODEL: 'local',
          DIRECTOR_METRICS_ADDRESS: metricsAddress,
          DIRECTOR_LOG_FORMAT: 'json',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      const metrics = await fetchUntil(`http://${metricsAddress}/metrics`, /temporal_/);
      assert.match(metrics, /^# TYPE temporal_\w+/m, 'Prometheus exposition format with the SDK metrics');
      for (let i = 0; i < 100 && !/"level":"INFO"/.test(stdout); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const json = stdout.split('\n').filter((line) => line.startsWith('{'));
      assert.ok(json.length > 0, `JSON log lines on stdout: ${stdout.slice(0, 300)}`);
      const entry = JSON.parse(json[0] as string) as { time: string; level: string; message: string };
      assert.ok(entry.time && entry.level && entry.message);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a malformed metrics address or log format, naming the variable', () => {
    assert.throws(
      () => observabilityFromEnv({ DIRECTOR_METRICS_ADDRESS: 'nine' }),
      /DIRECTOR_METRICS_ADDRESS/,
    );
    assert.throws(() => observabilityFromEnv({ DIRECTOR_LOG_FORMAT: 'xml' }), /DIRECTOR_LOG_FORMAT/);
    assert.deepEqual(observabilityFromEnv({}), { logFormat: 'text' });
  });
});
