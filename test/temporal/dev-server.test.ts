import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES } from '../../src/shared/names';
import { startDevServer, uiRunUrl, type DevServer } from '../../src/temporal/dev-server';
import { findFreePort } from '../../src/temporal/ports';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';
import { processAlive } from '../../src/cluster/processes';

const tempDirs: string[] = [];
after(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `director-${name}-`));
  tempDirs.push(dir);
  return dir;
}

const posixOnly = process.platform === 'win32' ? 'uses POSIX signals and shell scripts' : false;

async function searchAttributes(server: DevServer): Promise<Record<string, number>> {
  const connection = await Connection.connect({ address: server.address });
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace: server.namespace });
    return { ...listed.customAttributes };
  } finally {
    await connection.close();
  }
}

const expectedAttributes = Object.fromEntries(
  Object.values(SEARCH_ATTRIBUTES).map(({ name, type }) => [
    name,
    encodeSearchAttributeIndexedValueType(type === 'Int' ? 'INT' : 'KEYWORD'),
  ]),
);

describe('the Temporal dev server', { skip: posixOnly }, () => {
  it('starts with the project search attributes, serves the Web UI, and stops for good', async () => {
    const cli = await resolveTemporalCli({ log: (message) => console.log(`[resolve] ${message}`) });
    const stateDir = await tempDir('dev-server');
    const port = await findFreePort();
    const uiPort = await findFreePort([port]);
    const server = await startDevServer({ cliPath: cli.path, stateDir, port, uiPort });
    try {
      assert.equal(server.address, `127.0.0.1:${port}`);
      assert.equal(server.uiUrl, `http://127.0.0.1:${uiPort}`);
      const attributes = await searchAttributes(server);
      for (const [name, type] of Object.entries(expectedAttributes))
        assert.equal(attributes[name], type, name);
      const ui = await fetch(server.uiUrl);
      assert.equal(ui.status, 200);
    } finally {
      await server.stop();
    }
    assert.equal(processAlive(server.pid), false);
    await server.stop();
  });

  it('registers a search attribute that an existing state file lacks', async () => {
    const cli = await resolveTemporalCli();
    const stateDir = await tempDir('dev-server');
    const first = await startDevServer({ cliPath: cli.path, stateDir, port: await findFreePort() });
    try {
      const connection = await Connection.connect({ address: first.address });
      await connection.operatorService.removeSearchAttributes({
        namespace: first.namespace,
        searchAttributes: [SEARCH_ATTRIBUTES.stage.name],
      });
      await connection.close();
    } finally {
      await first.stop();
    }
    const second = await startDevServer({ cliPath: cli.path, stateDir, port: await findFreePort() });
    try {
      const attributes = await searchAttributes(second);
      assert.equal(
        attributes[SEARCH_ATTRIBUTES.stage.name],
        expectedAttributes[SEARCH_ATTRIBUTES.stage.name],
      );
    } finally {
      await second.stop();
    }
  });

  it('fails with the tail of the server log when the server exits during start-up', async () => {
    const dir = await tempDir('dev-server');
    const cliPath = path.join(dir, 'temporal');
    await writeFile(
      cliPath,
      '#!/bin/sh\necho "database is locked: cannot open temporal.sqlite" >&2\nexit 7\n',
      {
        mode: 0o755,
      },
    );
    await assert.rejects(
      startDevServer({ cliPath, stateDir: dir, port: await findFreePort() }),
      (error: Error) => /exited with code 7/.test(error.message) && /database is locked/.test(error.message),
    );
  });

  it('refuses a gRPC port that is already taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const stateDir = await tempDir('dev-server');
      await assert.rejects(
        startDevServer({ cliPath: '/nonexistent/temporal', stateDir, port }),
        new RegExp(`port ${port} .* already in use`),
      );
    } finally {
      blocker.close();
    }
  });
});

describe('uiRunUrl', () => {
  it('links to the history page of one run, escaping the workflow id', () => {
    assert.equal(
      uiRunUrl('http://127.0.0.1:8233/', 'default', 'creative/brand a', 'run-1'),
      'http://127.0.0.1:8233/namespaces/default/workflows/creative%2Fbrand%20a/run-1/history',
    );
  });
});
