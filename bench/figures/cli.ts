/**
 * Figure 7: the CLI's start-up as a person feels it. `director --help` and `director status <id>` of a
 * finished E-commerce Director, each run as its own process the way a shell runs it (`node
 * bin/director.js …`, the compiled build in dist/), timed from spawn to exit; peak RSS from
 * `/usr/bin/time` where it exists (Linux, macOS), else not measured.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ecommerceDirector } from '../../src/workflows/ecommerce-director';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';
import { median } from '../lib/stats';

const BIN = path.resolve(__dirname, '../../bin/director.js');
const TIME = '/usr/bin/time';

/** One command's start-up over several runs. */
export interface CliCommandStats {
  command: string;
  runs: number;
  medianWallMs: number;
  maxWallMs: number;
  /** Median peak resident set size, MB (NaN without /usr/bin/time). */
  medianPeakRssMb: number;
  maxPeakRssMb: number;
}

/** Figure 7's result. */
export interface CliFigure {
  help: CliCommandStats;
  status: CliCommandStats;
}

/** Measures figure 7 (builds dist/ first when it is stale, outside the timed runs). */
export async function measureCli(env: BenchEnv): Promise<CliFigure> {
  const workflowId = env.workflowId('cli-status');
  await env.client.workflow.execute<typeof ecommerceDirector>('ecommerceDirector', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ productImage: env.samples.product, style: 'warm-beige', brand: 'bench' }],
  });
  const childEnv = { ...process.env, TEMPORAL_ADDRESS: env.server.address, TEMPORAL_NAMESPACE: 'default' };
  await runOnce(['--help'], childEnv); // builds dist/ if needed, warms the file cache
  const { runs } = env.options.plan.cli;
  return {
    help: await measureCommand(['--help'], runs, childEnv),
    status: await measureCommand(['status', workflowId], runs, childEnv),
  };
}

async function measureCommand(
  args: string[],
  runs: number,
  childEnv: NodeJS.ProcessEnv,
): Promise<CliCommandStats> {
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const run = await runOnce(args, childEnv);
    walls.push(run.wallMs);
    rss.push(run.peakRssMb);
  }
  return {
    command: `director ${args[0] === 'status' ? 'status <id>' : args.join(' ')}`,
    runs,
    medianWallMs: median(walls),
    maxWallMs: Math.max(...walls),
    medianPeakRssMb: median(rss),
    maxPeakRssMb: Math.max(...rss),
  };
}

// One `node bin/director.js <args>`, under /usr/bin/time when it exists. Throws on a non-zero exit.
async function runOnce(
  args: string[],
  childEnv: NodeJS.ProcessEnv,
): Promise<{ wallMs: number; peakRssMb: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-bench-cli-'));
  try {
    const timeFile = path.join(dir, 'time');
    const timed = existsSync(TIME);
    const [file, argv] = timed
      ? [TIME, ['-f', '%M', '-o', timeFile, process.execPath, BIN, ...args]]
      : [process.execPath, [BIN, ...args]];
    const started = performance.now();
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve, reject) => {
      const child = spawn(file, argv, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('error', reject);
      child.once('close', (exit) => resolve({ code: exit ?? 1, output: text }));
    });
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`director ${args.join(' ')} exited with ${code}:\n${output}`);
    const peakRssMb = timed
      ? Number((await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)) / 1024
      : NaN;
    return { wallMs, peakRssMb };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
