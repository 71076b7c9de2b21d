import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import { drawProduct } from '../helpers/drawn-images';
import { useTemporal } from '../helpers/temporal';
import { assertExit, runCli } from '../cli/cli-process';

const temporal = useTemporal();
const folders: string[] = [];
after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

/** A user's folder with a photo, a store folder of its own, and the CLI's environment for both. */
async function setUp() {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'director-catalog-args-'));
  folders.push(folder);
  const photo = await drawProduct('tote');
  const dataDir = path.join(folder, 'store');
  return { folder, photo, dataDir, env: { DIRECTOR_DATA_DIR: dataDir } };
}

describe('director run catalog: refused before any work', () => {
  it('refuses a malformed manifest at once, naming file, line and column, and starts and uploads nothing', async () => {
    const { folder, photo, dataDir, env } = await setUp();
    const manifest = path.join(folder, 'products.csv');
    await writeFile(manifest, `sku,image\nA1,${photo}\nA2,shirt"2.jpg\nA3,${photo}\n`);
    const id = `catalog-malformed-${randomUUID()}`;
    const run = await runCli(['run', 'catalog', '--manifest', manifest, '--id', id], {
      address: temporal().address,
      env,
    });
    assertExit(run, 2);
    assert.match(
      run.stderr,
      /products\.csv line 3, column 9: a quote inside an unquoted cell \(quote the whole cell\)/,
    );
    await assert.rejects(temporal().client.workflow.getHandle(id).describe(), WorkflowNotFoundError);
    const listed = [];
    for await (const info of temporal().client.workflow.list({ query: `WorkflowId = '${id}'` }))
      listed.push(info.workflowId);
    assert.deepEqual(listed, [], 'no workflow started');
    assert.deepEqual(await readdir(dataDir).catch(() => []), [], 'nothing uploaded');

    const jsonl = path.join(folder, 'products.jsonl');
    await writeFile(jsonl, `{"sku":"A1","image":"${photo}"}\n{"sku":"A2","image":}\n`);
    const broken = await runCli(['run', 'catalog', '--manifest', jsonl, '--json'], { env });
    assertExit(broken, 2);
    const document = JSON.parse(broken.stdout) as { error: { kind: string; message: string } };
    assert.equal(document.error.kind, 'usage');
    assert.match(document.error.message, /products\.jsonl line 2, column \d+: not valid JSON/);
  });

  it('names the path of a missing manifest and refuses a file that is neither CSV nor JSONL', async () => {
    const { folder, env } = await setUp();
    const missing = path.join(folder, 'no-such.csv');
    const run = await runCli(['run', 'catalog', '--manifest', missing], { env });
    assertExit(run, 2);
    assert.ok(run.stderr.includes(`--manifest ${missing}: cannot read it (no such file)`), run.stderr);
    const text = path.join(folder, 'products.txt');
    await writeFile(text, 'sku,image\n');
    const wrong = await runCli(['run', 'catalog', '--manifest', text], { env });
    assertExit(wrong, 2);
    assert.match(wrong.stderr, /--manifest \S+products\.txt: a manifest must be a \.csv or \.jsonl file/);
    const none = await runCli(['run', 'catalog'], { env });
    assertExit(none, 2);
    assert.match(none.stderr, /--manifest <file> is required/);
  });

  it('refuses bad settings, naming the flag and the value, before reading the manifest', async () => {
    const { folder, env } = await setUp();
    const manifest = path.join(folder, 'not-read.csv'); // never read: the flags fail first
    const cases: [string[], RegExp][] = [
      [['--window', '0'], /--window must be a whole number from 1 to 64 \(got "0"\)/],
      [['--window', 'ten'], /--window must be a whole number from 1 to 64 \(got "ten"\)/],
      [['--segment-lines', '1'], /--segment-lines must be a whole number from 2 to 5000 \(got "1"\)/],
      [
        ['--max-failure-ratio', '1.5'],
        /--max-failure-ratio must be a number from 0 to 1, e\.g\. 0\.1 \(got "1\.5"\)/,
      ],
      [['--style', 'neon'], /argument 'neon' is invalid/],
      [['--title', ''], /--title: /],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(['run', 'catalog', '--manifest', manifest, ...flags], { env });
      assertExit(run, 2);
      assert.match(run.stderr, message, flags.join(' '));
    }
  });
});
