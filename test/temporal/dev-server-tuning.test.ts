import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  REQUIRED_DYNAMIC_CONFIG,
  startDevServer,
  TUNED_DYNAMIC_CONFIG,
  TUNED_SQLITE_PRAGMAS,
  type DevServer,
  type DevServerOptions,
} from '../../src/temporal/dev-server';
import { findFreePort } from '../../src/temporal/ports';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';

const tempDirs: string[] = [];
after(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The dev server process's own command line: from /proc on Linux, else the header our log line wrote. */
async function commandLine(pid: number, logFile: string): Promise<string> {
  if (process.platform === 'linux')
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  return (await readFile(logFile, 'utf8')).split('\n').find((line) => line.startsWith('--- ')) ?? '';
}

/** A dev server as the project starts it (plus `options`), its state in a fresh temp folder `prefix…`. */
async function startServerIn(
  prefix: string,
  options: Partial<DevServerOptions> = {},
): Promise<{ server: DevServer; stateDir: string }> {
  const cli = await resolveTemporalCli({ log: (message) => console.log(`[resolve] ${message}`) });
  const stateDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(stateDir);
  const port = await findFreePort();
  const uiPort = await findFreePort([port]);
  const server = await startDevServer({ cliPath: cli.path, stateDir, port, uiPort, ...options });
  return { server, stateDir };
}

describe('the dev server the project starts', { skip: process.platform === 'win32' }, () => {
  it('runs the tuned queue readers, not Temporal’s 20 loads per second', async () => {
    assert.deepEqual(TUNED_DYNAMIC_CONFIG, {
      'history.transferProcessorMaxPollRPS': 1000,
      'history.timerProcessorMaxPollRPS': 1000,
    });
    const { server } = await startServerIn('director-tuned-');
    try {
      const line = await commandLine(server.pid, server.logFile);
      for (const [key, value] of Object.entries({ ...TUNED_DYNAMIC_CONFIG, ...REQUIRED_DYNAMIC_CONFIG }))
        assert.ok(line.includes(`--dynamic-config-value ${key}=${value}`), `${key} missing from: ${line}`);
    } finally {
      await server.stop();
    }
  });

  it('keeps its database in write-ahead-log mode, each commit flushed', async () => {
    assert.deepEqual(TUNED_SQLITE_PRAGMAS, { journal_mode: 'wal', synchronous: 'full' });
    const { server, stateDir } = await startServerIn('director-wal-');
    try {
      const line = await commandLine(server.pid, server.logFile);
      for (const [name, value] of Object.entries(TUNED_SQLITE_PRAGMAS))
        assert.ok(line.includes(`--sqlite-pragma ${name}=${value}`), `${name} missing from: ${line}`);
      // SQLite keeps the log beside the database while it is open in WAL mode (never in its default mode).
      await access(path.join(stateDir, 'temporal.sqlite-wal'));
    } finally {
      await server.stop();
    }
  });

  it('runs on Temporal’s defaults when asked (the bench’s comparison)', async () => {
    const { server } = await startServerIn('director-untuned-', { dynamicConfig: {}, sqlitePragmas: {} });
    try {
      const line = await commandLine(server.pid, server.logFile);
      assert.doesNotMatch(line, /--dynamic-config-value/);
      assert.doesNotMatch(line, /--sqlite-pragma/);
    } finally {
      await server.stop();
    }
  });
});
