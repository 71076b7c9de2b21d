import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { drawSampleProduct } from '../../src/samples/sample-product';
import type { EcommerceResult } from '../../src/shared/ecommerce';
import { runKeyOf } from '../../src/shared/run-key';
import { startCli } from '../cli/cli-process';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-fetch-'));
  dirs.push(dir);
  return dir;
}

describe('director fetch on the local store', () => {
  it("copies a finished run's outputs from the output folder, and says so when there are none", async () => {
    const deps = await tempDeps();
    try {
      const productImage = path.join(await tempDir(), 'tote.png');
      await writeFile(productImage, await drawSampleProduct('tote'));
      const run = await runWorkflow<EcommerceResult>(temporal(), deps, 'ecommerceDirector', { productImage });
      assert.ok(run.result, `run failed: ${String(run.error)}`);
      const env = {
        DIRECTOR_OUTPUT_DIR: deps.outputDir,
        DIRECTOR_DATA_DIR: deps.dataDir,
        DIRECTOR_STORE: '',
      };
      const to = await tempDir();
      const fetched = await startCli(['fetch', run.handle.workflowId, '--to', to], {
        address: temporal().address,
        env,
      }).result;
      assert.equal(fetched.code, 0, fetched.stderr);
      assert.match(fetched.stdout, /fetched \d+ file\(s\)/);
      const [published] = run.result.files;
      assert.ok(published);
      assert.deepEqual(
        await readFile(path.join(to, published.name)),
        await readFile(published.path),
        'the fetched image is the published one',
      );

      await rm(path.join(deps.outputDir, runKeyOf(run.handle.workflowId)), { recursive: true });
      const none = await startCli(['fetch', run.handle.workflowId, '--to', to], {
        address: temporal().address,
        env,
      }).result;
      assert.equal(none.code, 2, none.stdout);
      assert.match(none.stdout, /has no outputs to fetch: nothing is published under/);
    } finally {
      await deps.dispose();
    }
  });
});
