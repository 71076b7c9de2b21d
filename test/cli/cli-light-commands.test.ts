import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../helpers/free-port';

// The client commands talk to Temporal and print; they must not load what only a worker needs.

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const RECORDER = path.join(__dirname, 'record-loaded-packages.ts');
/** Packages only a worker needs: Temporal's native core and bundler, the image library, the Gemini SDK. */
const WORKER_ONLY = ['@temporalio/worker', '@temporalio/core-bridge', 'webpack', 'sharp', '@google/genai'];
/** The schema library: only a command that checks input or settings needs it (`run`, `config`, …). */
const INPUT_CHECKS_ONLY = ['zod'];

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Runs `director <args>` with the recorder preloaded; resolves to its exit code and the packages it loaded. */
async function loadedBy(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; packages: string[]; output: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-loaded-'));
  dirs.push(dir);
  const record = path.join(dir, 'packages.json');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', RECORDER, 'src/client.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DIRECTOR_TEST_LOADED_PACKAGES: record, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exit) => resolve(exit ?? 1));
  });
  const packages = JSON.parse(await readFile(record, 'utf8')) as string[];
  return { code, packages, output };
}

function assertNoWorkerPackages(
  run: { packages: string[]; output: string },
  command: string,
  needless: string[] = WORKER_ONLY,
): void {
  const loaded = needless.filter((name) => run.packages.includes(name));
  assert.deepEqual(loaded, [], `\`director ${command}\` loaded ${loaded.join(', ')}\n${run.output}`);
  assert.ok(run.packages.includes('commander'), 'the recorder saw the CLI load its own packages');
}

describe('director client commands', () => {
  it('print their help without loading the worker, sharp or the Gemini SDK', async () => {
    const help = await loadedBy(['--help']);
    assert.equal(help.code, 0, help.output);
    assertNoWorkerPackages(help, '--help');
  });

  it('print their help without loading the schema library', async () => {
    const help = await loadedBy(['--help']);
    assert.equal(help.code, 0, help.output);
    assertNoWorkerPackages(help, '--help', INPUT_CHECKS_ONLY);
  });

  it('talk to the server without loading the worker, sharp or the Gemini SDK', async () => {
    const address = `127.0.0.1:${await freePort()}`; // nothing listens: each ends with exit 3
    const env = { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default' };
    const commands = [
      ['status', 'ecommerce-x'],
      ['list', '--json'],
      ['watch', 'ecommerce-x'],
      ['cancel', 'ecommerce-x'],
      ['history', 'ecommerce-x'],
      ['pause', 'catalog-x'],
      ['resume', 'catalog-x'],
    ];
    // Side by side: each waits out its connection timeout.
    const runs = await Promise.all(commands.map((args) => loadedBy(args, env)));
    runs.forEach((run, i) => {
      const command = commands[i]?.join(' ') ?? '';
      assert.equal(run.code, 3, `director ${command}: ${run.output}`);
      assertNoWorkerPackages(run, command);
      // None of them checks input: reading Temporal's settings and the run needs no schema library.
      assertNoWorkerPackages(run, command, INPUT_CHECKS_ONLY);
    });
  });

  it('check a run request and show the configuration without building a model', async () => {
    const bad = await loadedBy(['run', 'ecommerce', '--image', 'x.png', '--canvas', '5']);
    assert.equal(bad.code, 2, bad.output);
    assertNoWorkerPackages(bad, 'run ecommerce');
    const config = await loadedBy(['config', '--json'], {
      GEMINI_API_KEY: 'AIzaFAKE-key-0000',
      DIRECTOR_MODEL: '',
    });
    assert.equal(config.code, 0, config.output);
    assert.match(config.output, /"kind": "gemini"/);
    assertNoWorkerPackages(config, 'config');
  });

  it('load the worker in the commands that run one (the recorder sees it)', async () => {
    const worker = await loadedBy(['worker'], { DIRECTOR_LOG_FORMAT: 'yaml' }); // refused before connecting
    assert.equal(worker.code, 1, worker.output);
    assert.match(worker.output, /DIRECTOR_LOG_FORMAT/);
    assert.ok(worker.packages.includes('@temporalio/worker'), worker.packages.join(', '));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-loaded-'));
    dirs.push(dir);
    const file = path.join(dir, 'not-a-history.json');
    await writeFile(file, '{"hello":"world"}');
    const replay = await loadedBy(['replay', file]);
    assert.equal(replay.code, 2, replay.output);
    assert.ok(replay.packages.includes('@temporalio/worker'), replay.packages.join(', '));
  });
});
