import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BENCH_WORKFLOWS } from '../../bench/lib/bench-workflows-path';
import { FIGURE_KEYS } from '../../bench/lib/report';
import { loadDirectorConfig } from '../../src/config';
import { loadWorkflowBundle } from '../../src/workflow-bundle';

const ROOT = path.resolve(__dirname, '../..');

// Every figure's headline numbers: each must be a finite number (JSON turns NaN into null).
const HEADLINES = [
  'overheadPerActivity.bare.medianMs',
  'overheadPerActivity.bare.p95Ms',
  'overheadPerActivity.engine.medianMs',
  'overheadPerActivity.baseline.medianMs',
  'director.ratio',
  'director.ecommerceRatio',
  'director.creativeRatio',
  'fanOut.marginalMsPerBranch',
  'fanOut.points.0.efficiency',
  'fanOut.points.3.efficiency',
  'rateLimit.temporal.achievedRatio',
  'rateLimit.temporal.rateLimited429s',
  'rateLimit.baseline.achievedRatio',
  'throughput.director.perSecond',
  'throughput.director.wftScheduleToStartP95Ms',
  'throughput.oneActivity.perSecond',
  'throughput.ecommerce.perSecond',
  'throughput.ecommerce.perRun.workflowTasks',
  'throughput.ecommerce.perRun.events',
  'memory.idleRssMb',
  'memory.perCachedDirectorMb',
  'memory.driftMb',
  'memory.soak.driftMb',
  'memory.soak.readings.2.rssMb',
  'startup.startToPollingMs',
  'startup.firstWorkflowMs',
  'store.uses.0.writes',
  'store.uses.3.httpRequests',
];

function at(value: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

function runBench(resultsDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/run-bench.ts', '--quick', '--json', '--results-dir', resultsDir],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench -- --quick', () => {
  let resultsDir = '';
  // The bench bundles its own workflow entry: build it (into the cache the bench reads) outside the
  // test's time budget, as the test server does for the Directors' bundle.
  before(() => loadWorkflowBundle(path.join(loadDirectorConfig().stateDir, 'cache'), BENCH_WORKFLOWS));
  after(() => rm(resultsDir, { recursive: true, force: true }));

  test(
    'measures every figure against its own dev server and writes them as JSON',
    { timeout: 600_000 },
    async () => {
      resultsDir = await mkdtemp(path.join(os.tmpdir(), 'director-bench-results-'));
      const { code, stdout, stderr } = await runBench(resultsDir);
      assert.equal(code, 0, `the bench failed:\n${stderr.slice(-4000)}`);
      const printed = JSON.parse(stdout) as {
        meta: Record<string, unknown>;
        figures: Record<string, unknown>;
      };
      for (const key of FIGURE_KEYS) assert.ok(printed.figures[key], `figure ${key} is printed`);
      for (const headline of HEADLINES) {
        const value = at(printed.figures, headline);
        assert.ok(
          typeof value === 'number' && Number.isFinite(value),
          `${headline} is a finite number, got ${String(value)}`,
        );
      }
      assert.equal(printed.meta.quick, true);
      const files = await readdir(resultsDir);
      assert.equal(files.length, 1, 'one results file');
      assert.match(files[0] ?? '', /^\d{4}-\d\d-\d\dT[\d-]+Z\.json$/);
      assert.deepEqual(JSON.parse(await readFile(path.join(resultsDir, files[0] ?? ''), 'utf8')), printed);
    },
  );
});
